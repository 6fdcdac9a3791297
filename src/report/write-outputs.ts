import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../pipeline/run.js';
import { figuresJson } from './figures-json.js';
import { writeRejectsCsv } from './rejects-csv.js';

/** Writes the run's output files into `outDir`; returns their paths. */
export async function writeOutputs(report: RunReport, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const figures = join(outDir, 'figures.json');
  writeFileSync(figures, `${JSON.stringify(figuresJson(report), null, 2)}\n`);
  const rejects = join(outDir, 'rejects.csv');
  await writeRejectsCsv(report, rejects);
  return [figures, rejects];
}
