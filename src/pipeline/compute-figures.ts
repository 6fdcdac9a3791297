/**
 * The run's third stage: the completeness calendar of the files held, and each figure of a year —
 * computed where its periods are covered, judged against the published value. And, when a run
 * changed rows, the figures of every year already frozen computed again: one that changed is a
 * restatement of that year (a late export of 2023 rows in a 2024 run, say).
 */
import { restatementsOf, type EarlierYear } from '../audit/freeze.js';
import { buildCalendar, type Calendar } from '../coverage/calendar.js';
import { failedFiles, monthsByFile, partCoverage, statementOf, type LoadedPart } from '../coverage/coverage-facts.js';
import type { Warehouse } from '../db/warehouse.js';
import { loadCatalog, reportParameters, type FigureDefinition, type ReportParameters } from '../figures/catalog.js';
import { computeFigure, judge, type FigureValue } from '../figures/compute.js';
import type { PublishedValues } from '../figures/published.js';
import type { SourceDefinition } from '../sources/define.js';
import type { FigureReport, FileReport, RunProgress } from './run-report.js';

export type { EarlierYear };

/** What computing a year's figures needs. */
export interface FigureComputation {
  year: number;
  sources: readonly SourceDefinition[];
  catalog: FigureDefinition[];
  params: ReportParameters;
  published: PublishedValues | null;
  /** Every file the figures are computed over: read by the run or held from earlier runs. */
  files: readonly FileReport[];
  progress: RunProgress;
  /** The run computing them: a figure of an earlier run of the year over exactly the same rows is taken from it, not computed again. */
  runId?: number;
}

/** The parts held, with what each file states about the period it covers. */
function loadedParts(files: readonly FileReport[]): LoadedPart[] {
  return files.flatMap((f) =>
    f.parts
      .filter((p) => p.status === 'loaded' && p.source && p.result)
      .map((p) => ({ fileId: f.fileId!, file: f.relPath, sheet: p.sheet, source: p.source!, rows: p.result!.loaded, rejected: p.result!.rejected, statement: statementOf(f.relPath, p.titleRows ?? []) })),
  );
}

/** The completeness calendar of the files, and each figure: computed where its periods are covered, judged against the published value. */
export async function computeFigures(wh: Warehouse, c: FigureComputation): Promise<{ calendar: Calendar; figures: FigureReport[] }> {
  c.progress.stage?.(`computing ${c.catalog.length} figures${c.published ? '' : ` of ${c.year}`}`);
  const failedParts = failedFiles(
    c.files.flatMap((f) => f.parts.filter((p) => p.status === 'failed').map((p) => ({ relPath: f.relPath, source: p.source, message: p.message ?? '' }))),
    c.sources,
  );
  const calendar = buildCalendar(c.year, c.sources, partCoverage(loadedParts(c.files), await monthsByFile(wh, c.sources)), c.catalog, c.params, failedParts);
  const gaps = new Map(calendar.gaps.map((g) => [g.figure, g.reason]));
  const unchanged = c.runId === undefined ? new Map<string, FigureValue>() : await valuesOverTheSameRows(wh, { ...c, runId: c.runId });
  const figures: FigureReport[] = [];
  for (const definition of c.catalog) {
    // A figure whose periods its exports do not cover is not computed at all: never a value from part of the data.
    const gap = gaps.get(definition.id);
    const computed = gap
      ? { id: definition.id, value: null, numerator: null, denominator: null, reason: gap, parameters: { year: c.year } }
      : (unchanged.get(`${definition.id}\0${definition.sha256}`) ?? (await computeFigure(wh, definition, c.params)));
    const judged = judge(definition, computed, c.published?.figures[definition.id]);
    figures.push({ ...judged, definition, inputs: figureInputs(c.files, definition) });
  }
  return { calendar, figures };
}

/**
 * The figure values of the year's previous run, when this run computes them over exactly the same
 * rows: no file read by this run, the same files held with the same counts (no run since changed
 * a row: each run records every held file), no migration applied since (the SQL functions the
 * figures use), and the same parameters. Keyed by figure id and SQL SHA-256: a figure whose SQL
 * changed is computed again. A value is a function of the rows, the SQL and the parameters, so
 * taking it over is exact; on millions of rows it saves most of a run that reads nothing.
 */
async function valuesOverTheSameRows(wh: Warehouse, c: FigureComputation & { runId: number }): Promise<Map<string, FigureValue>> {
  const none = new Map<string, FigureValue>();
  if (c.files.some((f) => !f.heldFrom && f.parts.some((p) => p.status === 'loaded'))) return none;
  const { rows: runs } = await wh.query<{ run_id: number; parameters: Record<string, unknown>; newer_migrations: boolean }>(
    `select r.run_id, r.parameters, exists (select 1 from etl.schema_migrations m where m.applied_at >= r.started_at) as newer_migrations
     from etl.runs r where r.year = $1 and r.kind = 'run' and r.run_id < $2 order by r.run_id desc limit 1`,
    [c.year, c.runId],
  );
  const previous = runs[0];
  if (!previous || previous.newer_migrations) return none;
  const { published: _published, mappings: _mappings, ...params } = previous.parameters;
  if (JSON.stringify(params) !== JSON.stringify(c.params)) return none;
  const key = (fileId: number, source: string, loaded: number, readIn: number) => `${fileId}:${source}:${loaded}:${readIn}`;
  const { rows: parts } = await wh.query<{ file_id: number; source: string; rows_loaded: number; read_in_run: number | null }>(
    `select file_id, source, rows_loaded, read_in_run from etl.run_files where run_id = $1 and status = 'loaded'`,
    [previous.run_id],
  );
  const then = parts.map((p) => key(Number(p.file_id), p.source, Number(p.rows_loaded), Number(p.read_in_run))).sort();
  const now = c.files
    .flatMap((f) => f.parts.filter((p) => p.status === 'loaded' && p.source && p.result).map((p) => key(f.fileId!, p.source!, p.result!.loaded, f.heldFrom!.runId)))
    .sort();
  if (then.join(',') !== now.join(',')) return none;
  const { rows: values } = await wh.query<{ figure_id: string; sql_sha256: string; value: number | null; numerator: number | null; denominator: number | null; reason: string | null; parameters: ReportParameters }>(
    // A figure not computable then is computed again: its reason may come from the completeness rules, not from the rows.
    `select figure_id, sql_sha256, value, numerator, denominator, reason, parameters from etl.figure_values where run_id = $1 and status <> 'not_computable'`,
    [previous.run_id],
  );
  return new Map(values.map((v) => [`${v.figure_id}\0${v.sql_sha256}`, { id: v.figure_id, value: v.value, numerator: v.numerator, denominator: v.denominator, reason: v.reason, parameters: v.parameters }]));
}

/** The loaded parts of the figure's tables, with each file's SHA-256. */
function figureInputs(files: readonly FileReport[], definition: FigureDefinition): FigureReport['inputs'] {
  return files.flatMap((f) =>
    f.parts
      .filter((p) => p.result && p.source && definition.sources.includes(p.source))
      .map((p) => ({ source: p.source!, file: f.relPath, sha256: f.sha256!, rows_loaded: p.result!.loaded })),
  );
}

/** Every year before `c.year` with a freeze: its figures computed again now, and those that changed since the freeze. */
export async function restateFrozenYears(wh: Warehouse, c: Pick<FigureComputation, 'year' | 'sources' | 'files' | 'progress'> & { runId: number }): Promise<EarlierYear[]> {
  const { rows } = await wh.query<{ year: number }>('select distinct year from etl.freezes where year < $1 order by year', [c.year]);
  const earlier: EarlierYear[] = [];
  for (const { year } of rows.map((r) => ({ year: Number(r.year) }))) {
    const { figures } = await computeFigures(wh, { ...c, year, catalog: loadCatalog(year), params: reportParameters(year), published: null });
    const { frozen, restatements } = await restatementsOf(wh, { runId: c.runId, year, files: c.files, figures });
    if (frozen) earlier.push({ year, frozen, restatements });
  }
  return earlier;
}
