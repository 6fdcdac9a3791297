/**
 * The sample year 2024 (continuing 2023, nothing published) through the engine on its own:
 * every file loads, rejects and skips the rows its manifest promises, and no figure is matched
 * against anything. The figures that compare with 2023 find no 2023 rows in this folder alone
 * and say so; none is 0 for want of them.
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
let generated: GenerateResult;
beforeAll(async () => {
  input = join(tempDir('etl-samples-2024-'), '2024');
  generated = await generateSamples({ outDir: input, scale: 'small', seed: 7, year: 2024, published: paths.published(2023) });
}, 60_000);
afterAll(() => {
  rmSync(join(input, '..'), { recursive: true, force: true });
});

describe.each(WAREHOUSE_KINDS)('the 2024 sample exports on %s', (kind) => {
  let report: RunReport;
  beforeAll(async () => {
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      report = await runPipeline(wh, { sources, year: 2024, inputDir: input, piiKey: 'samples-test-0123456789abcdef0123456789abcdef' });
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
