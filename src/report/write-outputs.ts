import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../pipeline/run.js';
import { figuresJson } from './figures-json.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { writeRejectsCsv } from './rejects-csv.js';
import { buildReportModel } from './report-model.js';
import { writeFiguresXlsx } from './xlsx.js';

/** Writes every output of a run into `outDir` (README, "Where things go"); returns their paths. */
export async function writeOutputs(report: RunReport, outDir: string): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const file = (name: string) => join(outDir, name);
  writeFileSync(file('figures.json'), `${JSON.stringify(figuresJson(report), null, 2)}\n`);
  await writeRejectsCsv(report, file('rejects.csv'));
  const model = buildReportModel(report);
  writeFileSync(file('report.md'), renderMarkdown(model));
  writeFileSync(file('report.html'), renderHtml(model));
  await writeFiguresXlsx(model, file('figures.xlsx'));
  return ['figures.json', 'rejects.csv', 'report.md', 'report.html', 'figures.xlsx'].map(file);
}
