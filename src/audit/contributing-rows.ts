/**
 * Runs a figure's rows query (see figure-rows.ts) against the warehouse: a few rows per part
 * with their file, sheet and row number, the totals per file and part, the monthly series,
 * and every row in batches through a cursor.
 */
import type { ReportParameters } from '../figures/catalog.js';
import { inTransaction, type Warehouse } from '../db/warehouse.js';
import { maskShownValue } from '../transform/pii.js';
import { boundRowsQuery, inlinedRowsQuery, type Part, type RowsDefinition } from './figure-rows.js';

/** One row behind a figure, with where it came from. */
export interface ContributingRow {
  part: Part;
  source: string;
  fileId: number;
  /** Path of the input file relative to the input folder (null if the file is unknown). */
  file: string | null;
  sheet: string | null;
  row: number;
  contribution: number | null;
  /** The figure's own columns of the row, by name. */
  columns: Record<string, unknown>;
}

/** How many rows of one file a part has, and what they add up to. */
export interface PartTotal {
  source: string;
  fileId: number;
  part: Part;
  rows: number;
  /** sum(contribution): the part's total when summed over its files. */
  total: number | null;
}

/** One month of a figure's monthly series. */
export interface MonthlyPoint {
  /** First day of the month, `2023-01-01`. */
  month: string;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
}

const PROVENANCE = new Set(['source', '_file_id', '_row', 'part', 'contribution', '_path', '_sheet']);

/** The rows query with each row's file path and sheet (as loaded by run `runParam`). */
function withProvenance(sql: string, runParam: string): string {
  return `select r.*, f.path as _path, rf.sheet as _sheet
from (
${sql}
) as r
left join etl.files as f on f.file_id = r._file_id
left join etl.run_files as rf on rf.run_id = ${runParam} and rf.file_id = r._file_id and rf.source = r.source`;
}

const toNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The phone hasher that masks the cells of contributing rows (transform/pii.ts): the run's, or one of the moment. */
export type HashPhone = (digits: string) => string;

/**
 * A row of the rows query as it leaves the warehouse: every cell of the figure's own columns
 * with its mobile numbers masked (maskShownValue), since free text is stored as loaded. File
 * and sheet names were masked when they were stored.
 */
function toContributingRow(r: Record<string, unknown>, hashPhone: HashPhone): ContributingRow {
  const columns: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!PROVENANCE.has(k)) columns[k] = maskShownValue(v, hashPhone);
  return {
    part: r.part as Part,
    source: String(r.source),
    fileId: Number(r._file_id),
    file: (r._path as string | null) ?? null,
    sheet: (r._sheet as string | null) ?? null,
    row: Number(r._row),
    contribution: toNumber(r.contribution),
    columns,
  };
}

/**
 * The first `perPart` rows of each part by file and row number, their cells masked with
 * `hashPhone`. `loadingRunId` is the run whose rows the tables hold (for the sheet names). With
 * `inLoadOrder`, the first rows in the order the tables were loaded (file after file), which
 * spares sorting a large table.
 */
export async function sampleRows(
  wh: Warehouse,
  def: RowsDefinition,
  params: ReportParameters,
  perPart: number,
  loadingRunId: number,
  hashPhone: HashPhone,
  { inLoadOrder = false }: { inLoadOrder?: boolean } = {},
): Promise<ContributingRow[]> {
  const { sql, values } = boundRowsQuery(def, params);
  const n = values.length;
  const out: ContributingRow[] = [];
  for (const part of Object.keys(def.parts) as Part[]) {
    // Limit first, then look up files and sheets for those few rows only.
    const first = `select * from (\n${sql}\n) as q where q.part = $${n + 2}${inLoadOrder ? '' : ' order by q._file_id, q._row'} limit $${n + 3}`;
    const { rows } = await wh.query<Record<string, unknown>>(withProvenance(first, `$${n + 1}`), [...values, loadingRunId, part, perPart]);
    out.push(...rows.map((r) => toContributingRow(r, hashPhone)).sort((a, b) => a.fileId - b.fileId || a.row - b.row));
  }
  return out;
}

/** Rows and sum(contribution) per source table, input file and part. */
export async function partTotals(wh: Warehouse, def: RowsDefinition, params: ReportParameters): Promise<PartTotal[]> {
  const { sql, values } = boundRowsQuery(def, params);
  const { rows } = await wh.query<{ source: string; _file_id: number; part: Part; rows: number; total: number | null }>(
    `select r.source, r._file_id, r.part, count(*) as rows, sum(r.contribution) as total\nfrom (\n${sql}\n) as r\ngroup by 1, 2, 3\norder by 1, 2, 3`,
    values,
  );
  return rows.map((r) => ({ source: r.source, fileId: Number(r._file_id), part: r.part, rows: Number(r.rows), total: toNumber(r.total) }));
}

/**
 * The monthly series of a figure whose rows carry a `month`: per month the numerator and
 * denominator totals and their rate × 100, or the total of `value` rows.
 */
export async function monthlySeries(wh: Warehouse, def: RowsDefinition, params: ReportParameters): Promise<MonthlyPoint[]> {
  const { sql, values } = boundRowsQuery(def, params);
  const { rows } = await wh.query<{ month: string; part: Part; total: number | null }>(
    `select r.month::date::text as month, r.part, sum(r.contribution) as total\nfrom (\n${sql}\n) as r\ngroup by 1, 2\norder by 1`,
    values,
  );
  const byMonth = new Map<string, MonthlyPoint>();
  for (const r of rows) {
    const p = byMonth.get(r.month) ?? { month: r.month, numerator: null, denominator: null, value: null };
    p[r.part] = toNumber(r.total);
    byMonth.set(r.month, p);
  }
  const points = [...byMonth.values()];
  for (const p of points) {
    if (p.denominator !== null) p.value = p.denominator === 0 ? null : (100 * (p.numerator ?? 0)) / p.denominator;
  }
  return points;
}

/** Every contributing row, ordered by part, file and row, its cells masked with `hashPhone`, handed over in batches of `batch`. */
export async function eachRowBatch(
  wh: Warehouse,
  def: RowsDefinition,
  params: ReportParameters,
  loadingRunId: number,
  hashPhone: HashPhone,
  onBatch: (rows: ContributingRow[]) => void | Promise<void>,
  batch = 5000,
): Promise<number> {
  // DECLARE takes no bound parameters, so they are written in as literals.
  const query = `${withProvenance(inlinedRowsQuery(def, params), String(Math.trunc(loadingRunId)))}\norder by r.part, r._file_id, r._row`;
  let total = 0;
  await inTransaction(wh, async () => {
    await wh.exec(`declare figure_rows no scroll cursor for ${query}`);
    for (;;) {
      const { rows } = await wh.query<Record<string, unknown>>(`fetch forward ${batch} from figure_rows`);
      if (rows.length === 0) break;
      total += rows.length;
      await onBatch(rows.map((r) => toContributingRow(r, hashPhone)));
    }
    await wh.exec('close figure_rows');
  });
  return total;
}
