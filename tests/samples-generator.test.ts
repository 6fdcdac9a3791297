/**
 * The sample generator: deterministic, complete, and its data reproduces the targets — both by
 * its own self-check and when the written files are read back through the source contracts.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotlineTickets } from '../pipelines/hotline-tickets.js';
import { hrRoster } from '../pipelines/hr-roster.js';
import { satisfactionSamples } from '../pipelines/satisfaction-samples.js';
import { trainingAttendance, trainingSessions } from '../pipelines/training.js';
import type { ParsedRow, SourceDefinition } from '../pipelines/define.js';
import { buildData, generateSamples, selfCheck } from '../samples/generate.js';
import { sidecarPath } from '../samples/generator/index.js';
import type { GenerateResult } from '../samples/generate.js';
import { checkFigures, computeFigures } from '../samples/generator/self-check.js';
import type { AttendanceRecord, RosterRecord, SampleRecord, SessionRecord, TicketRecord } from '../samples/generator/self-check.js';
import { CORE_FIGURES, buildTargets, loadPublished } from '../samples/generator/targets.js';
import type { Published } from '../samples/generator/targets.js';
import { isEmptyCell, normaliseText } from '../src/transform/cells.js';
import type { RawCell } from '../src/transform/cells.js';

const PUBLISHED = fileURLToPath(new URL('../samples/published/2023.json', import.meta.url));
const DATA_FILES = [
  '人力资源部/2023年员工花名册.xlsx',
  '人力资源部/2023年培训台账.xlsx',
  '客服热线/10005热线工单明细_2022.csv',
  '客服热线/10005热线工单明细_2023.csv',
  '满意度/2023年满意度测评样本.csv',
];

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await listFiles(dir)) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

let dirA: string;
let dirB: string;
let result: GenerateResult;

beforeAll(async () => {
  dirA = await mkdtemp(join(tmpdir(), 'samples-a-'));
  dirB = await mkdtemp(join(tmpdir(), 'samples-b-'));
  result = await generateSamples({ outDir: dirA, scale: 'small', seed: 11, published: PUBLISHED });
  await generateSamples({ outDir: dirB, scale: 'small', seed: 11, published: PUBLISHED });
});

afterAll(async () => {
  for (const d of [dirA, dirB]) {
    await rm(d, { recursive: true, force: true });
    for (const n of ['targets', 'manifest'] as const) await rm(sidecarPath(d, n), { force: true });
  }
});

describe('sample generator (small scale)', () => {
  it('writes every export into the folder, and targets and manifest beside it', async () => {
    expect(await listFiles(dirA)).toEqual([...DATA_FILES].sort());
    expect(existsSync(sidecarPath(dirA, 'targets'))).toBe(true);
    expect(existsSync(sidecarPath(dirA, 'manifest'))).toBe(true);
  });

  it('is deterministic: the same seed gives byte-identical files', async () => {
    const a = await hashes(dirA);
    expect(Object.keys(a)).toHaveLength(DATA_FILES.length);
    expect(await hashes(dirB)).toEqual(a);
  });

  it('writes the core targets in the shape of the published file', async () => {
    const targets = JSON.parse(await readFile(sidecarPath(dirA, 'targets'), 'utf8')) as Published;
    expect(targets.year).toBe(2023);
    expect(typeof targets.document).toBe('string');
    expect(Object.keys(targets.figures).sort()).toEqual([...CORE_FIGURES].sort());
    expect(Object.keys(targets.figures)).toHaveLength(24);
    for (const fig of Object.values(targets.figures)) {
      expect(Object.keys(fig).sort()).toEqual(['comparator', 'precision', 'statement', 'unit', 'value']);
    }
    // Rates stay as published; volumes are divided by 100 into base units.
    const published = await loadPublished(PUBLISHED);
    expect(targets.figures['hotline.on_time_rate']).toEqual(published.figures['hotline.on_time_rate']);
    expect(targets.figures['survey.success_samples']).toMatchObject({ value: 5000, unit: '条', precision: 0 });
  });

  it('passes its self-check', () => {
    const misses = result.check.checks.filter((c) => !c.ok);
    expect(misses).toEqual([]);
    expect(result.check.ok).toBe(true);
  });

  it('reproduces the targets for other seeds too', async () => {
    const targets = buildTargets(await loadPublished(PUBLISHED), 'small', 2023);
    for (const seed of [1, 2, 3, 42]) {
      const check = selfCheck(buildData(targets, 'small', seed, 2023), targets);
      expect(check.checks.filter((c) => !c.ok), `seed ${seed}`).toEqual([]);
    }
  });

  it('reproduces the targets when the files are read back through the source contracts', async () => {
    const targets = JSON.parse(await readFile(sidecarPath(dirA, 'targets'), 'utf8')) as Published;
    const roster = await readXlsx(join(dirA, DATA_FILES[0]), hrRoster);
    const sessions = await readXlsx(join(dirA, DATA_FILES[1]), trainingSessions);
    const attendance = await readXlsx(join(dirA, DATA_FILES[1]), trainingAttendance);
    const ticketsPrev = await readCsv(join(dirA, DATA_FILES[2]), hotlineTickets, 'gb18030');
    const ticketsCur = await readCsv(join(dirA, DATA_FILES[3]), hotlineTickets, 'gb18030');
    const samples = await readCsv(join(dirA, DATA_FILES[4]), satisfactionSamples, 'utf8');

    // Exact duplicates across the two hotline files are kept once; a conflicting one is a bug.
    const tickets = new Map<string, string>();
    let duplicates = 0;
    for (const row of [...ticketsPrev.rows, ...ticketsCur.rows]) {
      const id = String(row.ticket_id);
      const text = JSON.stringify(row);
      if (tickets.has(id)) {
        expect(tickets.get(id), `ticket ${id} appears twice with different values`).toBe(text);
        duplicates++;
      } else tickets.set(id, text);
    }

    const values = computeFigures(
      {
        roster: roster.rows as unknown as RosterRecord[],
        sessions: sessions.rows as unknown as SessionRecord[],
        attendance: attendance.rows as unknown as AttendanceRecord[],
        tickets: [...tickets.values()].map((t) => JSON.parse(t) as TicketRecord),
        samples: samples.rows as unknown as SampleRecord[],
      },
      2023,
    );
    expect(checkFigures(values, targets).checks.filter((c) => !c.ok)).toEqual([]);

    // The counts the manifest promises the engine.
    const expected = result.files;
    const actual = [roster, sessions, attendance, ticketsPrev, ticketsCur, samples];
    expect(actual.map((a) => [a.read, a.rejected, a.blank, a.summary])).toEqual(
      expected.map((f) => [f.rowsRead, f.expectedRejected, f.expectedSkipped.blank, f.expectedSkipped.summary]),
    );
    expect(duplicates).toBe(expected[4].expectedSkipped.duplicate);
    expect(duplicates).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------
// A minimal reader that follows spec/sources.md, to check the files independently of the engine.

interface ReadResult {
  rows: ParsedRow[];
  read: number;
  rejected: number;
  blank: number;
  summary: number;
}

const norm = (s: string) => normaliseText(s).replace(/\s+/g, '').toLowerCase();
const ctx = { hashPhone: (digits: string) => createHash('sha256').update(digits).digest('hex') };

function readRows(source: SourceDefinition, rows: RawCell[][]): ReadResult {
  const lookup = new Map<string, (typeof source.columns)[number]>();
  for (const c of source.columns) for (const h of [c.header, ...(c.aliases ?? [])]) lookup.set(norm(h), c);
  const required = source.columns.filter((c) => !c.optional && c.emptyAs === undefined);
  const headerIndex = rows.slice(0, 20).findIndex((r) => {
    const found = new Set(r.map((v) => (typeof v === 'string' ? lookup.get(norm(v))?.name : undefined)));
    return required.every((c) => found.has(c.name));
  });
  if (headerIndex < 0) throw new Error(`no header for ${source.id}`);
  const columns = rows[headerIndex].map((v) => (typeof v === 'string' ? lookup.get(norm(v)) : undefined));
  const out: ReadResult = { rows: [], read: 0, rejected: 0, blank: 0, summary: 0 };
  for (const cells of rows.slice(headerIndex + 1)) {
    out.read++;
    const firstText = cells.find((v) => !isEmptyCell(v));
    if (firstText === undefined) {
      out.blank++;
      continue;
    }
    if (typeof firstText === 'string' && ['合计', '总计', '小计'].includes(norm(firstText))) {
      out.summary++;
      continue;
    }
    const row: ParsedRow = {};
    let ok = true;
    for (const col of source.columns) {
      const at = columns.indexOf(col);
      const raw = at < 0 ? null : cells[at];
      if (raw === undefined || isEmptyCell(raw)) {
        if (col.emptyAs !== undefined) row[col.name] = col.emptyAs;
        else if (col.optional) row[col.name] = null;
        else ok = false;
        continue;
      }
      const parsed = col.type.parse(raw as Exclude<RawCell, null | undefined>, ctx);
      if (parsed.ok) row[col.name] = parsed.value;
      else ok = false;
    }
    if (ok && (source.rules ?? []).some((r) => r.check(row) !== null)) ok = false;
    if (ok) out.rows.push(row);
    else out.rejected++;
  }
  return out;
}

async function readXlsx(path: string, source: SourceDefinition): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = source.sheets ? wb.worksheets.find((s) => source.sheets?.includes(s.name)) : wb.worksheets[0];
  if (!ws) throw new Error(`no sheet for ${source.id}`);
  const rows: RawCell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const values = ws.getRow(r).values as unknown[];
    rows.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => (values[i + 1] ?? null) as RawCell));
  }
  return readRows(source, rows);
}

async function readCsv(path: string, source: SourceDefinition, encoding: 'gb18030' | 'utf8'): Promise<ReadResult> {
  const bytes = await readFile(path);
  const text = encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = text.slice(0, text.indexOf('\n')).includes('\t') ? '\t' : ',';
  const rows = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  return readRows(source, rows);
}
