/**
 * The files the warehouse holds (etl.holdings): every file a run has loaded stays until `etl
 * forget`. A held file's parts and current counts are the etl.run_files rows of the latest run
 * that recorded it (every run records every held file), so a run rebuilds them as reports whose
 * rows are already in their tables.
 */
import { parseTitleRows, statementOf } from '../coverage/coverage-facts.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import { REJECT_DUPLICATE_START, REJECT_REFERENCE_START, SKIP_DUPLICATE } from '../load/dedupe.js';
import { emptyPartResult } from '../load/part-counts.js';
import type { SourceDefinition } from '../sources/define.js';
import type { FileReport, PartOutcome } from './run-report.js';

/** A file the warehouse held when the run started. */
export interface HeldFile {
  fileId: number;
  relPath: string;
  sha256: string;
  size: number;
  location: string;
  definitionSha256: string;
  readInRun: number;
  parts: PartOutcome[];
}

interface PartRow {
  file_id: number;
  path: string;
  sha256: string;
  size_bytes: number;
  location: string;
  definition_sha256: string;
  read_in_run: number;
  last_run_id: number;
  source: string | null;
  sheet: string | null;
  status: PartOutcome['status'];
  message: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  rows_skipped: number;
  header_row: number | null;
  extra_columns: string[];
  title_rows: string[];
  mapped_headers: string[];
  mapped_file_pattern: string | null;
}

/** Every held file with its parts as last recorded, in location order. */
export async function readHoldings(wh: Warehouse): Promise<HeldFile[]> {
  const { rows } = await wh.query<PartRow>(
    `select h.file_id, f.path, f.sha256, f.size_bytes, h.location, h.definition_sha256, h.read_in_run, h.last_run_id,
            rf.source, rf.sheet, rf.status, rf.message, rf.rows_read, rf.rows_loaded, rf.rows_rejected, rf.rows_skipped,
            rf.header_row, rf.extra_columns, rf.title_rows, rf.mapped_headers, rf.mapped_file_pattern
     from etl.holdings h
     join etl.files f using (file_id)
     join etl.run_files rf on rf.run_id = h.last_run_id and rf.file_id = h.file_id
     order by h.location collate "C", rf.source nulls first, rf.sheet`,
  );
  const { rows: skips } = await wh.query<{ file_id: number; source: string; reason: string; rows: number }>(
    `select s.file_id, s.source, s.reason, s.rows from etl.skips s join etl.holdings h on h.file_id = s.file_id and h.last_run_id = s.run_id`,
  );
  const held = new Map<number, HeldFile>();
  for (const r of rows) {
    const fileId = Number(r.file_id);
    let file = held.get(fileId);
    if (!file) {
      file = {
        fileId,
        relPath: r.path,
        sha256: r.sha256,
        size: Number(r.size_bytes),
        location: r.location,
        definitionSha256: r.definition_sha256,
        readInRun: Number(r.read_in_run),
        parts: [],
      };
      held.set(fileId, file);
    }
    const result =
      r.status === 'loaded'
        ? {
            ...emptyPartResult(),
            read: Number(r.rows_read),
            loaded: Number(r.rows_loaded),
            rejected: Number(r.rows_rejected),
            skipped: Number(r.rows_skipped),
            skippedBy: new Map(skips.filter((s) => Number(s.file_id) === fileId && s.source === r.source).map((s) => [s.reason, Number(s.rows)])),
          }
        : null;
    file.parts.push({
      source: r.source,
      sheet: r.sheet,
      status: r.status,
      message: r.message,
      headerRow: r.header_row === null ? null : Number(r.header_row),
      extras: r.extra_columns ?? [],
      mappedHeaders: r.mapped_headers ?? [],
      mappedFilePattern: r.mapped_file_pattern,
      titleRows: parseTitleRows(r.title_rows ?? []),
      result,
    });
  }
  return [...held.values()];
}

/** The sources a file's rows are in. */
export function loadedSources(parts: readonly PartOutcome[]): string[] {
  return parts.filter((p) => p.status === 'loaded' && p.source).map((p) => p.source!);
}

/** A held file as this run reports it: its rows stayed, read by an earlier run. */
export function heldReport(file: HeldFile, how: { inFolder: boolean; note?: string }): FileReport {
  return {
    relPath: file.relPath,
    fileId: file.fileId,
    sha256: file.sha256,
    size: file.size,
    location: file.location,
    heldFrom: { runId: file.readInRun, inFolder: how.inFolder, note: how.note },
    parts: file.parts.map((p) => ({ ...p, result: p.result ? { ...p.result, skippedBy: new Map(p.result.skippedBy), rejects: [] } : null })),
  };
}

/** Records that the warehouse holds `fileId`, read at `location` by run `runId`. */
export async function hold(
  wh: Warehouse,
  file: { fileId: number; location: string; definitionSha256: string; report: FileReport; snapshot: boolean },
  runId: number,
): Promise<void> {
  // A snapshot's date: what the file states (a sheet without title rows takes another sheet's).
  const asOf = file.snapshot
    ? (file.report.parts.map((p) => (p.status === 'loaded' ? statementOf(file.report.relPath, p.titleRows ?? []).asOf?.date : undefined)).find(Boolean) ?? null)
    : null;
  await wh.query(
    `insert into etl.holdings (file_id, location, definition_sha256, sources, as_of, read_in_run, last_run_id) values ($1, $2, $3, $4, $5, $6, $6)
     on conflict (file_id) do update set location = excluded.location, definition_sha256 = excluded.definition_sha256, sources = excluded.sources,
       as_of = excluded.as_of, read_in_run = excluded.read_in_run, last_run_id = excluded.last_run_id`,
    [file.fileId, file.location, file.definitionSha256, loadedSources(file.report.parts), asOf, runId],
  );
}

/** Takes a held file's rows out of its tables and stops holding it (a new version replaces it, or etl forget). */
export async function release(wh: Warehouse, file: HeldFile): Promise<number> {
  let removed = 0;
  for (const source of new Set(loadedSources(file.parts))) {
    const { rows } = await wh.query<{ n: number }>(`with gone as (delete from ${quoteIdent(source)} where _file_id = $1 returning 1) select count(*) as n from gone`, [file.fileId]);
    removed += Number(rows[0].n);
  }
  await wh.query('delete from etl.holdings where file_id = $1', [file.fileId]);
  return removed;
}

/**
 * Of the held files `candidates`, those whose rejected or skipped rows may now load: a duplicate
 * key in a source with a file `released` (the kept row may have gone with it), or a reference
 * that was missing into a source `changed` (released or loaded). A build from the files at once
 * would load those rows; so they are read again.
 */
export async function filesThatGaveWay(
  wh: Warehouse,
  candidates: readonly number[],
  sets: { released: ReadonlySet<string>; changed: ReadonlySet<string> },
  sources: readonly SourceDefinition[],
): Promise<number[]> {
  const { released, changed } = sets;
  if (candidates.length === 0 || changed.size === 0) return [];
  const referencing = sources.filter((s) => (s.references ?? []).some((r) => changed.has(r.source))).map((s) => s.id);
  const { rows } = await wh.query<{ file_id: number }>(
    `select distinct h.file_id from etl.holdings h
     where h.file_id = any($1::bigint[]) and (
       exists (select 1 from etl.skips s where s.run_id = h.last_run_id and s.file_id = h.file_id and s.source = any($2::text[]) and s.reason = $4)
       or exists (select 1 from etl.rejects r where r.run_id >= h.read_in_run and r.file_id = h.file_id and r.source = any($2::text[]) and r.message like $5)
       or exists (select 1 from etl.rejects r where r.run_id >= h.read_in_run and r.file_id = h.file_id and r.source = any($3::text[]) and r.message like $6))
     order by 1`,
    [candidates, [...released], referencing, SKIP_DUPLICATE, `${REJECT_DUPLICATE_START}%`, `${REJECT_REFERENCE_START}%`],
  );
  return rows.map((r) => Number(r.file_id));
}
