/** Writes every contributing row of a figure to a CSV file (`etl explain --csv`), UTF-8. */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import type { Warehouse } from '../db/warehouse.js';
import type { ReportParameters } from '../figures/catalog.js';
import { eachRowBatch, type ContributingRow, type HashPhone } from '../audit/contributing-rows.js';
import type { RowsDefinition } from '../audit/figure-rows.js';
import { csvSafeRecord } from './csv-safe.js';

/** The columns every rows file starts with; the figure's own columns follow. */
export const ROWS_CSV_HEADER = ['part', 'source', 'file', 'sheet', 'row', 'contribution'] as const;

const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Writes one record, its formula-like cells quoted (`'=…`) so a spreadsheet shows them, never runs them. */
async function write(csv: Stringifier, record: unknown[]): Promise<void> {
  if (!csv.write(csvSafeRecord(record))) await new Promise((resolve) => csv.once('drain', resolve));
}

/** Writes the rows of `def` to `file`, ordered by part, file and row, their cells masked with `hashPhone`; returns how many. */
export async function writeRowsCsv(wh: Warehouse, def: RowsDefinition, params: ReportParameters, loadingRunId: number, hashPhone: HashPhone, file: string): Promise<number> {
  const csv = stringify();
  const out = createWriteStream(file);
  csv.pipe(out);
  let columns: string[] | null = null;
  const count = await eachRowBatch(wh, def, params, loadingRunId, hashPhone, async (rows: ContributingRow[]) => {
    if (!columns) {
      columns = Object.keys(rows[0].columns);
      await write(csv, [...ROWS_CSV_HEADER, ...columns]);
    }
    for (const r of rows) {
      await write(csv, [r.part, r.source, r.file ?? `file #${r.fileId}`, r.sheet ?? '', r.row, cell(r.contribution), ...columns.map((c) => cell(r.columns[c]))]);
    }
  });
  if (!columns) await write(csv, [...ROWS_CSV_HEADER]);
  csv.end();
  await finished(out);
  return count;
}
