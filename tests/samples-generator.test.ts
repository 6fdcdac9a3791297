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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import type { ParsedRow } from '../src/sources/define.js';
import { buildData, generateSamples, selfCheck } from '../samples/generate.js';
import { sidecarPath } from '../samples/generator/index.js';
import type { FileReport, GenerateResult } from '../samples/generate.js';
import { checkFigures, computeFigures } from '../samples/generator/self-check.js';
import type { FigureInputs } from '../samples/generator/self-check.js';
import { buildTargets, loadPublished } from '../samples/generator/targets.js';
import { loadCatalog } from '../src/figures/catalog.js';
import type { Published } from '../samples/generator/targets.js';
import { sourcesByFileName } from '../src/sources/file-patterns.js';
import { readCsv, readXlsx, type ReadResult } from './support/read-exports.js';

const PUBLISHED = fileURLToPath(new URL('../reference/published/2023.json', import.meta.url));
const AUDIT_FILES = Array.from({ length: 12 }, (_, m) => `质量管理部/工单审核/工单审核_2023-${String(m + 1).padStart(2, '0')}.xlsx`);
const DATA_FILES = [
  'UE189/UE189体验任务清单_2023.csv',
  'UE189/UE189体验员名单_2023-12-31.csv',
  '人力资源部/2023年员工花名册.xlsx',
  '人力资源部/2023年培训台账.xlsx',
  '人力资源部/轻学堂学习记录_2023.csv',
  '信息化部/网信安全运营记录_2023.xlsx',
  '客服热线/10005热线工单明细_2022.csv',
  '客服热线/10005热线工单明细_2023.csv',
  '工会/2023年志愿服务记录.xlsx',
  '满意度/2023年满意度测评样本.csv',
  '综合部/2023年安全生产台账.xlsx',
  '综合部/2023年活动台账.xlsx',
  '综合部/2023年用电台账.xlsx',
  '话务中心/话务明细_2022.csv',
  '话务中心/话务明细_2023.csv',
  '财务部/2023年合同台账.xlsx',
  ...AUDIT_FILES,
  '运营支撑部/2023年自助服务日报.csv',
];
/** The warehouse tables the self-check reads, by its input name. */
const INPUTS: Record<keyof FigureInputs, string> = {
  roster: 'hr_roster', sessions: 'training_sessions', attendance: 'training_attendance', tickets: 'hotline_tickets',
  samples: 'satisfaction_samples', calls: 'call_records', audits: 'ticket_audits', selfService: 'self_service_daily',
  elearning: 'elearning_records', activities: 'activities', volunteers: 'volunteer_service', safety: 'safety_register',
  security: 'security_ops', energy: 'energy', contracts: 'contracts', tasks: 'experience_tasks', experiencers: 'experiencers',
};

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
  it('writes every export of the sixteen sources into the folder, and targets and manifest beside it', async () => {
    expect(await listFiles(dirA)).toEqual([...DATA_FILES].sort());
    expect(new Set(result.files.map((f) => f.source))).toEqual(new Set(sources.map((s) => s.id)));
    expect(existsSync(sidecarPath(dirA, 'targets'))).toBe(true);
    expect(existsSync(sidecarPath(dirA, 'manifest'))).toBe(true);
  });

  it("names each file so that it matches its own source's file pattern and no other", () => {
    for (const file of new Set(result.files.map((f) => f.file))) {
      const own = result.files.filter((f) => f.file === file).map((f) => f.source).sort();
      expect(sourcesByFileName(file, sources).map((s) => s.id).sort(), file).toEqual(own);
    }
  });

  it('is deterministic: the same seed gives byte-identical files', async () => {
    const a = await hashes(dirA);
    expect(Object.keys(a)).toHaveLength(DATA_FILES.length);
    expect(await hashes(dirB)).toEqual(a);
  });

  it('writes a target for every figure of the catalogue the published file states, in its shape', async () => {
    const targets = JSON.parse(await readFile(sidecarPath(dirA, 'targets'), 'utf8')) as Published;
    const published = await loadPublished(PUBLISHED);
    expect(targets.year).toBe(2023);
    expect(typeof targets.document).toBe('string');
    expect(Object.keys(targets.figures).sort()).toEqual(Object.keys(published.figures).sort());
    expect(Object.keys(targets.figures).sort()).toEqual(loadCatalog(2023).map((f) => f.id).filter((id) => id in published.figures).sort());
    for (const fig of Object.values(targets.figures)) {
      expect(Object.keys(fig).sort()).toEqual(['comparator', 'precision', 'statement', 'unit', 'value']);
    }
    // Rates and the hand-kept ledgers stay as published; the large exports' volumes are divided by 100 into base units.
    for (const id of ['hotline.on_time_rate', 'calls.answer_15s_rate', 'audit.monthly_responsible_rate', 'selfservice.diversion_rate', 'experience.samples', 'safety.rectification_cost']) {
      expect(targets.figures[id], id).toEqual(published.figures[id]);
    }
    expect(targets.figures['survey.success_samples']).toMatchObject({ value: 5000, unit: '条', precision: 0 });
    expect(targets.figures['audit.reviewed']).toMatchObject({ value: 4520, unit: '件', comparator: '=', precision: 0 });
    expect(targets.figures['audit.responsible']).toMatchObject({ value: 507, unit: '件', precision: 0 });
    expect(targets.figures['selfservice.internet_volume']).toMatchObject({ value: 128_220, unit: '次', precision: 0 });
    expect(targets.figures['elearning.hours']).toMatchObject({ value: 150, unit: '小时', comparator: '>', precision: 0 });
  });

  it('passes its self-check on every target', () => {
    expect(result.check.checks.map((c) => c.id).sort()).toEqual(Object.keys(result.targets.figures).sort());
    expect(result.check.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.check.ok).toBe(true);
  });

  it('reproduces the targets for other seeds too', async () => {
    const targets = buildTargets(await loadPublished(PUBLISHED), 'small', 2023);
    for (const seed of [1, 2, 3, 42]) {
      const check = selfCheck(buildData(targets, 'small', seed, 2023), targets);
      expect(check.checks.filter((c) => !c.ok), `seed ${seed}`).toEqual([]);
    }
  });

  it('makes the mean of the monthly responsible rates differ from the pooled rate', () => {
    const data = buildData(result.targets, 'small', 11, 2023);
    const months = Array.from({ length: 12 }, () => [0, 0]);
    for (let i = 0; i < data.audits.n; i++) {
      const day = new Date(data.audits.day[i] * 86_400_000);
      if (day.getUTCFullYear() !== 2023) continue;
      months[day.getUTCMonth()][0] += data.audits.verdict[i] === 0 ? 1 : 0;
      months[day.getUTCMonth()][1]++;
    }
    const mean = months.reduce((s, [r, n]) => s + (100 * r) / n, 0) / 12;
    const pooled = (100 * months.reduce((s, [r]) => s + r, 0)) / months.reduce((s, [, n]) => s + n, 0);
    expect(Math.abs(mean - pooled)).toBeGreaterThan(1);
  });

  it('reproduces the targets when the files are read back through the source contracts', async () => {
    const targets = JSON.parse(await readFile(sidecarPath(dirA, 'targets'), 'utf8')) as Published;
    const expected = result.files;
    const reads = new Map<FileReport, ReadResult>();
    for (const f of expected) {
      const source = sources.find((s) => s.id === f.source);
      if (!source) throw new Error(`no source definition ${f.source}`);
      const path = join(dirA, f.file);
      reads.set(f, f.file.endsWith('.xlsx') ? await readXlsx(path, source) : await readCsv(path, source));
    }

    // A natural key seen twice is kept once (first by path and row); a copy with other values is a bug.
    const rows = new Map<string, ParsedRow[]>();
    const duplicates = new Map<FileReport, number>();
    for (const source of sources) {
      const keys = source.columns.filter((c) => c.key).map((c) => c.name);
      const seen = new Map<string, string>();
      const kept: ParsedRow[] = [];
      const files = expected.filter((f) => f.source === source.id).sort((a, b) => Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)));
      for (const f of files) {
        for (const row of reads.get(f)!.rows) {
          const key = JSON.stringify(keys.map((k) => row[k]));
          const text = JSON.stringify(row);
          if (seen.has(key)) {
            expect(seen.get(key), `${source.id} ${key} appears twice with different values`).toBe(text);
            duplicates.set(f, (duplicates.get(f) ?? 0) + 1);
          } else {
            seen.set(key, text);
            kept.push(row);
          }
        }
      }
      rows.set(source.id, kept);
    }

    const inputs = Object.fromEntries(Object.entries(INPUTS).map(([input, table]) => [input, rows.get(table) ?? []])) as unknown as FigureInputs;
    expect(checkFigures(computeFigures(inputs, 2023), targets).checks.filter((c) => !c.ok)).toEqual([]);

    // The counts the manifest promises the engine, file by file.
    const actual = expected.map((f) => {
      const r = reads.get(f)!;
      return [f.file, f.sheet, r.read, r.rejected, r.blank, r.summary, duplicates.get(f) ?? 0];
    });
    expect(actual).toEqual(
      expected.map((f) => [f.file, f.sheet, f.rowsRead, f.expectedRejected, f.expectedSkipped.blank, f.expectedSkipped.summary, f.expectedSkipped.duplicate]),
    );
    // Every file has its deliberately bad rows, except the roster and the training ledger.
    const clean = expected.filter((f) => f.expectedRejected === 0).map((f) => f.source);
    expect(new Set(clean)).toEqual(new Set(['hr_roster', 'training_sessions', 'training_attendance']));
  });
});
