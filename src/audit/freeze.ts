/**
 * Freezing a year's figures as published (`etl freeze`), and the restatements a later run
 * reports: each frozen figure whose value changed since, with the input files that differ.
 */
import type { Warehouse } from '../db/warehouse.js';

/** A freeze of a year (etl.freezes). */
export interface FreezeRef {
  freezeId: number;
  runId: number;
  frozenAt: string;
}

/** A figure's value as frozen, or as a run computed it. */
export interface FrozenValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  display: string | null;
  status: string;
}

/** An input file of a figure's sources that differs between the frozen run and this one. */
export interface FileChange {
  source: string;
  file: string;
  /** SHA-256 in the frozen run; null when the file is new. */
  frozenSha256: string | null;
  /** SHA-256 now; null when the file is gone. */
  sha256: string | null;
}

/** A frozen figure whose value a later run changed. */
export interface Restatement {
  figureId: string;
  label: string;
  frozen: FrozenValue;
  now: FrozenValue;
  /** The figure's SQL file changed since the freeze. */
  sqlChanged: boolean;
  files: FileChange[];
}

/** What the audit reads of a run's figure (a FigureReport of src/pipeline/run-report.ts is one). */
export interface AuditedFigure extends FrozenValue {
  id: string;
  definition: { label: string; sha256: string; sources: readonly string[] };
}

/** What the audit reads of a run (a RunReport of src/pipeline/run-report.ts is one): its files' loaded parts and its figures. */
export interface AuditedRun {
  runId: number;
  year: number;
  files: readonly { relPath: string; sha256: string | null; parts: readonly { status: string; source: string | null }[] }[];
  figures: readonly AuditedFigure[];
}

/** Whether two figure values are the same (both absent, or equal up to float noise). */
export function sameValue(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Freezes the figures of run `runId` (default: the latest run for `year`); returns the freeze. */
export async function freezeYear(wh: Warehouse, year: number, runId?: number): Promise<FreezeRef & { figures: number }> {
  const { rows: runs } = await wh.query<{ run_id: number; year: number }>(
    runId === undefined ? 'select run_id, year from etl.runs where year = $1 order by run_id desc limit 1' : 'select run_id, year from etl.runs where run_id = $2 and year = $1',
    runId === undefined ? [year] : [year, runId],
  );
  if (runs.length === 0) {
    throw new Error(runId === undefined ? `no run for ${year} to freeze; run \`etl run --year ${year} --input DIR\` first` : `run ${runId} is not a run for ${year}`);
  }
  const run = Number(runs[0].run_id);
  const { rows } = await wh.query<{ freeze_id: number; frozen_at: string }>('insert into etl.freezes (year, run_id) values ($1, $2) returning freeze_id, frozen_at', [year, run]);
  const freezeId = Number(rows[0].freeze_id);
  const copied = await wh.query(
    `insert into etl.frozen_figures (freeze_id, figure_id, value, numerator, denominator, display, status, sql_sha256)
     select $1, figure_id, value, numerator, denominator, display, status, sql_sha256 from etl.figure_values where run_id = $2`,
    [freezeId, run],
  );
  return { freezeId, runId: run, frozenAt: rows[0].frozen_at, figures: copied.rowCount };
}

/** A frozen year before the run's, its figures computed again over what the warehouse holds now. */
export interface EarlierYear {
  year: number;
  frozen: FreezeRef;
  /** Its figures that differ from their frozen values: restatements of that year. */
  restatements: Restatement[];
}

/** The latest freeze of `year`, or null. */
export async function latestFreeze(wh: Warehouse, year: number): Promise<FreezeRef | null> {
  const { rows } = await wh.query<{ freeze_id: number; run_id: number; frozen_at: string }>(
    'select freeze_id, run_id, frozen_at from etl.freezes where year = $1 order by freeze_id desc limit 1',
    [year],
  );
  return rows.length ? { freezeId: Number(rows[0].freeze_id), runId: Number(rows[0].run_id), frozenAt: rows[0].frozen_at } : null;
}

/** Compares a run's figures with the latest freeze of its year. */
export async function restatementsOf(wh: Warehouse, report: AuditedRun): Promise<{ frozen: FreezeRef | null; restatements: Restatement[] }> {
  const frozen = await latestFreeze(wh, report.year);
  if (!frozen) return { frozen: null, restatements: [] };
  const { rows: values } = await wh.query<FrozenValue & { figure_id: string; sql_sha256: string }>(
    'select figure_id, value, numerator, denominator, display, status, sql_sha256 from etl.frozen_figures where freeze_id = $1',
    [frozen.freezeId],
  );
  const { rows: frozenFiles } = await wh.query<{ source: string; path: string; sha256: string }>(
    `select rf.source, f.path, f.sha256 from etl.run_files rf join etl.files f using (file_id)
     where rf.run_id = $1 and rf.status = 'loaded'`,
    [frozen.runId],
  );
  const nowFiles = report.files.flatMap((f) => f.parts.filter((p) => p.status === 'loaded' && p.source).map((p) => ({ source: p.source!, path: f.relPath, sha256: f.sha256! })));
  const byId = new Map(values.map((v) => [v.figure_id, v]));
  const restatements: Restatement[] = [];
  for (const figure of report.figures) {
    const before = byId.get(figure.id);
    if (!before || sameValue(before.value, figure.value)) continue;
    const sources = new Set(figure.definition.sources);
    restatements.push({
      figureId: figure.id,
      label: figure.definition.label,
      frozen: { value: before.value, numerator: before.numerator, denominator: before.denominator, display: before.display, status: before.status },
      now: { value: figure.value, numerator: figure.numerator, denominator: figure.denominator, display: figure.display, status: figure.status },
      sqlChanged: before.sql_sha256 !== figure.definition.sha256,
      files: fileChanges(frozenFiles.filter((f) => sources.has(f.source)), nowFiles.filter((f) => sources.has(f.source))),
    });
  }
  return { frozen, restatements };
}

function fileChanges(before: { source: string; path: string; sha256: string }[], after: { source: string; path: string; sha256: string }[]): FileChange[] {
  const key = (f: { source: string; path: string }) => `${f.source}\u0000${f.path}`;
  const old = new Map(before.map((f) => [key(f), f]));
  const changes: FileChange[] = [];
  for (const f of after) {
    const o = old.get(key(f));
    old.delete(key(f));
    if (!o || o.sha256 !== f.sha256) changes.push({ source: f.source, file: f.path, frozenSha256: o?.sha256 ?? null, sha256: f.sha256 });
  }
  for (const o of old.values()) changes.push({ source: o.source, file: o.path, frozenSha256: o.sha256, sha256: null });
  return changes.sort((a, b) => a.file.localeCompare(b.file));
}
