import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { generateSamples, type GenerateResult } from '../samples/generate.js';
import { sidecarPath } from '../samples/generator/index.js';
import { loadCatalog } from '../src/figures/catalog.js';
import { paths } from '../src/paths.js';
import { tempDir } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

// The small variant of the generated exports, reconciled against the targets it was built for.
let input: string;
let generated: GenerateResult;
beforeAll(async () => {
  input = join(tempDir('etl-samples-'), '2023');
  generated = await generateSamples({ outDir: input, scale: 'small', seed: 7, published: paths.published(2023) });
});
afterAll(() => {
  rmSync(join(input, '..'), { recursive: true, force: true });
});

describe.each(WAREHOUSE_KINDS)('the generated sample exports on %s', (kind) => {
  let report: RunReport;
  beforeAll(async () => {
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'samples-test-0123456789abcdef0123456789abcdef', publishedFile: sidecarPath(input, 'targets') });
    } finally {
      await wh.close();
      await t.dispose();
    }
  });

  it('reproduce all target figures', () => {
    const verdicts = Object.fromEntries(report.figures.map((f) => [f.id, f.status]));
    const catalogue = loadCatalog(2023).map((f) => f.id);
    expect(Object.keys(verdicts).sort()).toEqual([...catalogue].sort());
    // The targets are the catalogue's published figures; the others have nothing to match.
    expect(Object.keys(generated.targets.figures).every((id) => catalogue.includes(id))).toBe(true);
    const expected = (id: string) => (id in generated.targets.figures ? 'match' : 'unpublished');
    expect(Object.entries(verdicts).filter(([id, s]) => s !== expected(id))).toEqual([]);
    expect(report.status).toBe('succeeded');
  });

  it('load, reject and skip exactly the rows the generator planted, file by file', () => {
    // Every file is matched to its source (nothing unmatched or failed), one part per file and sheet.
    expect(report.files.flatMap((f) => f.parts.filter((p) => p.status !== 'loaded').map((p) => `${f.relPath}: ${p.status} ${p.message}`))).toEqual([]);
    expect(report.files.reduce((n, f) => n + f.parts.length, 0)).toBe(generated.files.length);
    for (const expected of generated.files) {
      const file = report.files.find((f) => f.relPath === expected.file);
      expect(file, expected.file).toBeDefined();
      const part = file!.parts.find((p) => (expected.sheet ? p.sheet === expected.sheet : true));
      const skipped = expected.expectedSkipped.duplicate + expected.expectedSkipped.blank + expected.expectedSkipped.summary;
      expect(part?.result, `${expected.file} ${expected.sheet ?? ''}`).toMatchObject({
        read: expected.rowsRead,
        rejected: expected.expectedRejected,
        skipped,
        loaded: expected.rowsRead - expected.expectedRejected - skipped,
      });
    }
  });
});
