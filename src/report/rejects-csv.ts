/** `rejects.csv`: one line per problem of every rejected row, header as docs/operations.md ("Where things go") gives it. */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { RunReport } from '../pipeline/run-report.js';
import { csvSafeRecord } from './csv-safe.js';

export const REJECTS_HEADER = ['source', 'file', 'sheet', 'row', 'column', 'value', 'message'] as const;

export async function writeRejectsCsv(report: RunReport, file: string): Promise<number> {
  // Cells come from the files: a formula-like one is quoted so a spreadsheet shows it, never runs it.
  const csv = stringify({ header: true, columns: [...REJECTS_HEADER] });
  const out = createWriteStream(file);
  csv.pipe(out);
  let lines = 0;
  for (const f of report.files) {
    for (const p of f.parts) {
      const rejects = [...(p.result?.rejects ?? [])].sort((a, b) => a.row - b.row);
      for (const r of rejects) {
        for (const problem of r.problems) {
          if (!csv.write(csvSafeRecord([p.source, f.relPath, p.sheet ?? '', r.row, problem.column ?? '', problem.value ?? '', problem.message]))) {
            await new Promise((resolve) => csv.once('drain', resolve));
          }
          lines++;
        }
      }
    }
  }
  csv.end();
  await finished(out);
  return lines;
}
