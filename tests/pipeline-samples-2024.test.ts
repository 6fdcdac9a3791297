/**
 * The sample year 2024 (continuing 2023, nothing published) through the engine on its own:
 * every file loads, rejects and skips the rows its manifest promises, and no figure is matched
 * against anything. The figures that compare with 2023 find no 2023 rows in this folder alone
 * and say so; none is 0 for want of them. After 2023 in the same warehouse (which keeps every
 * file), the rows both years' exports hold are identical repeats, the figures comparing with
 * 2023 are computed from 2023's rows, and 2023's figures stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { generateSamples, type GenerateResult } from '../samples/generate.js';
import { paths } from '../src/paths.js';
import { tempDir } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

let input: string;
let input2023: string;
let generated: GenerateResult;
beforeAll(async () => {
  const dir = tempDir('etl-samples-2024-');
  input = join(dir, '2024');
  input2023 = join(dir, '2023');
  generated = await generateSamples({ outDir: input, scale: 'small', seed: 7, year: 2024, published: paths.published(2023) });
  await generateSamples({ outDir: input2023, scale: 'small', seed: 7, published: paths.published(2023) });
}, 60_000);
afterAll(() => {
  rmSync(join(input, '..'), { recursive: true, force: true });
});
const PII_KEY = 'samples-test-0123456789abcdef0123456789abcdef';

describe.each(WAREHOUSE_KINDS)('the 2024 sample exports on %s', (kind) => {
  let report: RunReport;
  beforeAll(async () => {
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      report = await runPipeline(wh, { sources, year: 2024, inputDir: input, piiKey: PII_KEY });
    } finally {
      await wh.close();
      await t.dispose();
    }
  }, 120_000);

  it('load, reject and skip exactly the rows the generator planted, file by file', () => {
    expect(report.files.flatMap((f) => f.parts.filter((p) => p.status !== 'loaded').map((p) => `${f.relPath}: ${p.status} ${p.message}`))).toEqual([]);
    expect(report.files.reduce((n, f) => n + f.parts.length, 0)).toBe(generated.files.length);
    for (const expected of generated.files) {
      const part = report.files.find((f) => f.relPath === expected.file)?.parts.find((p) => (expected.sheet ? p.sheet === expected.sheet : true));
      const planted = expected.expectedSkipped.duplicate + expected.expectedSkipped.blank + expected.expectedSkipped.summary;
      expect(part?.result, `${expected.file} ${expected.sheet ?? ''}`).toMatchObject({ read: expected.rowsRead, rejected: expected.expectedRejected, skipped: planted });
    }
  });

  it('publishes nothing to match: every figure is unpublished, or not computable with a reason', () => {
    expect(report.figures.filter((f) => f.status === 'match' || f.status === 'mismatch')).toEqual([]);
    const notComputable = report.figures.filter((f) => f.status === 'not_computable');
    for (const f of notComputable) expect(f.reason, f.id).toBeTruthy();
    // Those comparing with 2023 name it: its rows are in the 2023 exports, not in this folder.
    for (const id of ['calls.manual_q1_growth', 'hotline.handle_time_cut']) {
      expect(report.figures.find((f) => f.id === id)).toMatchObject({ status: 'not_computable', reason: expect.stringContaining('2023') });
    }
    expect(report.figures.filter((f) => f.status === 'unpublished').length).toBeGreaterThan(report.figures.length - 6);
  });
});

describe.each(WAREHOUSE_KINDS)('2023 then 2024 in one warehouse on %s', (kind) => {
  let first2023: RunReport;
  let y2024: RunReport;
  let again2023: RunReport;
  let differing: number;
  let identical: number;
  beforeAll(async () => {
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      first2023 = await runPipeline(wh, { sources, year: 2023, inputDir: input2023, piiKey: PII_KEY });
      y2024 = await runPipeline(wh, { sources, year: 2024, inputDir: input, piiKey: PII_KEY });
      const run = y2024.runId;
      differing = Number((await wh.query<{ n: number }>("select count(*) as n from etl.rejects where run_id = $1 and message like '%but different values%'", [run])).rows[0].n);
      identical = Number((await wh.query<{ n: number }>("select coalesce(sum(rows), 0) as n from etl.skips where run_id = $1 and reason like 'duplicate key with identical values%'", [run])).rows[0].n);
      again2023 = await runPipeline(wh, { sources, year: 2023, inputDir: input2023, piiKey: PII_KEY });
    } finally {
      await wh.close();
      await t.dispose();
    }
  }, 300_000);

  it('finds only identical repeats across the year end, never a key with other values', () => {
    expect(differing).toBe(0);
    expect(identical).toBeGreaterThan(0);
  });

  it("computes the figures comparing 2024 with 2023 from 2023's rows", () => {
    for (const id of ['calls.manual_q1_growth', 'hotline.handle_time_cut']) {
      const f = y2024.figures.find((x) => x.id === id)!;
      expect(f.value, `${id}: ${f.reason}`).not.toBeNull();
    }
  });

  it("leaves 2023's figures as they were", () => {
    const values = (r: RunReport) => Object.fromEntries(r.figures.map((f) => [f.id, [f.value, f.status]]));
    expect(values(again2023)).toEqual(values(first2023));
  });
});
