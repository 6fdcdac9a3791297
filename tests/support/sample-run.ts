/** The small generated sample exports, loaded by a real run into a fresh warehouse (audit tests). */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSamples } from '../../samples/generate.js';
import { sidecarPath } from '../../samples/generator/index.js';
import { openWarehouse } from '../../src/db/open.js';
import type { Warehouse } from '../../src/db/warehouse.js';
import { paths } from '../../src/paths.js';
import { runPipeline, type RunReport } from '../../src/pipeline/run.js';
import { tempDir } from './fixtures.js';
import { createTestWarehouse, type TestWarehouse, type WarehouseKind } from './warehouses.js';
import { sources } from '../../pipelines/index.js';

/** The phone-masking key of the audit tests' runs. */
export const SAMPLE_PII_KEY = 'audit-test-key-0123456789abcdef0123456789abcdef';

/** Writes the small sample exports (seed 7) into a new temporary folder and returns it. */
export async function writeSmallSamples(): Promise<string> {
  const input = join(tempDir('etl-audit-samples-'), '2023');
  await generateSamples({ outDir: input, scale: 'small', seed: 7, published: paths.published(2023) });
  return input;
}

/** The published values the small samples were generated for. */
export const samplePublished = (input: string) => sidecarPath(input, 'targets');

/** A run of the small samples in an open test warehouse. */
export interface SampleRun {
  t: TestWarehouse;
  wh: Warehouse;
  report: RunReport;
  /** Closes the warehouse and removes it. */
  dispose(): Promise<void>;
}

/** Runs 2023 on `input` into a fresh warehouse of `kind`, which stays open for the test. */
export async function runSamples(kind: WarehouseKind, input: string): Promise<SampleRun> {
  const t = await createTestWarehouse(kind);
  const wh = await openWarehouse(t.config);
  const report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY, publishedFile: samplePublished(input) });
  return {
    t,
    wh,
    report,
    dispose: async () => {
      await wh.close();
      await t.dispose();
    },
  };
}

/** Removes a folder written by writeSmallSamples. */
export function removeSamples(input: string): void {
  rmSync(join(input, '..'), { recursive: true, force: true });
}

/** The 2023 ticket export of the small samples, and a 10005 ticket only it holds, closed on time on 2023-01-29 with phone 18083234836. */
export const TICKETS_2023 = '客服热线/10005热线工单明细_2023.csv';
export const TICKET_2023 = 'W20230128000002';

/** Removes the line holding `text` from a CSV file (any ASCII-compatible encoding). */
export function dropLine(path: string, text: string): void {
  const lines = readFileSync(path).toString('latin1').split('\n');
  const kept = lines.filter((l) => !l.includes(text));
  if (kept.length !== lines.length - 1) throw new Error(`expected one line with ${text} in ${path}`);
  writeFileSync(path, Buffer.from(kept.join('\n'), 'latin1'));
}

/** Replaces the only occurrence of the ASCII text `from` in a file by `to`. */
export function replaceInFile(path: string, from: string, to: string): void {
  const text = readFileSync(path).toString('latin1');
  if (text.split(from).length !== 2) throw new Error(`expected ${from} exactly once in ${path}`);
  writeFileSync(path, Buffer.from(text.replace(from, to), 'latin1'));
}
