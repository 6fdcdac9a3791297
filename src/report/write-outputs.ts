import { copyFileSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../pipeline/run-report.js';
import { figuresJson } from './figures-json.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { writeRejectsCsv } from './rejects-csv.js';
import { buildReportModel } from './report-model.js';
import { writeFiguresXlsx } from './xlsx.js';

export const OUTPUT_NAMES = ['figures.json', 'rejects.csv', 'report.md', 'report.html', 'figures.xlsx'] as const;

/** The file-system calls writing outputs uses; a test replaces one to make it fail. */
export const outputFs = { renameSync, writeFileSync };

const isSymlink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};
const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};
const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Writes every output of a run into `outDir` (docs/operations.md, "Where things go"); returns their paths.
 *
 * The set is all of this run or all of the last one: each output is first written to a temporary
 * file in `outDir`, and only when all are written are they renamed into place; a rename that fails
 * puts the files it already replaced back. `outDir` and the outputs must not be symbolic links:
 * writing refuses one rather than write through it. A failure names the file and says that the run
 * itself is recorded in the warehouse (the caller prints it after `etl: `).
 */
export async function writeOutputs(report: RunReport, outDir: string): Promise<string[]> {
  const file = (name: string) => join(outDir, name);
  const recorded = `run ${report.runId} itself is recorded in the warehouse`;
  if (isSymlink(outDir)) throw new Error(`the output folder ${outDir} is a symbolic link; outputs are not written through links — give the folder itself with --out (${recorded}; no output was written)`);
  mkdirSync(outDir, { recursive: true });
  for (const name of OUTPUT_NAMES) {
    if (isSymlink(file(name))) throw new Error(`${file(name)} is a symbolic link; outputs are not written through links — remove it (${recorded}; no output was written)`);
  }

  const tag = `.tmp-${process.pid}-${Date.now().toString(36)}`;
  const temp = (name: string) => file(`.${name}${tag}`);
  const written: string[] = [];
  const cleanup = () => {
    for (const path of written) rmSync(path, { force: true });
  };
  const step = async (name: string, write: (path: string) => unknown) => {
    written.push(temp(name));
    try {
      await write(temp(name));
    } catch (error) {
      cleanup();
      throw new Error(`could not write ${file(name)} (${why(error)}); ${recorded}, and the outputs in ${outDir} are still those of the last run`);
    }
  };
  await step('figures.json', (p) => outputFs.writeFileSync(p, `${JSON.stringify(figuresJson(report), null, 2)}\n`));
  await step('rejects.csv', (p) => writeRejectsCsv(report, p));
  const model = buildReportModel(report);
  await step('report.md', (p) => outputFs.writeFileSync(p, renderMarkdown(model)));
  await step('report.html', (p) => outputFs.writeFileSync(p, renderHtml(model)));
  await step('figures.xlsx', (p) => writeFiguresXlsx(model, p));

  // Keep the last run's outputs (a hard link, or a copy) until every new one is in place.
  const backup = (name: string) => file(`.${name}${tag}.last`);
  const kept = new Set<string>();
  try {
    for (const name of OUTPUT_NAMES) {
      if (!exists(file(name)) || lstatSync(file(name)).isDirectory()) continue;
      try {
        linkSync(file(name), backup(name));
      } catch {
        copyFileSync(file(name), backup(name));
      }
      kept.add(name);
    }
  } catch (error) {
    for (const name of kept) rmSync(backup(name), { force: true });
    cleanup();
    throw new Error(`could not keep the last run's outputs in ${outDir} while replacing them (${why(error)}); ${recorded}, and the outputs are still those of the last run`);
  }
  const renamed: string[] = [];
  for (const name of OUTPUT_NAMES) {
    try {
      outputFs.renameSync(temp(name), file(name));
      renamed.push(name);
    } catch (error) {
      // Put back what was replaced; an output the last run did not have goes.
      for (const done of renamed) {
        if (kept.has(done)) renameSync(backup(done), file(done));
        else rmSync(file(done), { force: true });
      }
      for (const name of kept) rmSync(backup(name), { force: true });
      cleanup();
      throw new Error(`could not write ${file(name)} (${why(error)}); ${recorded}, and the outputs in ${outDir} are still those of the last run`);
    }
  }
  for (const name of kept) rmSync(backup(name), { force: true });
  return OUTPUT_NAMES.map(file);
}
