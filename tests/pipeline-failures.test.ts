import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { generateSamples } from '../samples/generate.js';
import { sidecarPath } from '../samples/generator/index.js';
import { paths } from '../src/paths.js';
import { tempDir } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';
import { rmSync } from 'node:fs';
import { sources } from '../pipelines/index.js';

// The sample exports plus what a clerk's folder also holds: a legacy .xls and a stray note.
let input: string;
beforeAll(async () => {
  input = join(tempDir('etl-failures-'), '2023');
  await generateSamples({ outDir: input, scale: 'small', seed: 3, published: paths.published(2023) });
  // An Excel 97–2003 file starts with the OLE compound-file signature.
  writeFileSync(join(input, '人力资源部', '旧版花名册.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]));
  writeFileSync(join(input, '说明.txt'), '请各部门于1月10日前提交。\n');
});
afterAll(() => rmSync(join(input, '..'), { recursive: true, force: true }));

describe.each(WAREHOUSE_KINDS)('a folder with a legacy .xls and a stray .txt on %s', (kind) => {
  let report: RunReport;
  beforeAll(async () => {
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef', publishedFile: sidecarPath(input, 'targets') });
    } finally {
      await wh.close();
      await t.dispose();
    }
  });

  it('names both files, loads the rest, computes every figure, and ends with errors because of the .xls', () => {
    const xls = report.files.find((f) => f.relPath === '人力资源部/旧版花名册.xls')!;
    expect(xls.parts).toMatchObject([{ status: 'failed', message: expect.stringContaining('save it as .xlsx') }]);
    const txt = report.files.find((f) => f.relPath === '说明.txt')!;
    expect(txt.parts).toMatchObject([{ status: 'unmatched' }]);
    const loaded = report.files.filter((f) => f.parts.some((p) => p.status === 'loaded'));
    expect(loaded.length).toBe(report.files.length - 2);
    // Every figure is computed: those the targets state match, the others are unpublished.
    const targets = (JSON.parse(readFileSync(sidecarPath(input, 'targets'), 'utf8')) as { figures: Record<string, unknown> }).figures;
    const expected = (id: string) => (id in targets ? 'match' : 'unpublished');
    expect(report.figures.filter((f) => f.status !== expected(f.id) || f.value === null).map((f) => [f.id, f.status, f.reason])).toEqual([]);
    expect(report.status).toBe('completed_with_errors');
  });
});
