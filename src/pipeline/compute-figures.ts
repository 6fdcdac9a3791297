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
import { computeFigure, judge } from '../figures/compute.js';
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
  const figures: FigureReport[] = [];
  for (const definition of c.catalog) {
    // A figure whose periods its exports do not cover is not computed at all: never a value from part of the data.
    const gap = gaps.get(definition.id);
    const computed = gap
      ? { id: definition.id, value: null, numerator: null, denominator: null, reason: gap, parameters: { year: c.year } }
      : await computeFigure(wh, definition, c.params);
    const judged = judge(definition, computed, c.published?.figures[definition.id]);
    figures.push({ ...judged, definition, inputs: figureInputs(c.files, definition) });
  }
  return { calendar, figures };
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
