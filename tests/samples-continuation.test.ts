/**
 * The sample year 2024 continues 2023 (samples/generator/continuation.ts): deterministic, the
 * same staff and experiencers, tickets and calls across the year end repeated exactly, nothing
 * new dated before 2024 — and 2023's own output unchanged by it. The files are read back
 * through the source contracts (tests/support/read-exports.ts), independently of the engine.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { generateSamples } from '../samples/generate.js';
import type { FileReport, GenerateResult } from '../samples/generate.js';
import { sidecarPath } from '../samples/generator/index.js';
import type { ParsedRow } from '../src/sources/define.js';
import { sourcesByFileName } from '../src/sources/file-patterns.js';
import { readCsv, readXlsx } from './support/read-exports.js';

const PUBLISHED = fileURLToPath(new URL('../reference/published/2023.json', import.meta.url));
/**
 * The files of the small 2023 samples of seed 1, as the generator wrote them before the year
 * 2024 existed: a digest of their paths and SHA-256 (see digest below), and of the manifest.
 */
const SMALL_2023_SEED_1 = { files: '72bb83c31edb6e8f1ba71dc47c52722fc273b48115ca436a855d1e5e4085256c', manifest: 'f236b89548f6733a5cbbdedb607cda9a238756870118fe85a170bf1533ecfede' };

const FILES_2024 = [
  'UE189/UE189体验任务清单_2024.csv',
  'UE189/UE189体验员名单_2024-12-31.csv',
  '人力资源部/2024年员工花名册.xlsx',
  '人力资源部/2024年培训台账.xlsx',
  '人力资源部/轻学堂学习记录_2024.csv',
  '信息化部/网信安全运营记录_2024.xlsx',
  '客服热线/10005热线工单明细_2024.csv',
  '工会/2024年志愿服务记录.xlsx',
  '满意度/2024年满意度测评样本.csv',
  '综合部/2024年安全生产台账.xlsx',
  '综合部/2024年活动台账.xlsx',
  '综合部/2024年用电台账.xlsx',
  '话务中心/话务明细_2024.csv',
  '财务部/2024年合同台账.xlsx',
  ...Array.from({ length: 12 }, (_, m) => `质量管理部/工单审核/工单审核_2024-${String(m + 1).padStart(2, '0')}.xlsx`),
  '运营支撑部/2024年自助服务日报.csv',
];

/** The column that dates a row, per source that is not a snapshot (training_attendance: its session's). */
const DATED: Record<string, string> = {
  hotline_tickets: 'created_at', call_records: 'start_time', satisfaction_samples: 'survey_date', ticket_audits: 'audit_date',
  self_service_daily: 'day', elearning_records: 'study_date', activities: 'activity_date', volunteer_service: 'service_date',
  safety_register: 'found_date', security_ops: 'record_date', energy: 'month', contracts: 'signed_date', experience_tasks: 'launched',
  training_sessions: 'start_date',
};
const SNAPSHOTS = ['hr_roster', 'experiencers'];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

/** One digest of every file's path and SHA-256, and the manifest's SHA-256. */
async function digest(dir: string): Promise<{ files: string; manifest: string }> {
  const lines: string[] = [];
  for (const f of await listFiles(dir)) lines.push(`${f} ${createHash('sha256').update(await readFile(join(dir, f))).digest('hex')}`);
  const manifest = createHash('sha256').update(await readFile(sidecarPath(dir, 'manifest'))).digest('hex');
  return { files: createHash('sha256').update(lines.join('\n')).digest('hex'), manifest };
}

/** Every row read back through the contracts, by source, then by its natural key (the first copy by path and row). */
async function readBack(dir: string, files: readonly FileReport[]): Promise<Map<string, Map<string, ParsedRow>>> {
  const bySource = new Map<string, Map<string, ParsedRow>>(sources.map((s) => [s.id, new Map()]));
  const ordered = [...files].sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)));
  for (const f of ordered) {
    const source = sources.find((s) => s.id === f.source)!;
    const keys = source.columns.filter((c) => c.key).map((c) => c.name);
    const path = join(dir, f.file);
    const read = f.file.endsWith('.xlsx') ? await readXlsx(path, source) : await readCsv(path, source);
    const rows = bySource.get(source.id)!;
    for (const row of read.rows) {
      const key = JSON.stringify(keys.map((k) => row[k]));
      if (!rows.has(key)) rows.set(key, row);
    }
  }
  return bySource;
}

const text = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : String(v));

const dirs: string[] = [];
const tempDir = async (name: string) => {
  const d = await mkdtemp(join(tmpdir(), `samples-${name}-`));
  dirs.push(d);
  return d;
};

let y2023: GenerateResult;
let y2024: GenerateResult;
let dir2023: string;
let dir2024: string;
let again2024: string;
let again2023: string;
let seed1: string;
let rows2023: Map<string, Map<string, ParsedRow>>;
let rows2024: Map<string, Map<string, ParsedRow>>;

beforeAll(async () => {
  [dir2023, dir2024, again2024, again2023, seed1] = await Promise.all(['2023', '2024', '2024-again', '2023-again', '2023-seed-1'].map(tempDir));
  y2023 = await generateSamples({ outDir: dir2023, scale: 'small', seed: 11, published: PUBLISHED });
  y2024 = await generateSamples({ outDir: dir2024, scale: 'small', seed: 11, year: 2024, published: PUBLISHED });
  await generateSamples({ outDir: again2024, scale: 'small', seed: 11, year: 2024, published: PUBLISHED });
  await generateSamples({ outDir: again2023, scale: 'small', seed: 11, published: PUBLISHED });
  await generateSamples({ outDir: seed1, scale: 'small', seed: 1, published: PUBLISHED });
  rows2023 = await readBack(dir2023, y2023.files);
  rows2024 = await readBack(dir2024, y2024.files);
}, 120_000);

afterAll(async () => {
  for (const d of dirs) {
    await rm(d, { recursive: true, force: true });
    for (const n of ['targets', 'manifest'] as const) await rm(sidecarPath(d, n), { force: true });
  }
});

describe('the sample year 2024, continuing 2023 (small scale)', () => {
  it('writes every source for 2024 under names that state 2024, with no targets: nothing is published for 2024', async () => {
    expect(await listFiles(dir2024)).toEqual([...FILES_2024].sort());
    expect(new Set(y2024.files.map((f) => f.source))).toEqual(new Set(sources.map((s) => s.id)));
    for (const file of new Set(y2024.files.map((f) => f.file))) {
      expect(sourcesByFileName(file, sources).map((s) => s.id).sort(), file).toEqual(y2024.files.filter((f) => f.file === file).map((f) => f.source).sort());
    }
    expect(existsSync(fileURLToPath(new URL('../reference/published/2024.json', import.meta.url)))).toBe(false);
    expect(existsSync(sidecarPath(dir2024, 'targets'))).toBe(false);
    expect(y2024.targets.figures).toEqual({});
    const manifest = JSON.parse(await readFile(sidecarPath(dir2024, 'manifest'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ year: 2024, scale: 'small', seed: 11, continues: 2023, published: null, selfCheck: { ok: true, checks: [] } });
  });

  it('is deterministic: the same seed gives byte-identical files and manifest', async () => {
    expect(await digest(again2024)).toEqual(await digest(dir2024));
  });

  it("leaves 2023's output as it was: the same bytes as before 2024 existed, and after generating 2024", async () => {
    expect(await digest(seed1)).toEqual(SMALL_2023_SEED_1);
    expect(await digest(again2023)).toEqual(await digest(dir2023));
  });

  it('loads every row it promises: the manifest balances when the files are read back', async () => {
    for (const f of y2024.files) {
      const source = sources.find((s) => s.id === f.source)!;
      const path = join(dir2024, f.file);
      const r = f.file.endsWith('.xlsx') ? await readXlsx(path, source) : await readCsv(path, source);
      expect([f.file, f.sheet, r.read, r.rejected, r.blank, r.summary], f.file).toEqual([f.file, f.sheet, f.rowsRead, f.expectedRejected, f.expectedSkipped.blank, f.expectedSkipped.summary]);
    }
  });

  it('keeps the staff: everyone employed on 2024-01-01 is on the 2024 roster with the same id, name, department and hire date', () => {
    const before = [...rows2023.get('hr_roster')!.values()];
    const after = rows2024.get('hr_roster')!;
    const staying = before.filter((e) => e.leave_date === null || text(e.leave_date) >= '2024-01-01');
    const gone = before.filter((e) => !staying.includes(e));
    expect(staying.length).toBeGreaterThan(50);
    for (const e of staying) {
      const now = after.get(JSON.stringify([e.employee_id]));
      expect(now, String(e.employee_id)).toBeDefined();
      for (const column of ['name', 'department', 'gender', 'employment_type', 'hire_date', 'contract_signed']) expect(now![column], `${String(e.employee_id)} ${column}`).toEqual(e[column]);
    }
    // Who left before 2024 is not on it; who joined in 2024 has an id no one had in 2023.
    for (const e of gone) expect(after.has(JSON.stringify([e.employee_id]))).toBe(false);
    const hired = [...after.values()].filter((e) => !rows2023.get('hr_roster')!.has(JSON.stringify([e.employee_id])));
    expect(hired.length).toBeGreaterThan(0);
    for (const e of hired) expect(text(e.hire_date) >= '2024-01-01', String(e.employee_id)).toBe(true);
    // Some leave during 2024 (one on its last day), so the roster as of 2024-12-31 differs from 2023's.
    expect([...after.values()].filter((e) => e.leave_date !== null && text(e.leave_date).startsWith('2024')).length).toBeGreaterThan(1);
  });

  it('keeps the experiencers: every one of 2023 with the same joining date, new ones numbered after them', () => {
    const before = rows2023.get('experiencers')!;
    const after = rows2024.get('experiencers')!;
    for (const [key, e] of before) {
      expect(after.get(key)?.joined, key).toEqual(e.joined);
      if (e.left !== null) expect(after.get(key)?.left, key).toEqual(e.left); // who left stays gone
    }
    const unchanged = [...before].filter(([key, e]) => JSON.stringify(after.get(key)) === JSON.stringify(e));
    expect(unchanged.length).toBeGreaterThan(before.size * 0.8);
    const joined = [...after.keys()].filter((k) => !before.has(k));
    expect(joined.length).toBeGreaterThan(0);
    for (const k of joined) expect(text(after.get(k)!.joined) >= '2024-01-01', k).toBe(true);
  });

  it('repeats rows across the year end exactly: a key in both years has the same values in both', () => {
    for (const source of sources.filter((s) => !SNAPSHOTS.includes(s.id))) {
      const before = rows2023.get(source.id)!;
      const differing = [...rows2024.get(source.id)!].filter(([key, row]) => before.has(key) && JSON.stringify(before.get(key)) !== JSON.stringify(row));
      expect(differing.map(([key]) => key).slice(0, 5), source.id).toEqual([]);
    }
    // The overlap is there: 2023's tickets closed in 2024 open the 2024 ticket file, the last calls of 2023-12-31 the call file.
    const shared = (id: string) => [...rows2024.get(id)!].filter(([key]) => rows2023.get(id)!.has(key)).map(([, row]) => row);
    const tickets = shared('hotline_tickets');
    expect(tickets.length).toBeGreaterThan(0);
    for (const t of tickets) {
      expect(text(t.created_at) < '2024-01-01').toBe(true);
      expect(text(t.closed_at) >= '2024-01-01').toBe(true);
    }
    const calls = shared('call_records');
    expect(calls.length).toBeGreaterThan(0);
    for (const c of calls) expect(text(c.start_time).startsWith('2023-12-31')).toBe(true);
    expect(shared('self_service_daily').length).toBe(31 * 3); // December 2023, three services
    expect(shared('energy').length).toBe(12 * 3); // the months of 2023, three buildings
  });

  it('adds nothing new dated before 2024, so loading 2024 never changes a figure of 2023', () => {
    for (const [id, column] of Object.entries(DATED)) {
      const before = rows2023.get(id)!;
      const early = [...rows2024.get(id)!].filter(([key, row]) => text(row[column]) < '2024-01-01' && !before.has(key));
      expect(early.map(([key]) => key).slice(0, 5), id).toEqual([]);
    }
    const sessions = rows2024.get('training_sessions')!;
    for (const a of rows2024.get('training_attendance')!.values()) {
      const session = sessions.get(JSON.stringify([a.session_id]));
      expect(session, String(a.session_id)).toBeDefined();
    }
  });

  it("repeats the rows 2023's registers already held for dates in 2024 (as they were), and numbers its own around them", () => {
    for (const [id, column] of Object.entries(DATED)) {
      const later = [...rows2023.get(id)!].filter(([, row]) => text(row[column]) >= '2024-01-01');
      for (const [key] of later) expect(rows2024.get(id)!.has(key), `${id} ${key}`).toBe(true);
    }
    for (const id of ['activities', 'safety_register', 'training_sessions', 'experience_tasks', 'satisfaction_samples']) {
      expect([...rows2023.get(id)!.values()].some((row) => text(row[DATED[id]]) >= '2024-01-01'), id).toBe(true);
    }
  });
});
