/**
 * Coverage facts read from the warehouse: rows per month of every loaded file (by each
 * source's period column) and what each file stated about itself (etl.run_files).
 */
import { basename } from 'node:path';
import type { SourceDefinition } from '../sources/define.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import { sourcesByFileName } from '../sources/file-patterns.js';
import type { FailedFile, PartCoverage } from './coverage.js';
import { exportStatement, type ExportStatement, type TitleRow } from './stated-dates.js';

/** Rows per file and month, per source: source → file id → `YYYY-MM` → rows. */
export type MonthsByFile = Map<string, Map<number, Map<string, number>>>;

export async function monthsByFile(wh: Warehouse, sources: readonly SourceDefinition[]): Promise<MonthsByFile> {
  const result: MonthsByFile = new Map();
  for (const s of sources) {
    const byFile = new Map<number, Map<string, number>>();
    result.set(s.id, byFile);
    if (s.coverage.kind === 'snapshot' || !s.coverage.period) continue;
    const { rows } = await wh.query<{ file_id: number; month: string; n: number }>(
      // Grouped by date_trunc and formatted per group: to_char on every row took half as long again.
      `select file_id, to_char(m, 'YYYY-MM') as month, n from (
         select _file_id as file_id, date_trunc('month', ${quoteIdent(s.coverage.period)}) as m, count(*) as n
         from ${quoteIdent(s.id)} where ${quoteIdent(s.coverage.period)} is not null group by 1, 2) as g`,
    );
    for (const r of rows) {
      const id = Number(r.file_id);
      if (!byFile.has(id)) byFile.set(id, new Map());
      byFile.get(id)!.set(r.month, Number(r.n));
    }
  }
  return result;
}

/** A loaded part as the builder needs it. */
export interface LoadedPart {
  fileId: number;
  file: string;
  sheet: string | null;
  source: string;
  rows: number;
  rejected: number;
  statement: ExportStatement;
}

/** Joins loaded parts with their rows per month; `fileMonths` spans every dated source of the file. */
export function partCoverage(parts: readonly LoadedPart[], months: MonthsByFile): PartCoverage[] {
  const monthsOfFile = new Map<number, Map<string, number>>();
  for (const p of parts) {
    const all = monthsOfFile.get(p.fileId) ?? new Map<string, number>();
    for (const [m, n] of months.get(p.source)?.get(p.fileId) ?? []) all.set(m, (all.get(m) ?? 0) + n);
    monthsOfFile.set(p.fileId, all);
  }
  // A workbook is one delivery: a sheet without title rows of its own takes what another sheet's say.
  const stating = new Map<number, ExportStatement>();
  for (const p of parts) if (p.statement.periods.length > 0 && !stating.has(p.fileId)) stating.set(p.fileId, p.statement);
  return parts.map((p) => ({
    source: p.source,
    file: p.file,
    sheet: p.sheet,
    rows: p.rows,
    rejected: p.rejected,
    months: months.get(p.source)?.get(p.fileId) ?? new Map(),
    fileMonths: monthsOfFile.get(p.fileId) ?? new Map(),
    statement: p.statement.periods.length > 0 || p.statement.asOf ? p.statement : (stating.get(p.fileId) ?? p.statement),
  }));
}

/** A failed part as a run or a folder scan reports it. */
export interface FailedPart {
  relPath: string;
  source: string | null;
  message: string;
}

/** Failed files with the sources they were for: the part's own, else those their name matches. */
export function failedFiles(failed: readonly FailedPart[], sources: readonly SourceDefinition[]): FailedFile[] {
  return failed.map((f) => ({
    file: f.relPath,
    sources: f.source ? [f.source] : sourcesByFileName(f.relPath, sources).map((s) => s.id),
    message: f.message,
  }));
}

/** The failed parts of a recorded run. */
export async function recordedFailures(wh: Warehouse, runId: number): Promise<FailedPart[]> {
  const { rows } = await wh.query<{ path: string; source: string | null; message: string | null }>(
    `select f.path, rf.source, rf.message from etl.run_files rf join etl.files f using (file_id)
     where rf.run_id = $1 and rf.status = 'failed' order by f.path`,
    [runId],
  );
  return rows.map((r) => ({ relPath: r.path, source: r.source, message: r.message ?? '' }));
}

/** What a part states, from its file name and title rows (basename only: a folder named 2024 says nothing of a 2023 file in it). */
export function statementOf(relPath: string, titleRows: readonly TitleRow[]): ExportStatement {
  return exportStatement(basename(relPath), titleRows);
}

/** The loaded parts of a recorded run, with their statements as recorded. */
export async function recordedParts(wh: Warehouse, runId: number): Promise<LoadedPart[]> {
  const { rows } = await wh.query<{ file_id: number; path: string; sheet: string | null; source: string; rows_loaded: number; rows_rejected: number; title_rows: string[] }>(
    `select rf.file_id, f.path, rf.sheet, rf.source, rf.rows_loaded, rf.rows_rejected, rf.title_rows
     from etl.run_files rf join etl.files f using (file_id)
     where rf.run_id = $1 and rf.status = 'loaded' and rf.source is not null
     order by f.path, rf.source`,
    [runId],
  );
  return rows.map((r) => ({
    fileId: Number(r.file_id),
    file: r.path,
    sheet: r.sheet,
    source: r.source,
    rows: Number(r.rows_loaded),
    rejected: Number(r.rows_rejected),
    statement: statementOf(r.path, parseTitleRows(r.title_rows ?? [])),
  }));
}

/** Title rows are recorded as `N: text`. */
export function formatTitleRows(rows: readonly TitleRow[]): string[] {
  return rows.map((r) => `${r.row}: ${r.text}`);
}

export function parseTitleRows(stored: readonly string[]): TitleRow[] {
  return stored.map((s) => {
    const i = s.indexOf(': ');
    return { row: Number(s.slice(0, i)), text: s.slice(i + 2) };
  });
}
