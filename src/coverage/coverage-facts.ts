/**
 * Coverage facts read from the warehouse: rows per month of every loaded file (by each
 * source's period column) and what each file stated about itself (etl.run_files).
 */
import { basename } from 'node:path';
import type { SourceDefinition } from '../../pipelines/define.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import type { PartCoverage } from './coverage.js';
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
      `select _file_id as file_id, to_char(${quoteIdent(s.coverage.period)}, 'YYYY-MM') as month, count(*) as n
       from ${quoteIdent(s.id)} where ${quoteIdent(s.coverage.period)} is not null group by 1, 2`,
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
  statement: ExportStatement;
}

/** Joins loaded parts with their rows per month; `fileYears` spans every source of the file. */
export function partCoverage(parts: readonly LoadedPart[], months: MonthsByFile): PartCoverage[] {
  const yearsOfFile = new Map<number, Set<number>>();
  for (const p of parts) {
    const years = yearsOfFile.get(p.fileId) ?? new Set<number>();
    for (const m of months.get(p.source)?.get(p.fileId)?.keys() ?? []) years.add(Number(m.slice(0, 4)));
    yearsOfFile.set(p.fileId, years);
  }
  return parts.map((p) => ({
    source: p.source,
    file: p.file,
    sheet: p.sheet,
    rows: p.rows,
    months: months.get(p.source)?.get(p.fileId) ?? new Map(),
    fileYears: [...(yearsOfFile.get(p.fileId) ?? [])].sort(),
    statement: p.statement,
  }));
}

/** What a part states, from its file name and title rows (basename only: a folder named 2024 says nothing of a 2023 file in it). */
export function statementOf(relPath: string, titleRows: readonly TitleRow[]): ExportStatement {
  return exportStatement(basename(relPath), titleRows);
}

/** The loaded parts of a recorded run, with their statements as recorded. */
export async function recordedParts(wh: Warehouse, runId: number): Promise<LoadedPart[]> {
  const { rows } = await wh.query<{ file_id: number; path: string; sheet: string | null; source: string; rows_loaded: number; title_rows: string[] }>(
    `select rf.file_id, f.path, rf.sheet, rf.source, rf.rows_loaded, rf.title_rows
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
    statement: statementOf(r.path, parseTitleRows(r.title_rows ?? [])),
  }));
}

/** Title rows are recorded as `N: text`. */
export function formatTitleRows(rows: readonly TitleRow[]): string[] {
  return rows.map((r) => `${r.row}: ${r.text}`);
}

function parseTitleRows(stored: readonly string[]): TitleRow[] {
  return stored.map((s) => {
    const i = s.indexOf(': ');
    return { row: Number(s.slice(0, i)), text: s.slice(i + 2) };
  });
}
