/**
 * Everything an auditor needs to recompute one figure of the latest run for a year: its
 * definition, SQL and SHA-256, parameters, recorded value, the input files behind it with the
 * run that loaded them, the code version, and its contributing rows.
 */
import type { Warehouse } from '../db/warehouse.js';
import { formatYears, loadCatalog, reportParameters, type FigureDefinition, type ReportParameters } from '../figures/catalog.js';
import { partTotals, sampleRows, type ContributingRow, type HashPhone } from './contributing-rows.js';
import { loadRowsDefinition, missingParameters, type Part, type RowsDefinition } from './figure-rows.js';

/** The run a figure is explained from (etl.runs). */
export interface RunInfo {
  run_id: number;
  year: number;
  input_dir: string;
  started_at: string;
  status: string;
  tool_version: string;
  git_commit: string | null;
}

/** The figure as that run recorded it (etl.figure_values). */
export interface RecordedValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  display: string | null;
  reason: string | null;
  sql_sha256: string;
  parameters: ReportParameters;
  published: { value: number; unit: string; comparator: string; precision: number } | null;
}

/** An input file behind a figure: one of its tables' files in the run. */
export interface ExplainedInput {
  fileId: number;
  source: string;
  file: string;
  sheet: string | null;
  sha256: string;
  rowsLoaded: number;
  /** The run that loaded the file (the run of the figure). */
  runId: number;
  /** Contributing rows of this file per part. */
  contributing: Partial<Record<Part, number>>;
}

/** Everything `etl explain` shows about one figure. */
export interface Explanation {
  figure: FigureDefinition;
  rowsQuery: RowsDefinition;
  run: RunInfo;
  recorded: RecordedValue;
  parameters: ReportParameters;
  inputs: ExplainedInput[];
  /** Rows and sum(contribution) per part over all files; null when the rows cannot be listed. */
  totals: Partial<Record<Part, { rows: number; total: number }>> | null;
  /** The first rows of each part, by file and row number. */
  rows: ContributingRow[];
  /** The run whose rows the warehouse tables hold now (the latest run of any year). */
  loadingRunId: number;
  warnings: string[];
}

/** Explains figure `id` of the latest run for `year`, with `rowsPerPart` contributing rows of each part. */
export async function explainFigure(wh: Warehouse, id: string, year: number, rowsPerPart: number, hashPhone: HashPhone): Promise<Explanation> {
  const figure = loadCatalog(year).find((f) => f.id === id);
  if (!figure) {
    const other = loadCatalog().filter((f) => f.id === id);
    if (other.length > 0) throw new Error(`figure ${id} is not in force for ${year} (${other.map((f) => `${f.file}: years ${formatYears(f.years)}`).join('; ')})`);
    if (!figure) throw new Error(`there is no figure ${id}; \`etl figures --year ${year}\` lists them`);
  }
  const rowsQuery = loadRowsDefinition(figure);
  const { rows: runs } = await wh.query<RunInfo>(
    'select run_id, year, input_dir, started_at, status, tool_version, git_commit from etl.runs where year = $1 order by run_id desc limit 1',
    [year],
  );
  if (runs.length === 0) throw new Error(`no run for ${year} in ${wh.description}; run \`etl run --year ${year} --input DIR\` first`);
  const run = { ...runs[0], run_id: Number(runs[0].run_id) };
  const { rows: values } = await wh.query<RecordedValue>(
    'select value, numerator, denominator, status, display, reason, sql_sha256, parameters, published from etl.figure_values where run_id = $1 and figure_id = $2',
    [run.run_id, id],
  );
  if (values.length === 0) throw new Error(`run ${run.run_id} has no value for ${id} (the figure was added after that run); run ${year} again`);
  const recorded = values[0];
  const parameters = { ...reportParameters(year), ...recorded.parameters };
  const loadingRunId = Number((await wh.query<{ run_id: number }>('select max(run_id) as run_id from etl.runs')).rows[0].run_id);
  const warnings: string[] = [];
  if (recorded.sql_sha256 !== figure.sha256) {
    warnings.push(`the SQL of ${id} changed since run ${run.run_id} (recorded SHA-256 ${recorded.sql_sha256}); the SQL shown is the current file`);
  }

  const { rows: files } = await wh.query<{ run_id: number; file_id: number; source: string; sheet: string | null; path: string; sha256: string; rows_loaded: number }>(
    `select rf.run_id, rf.file_id, rf.source, rf.sheet, f.path, f.sha256, rf.rows_loaded
     from etl.run_files rf join etl.files f using (file_id)
     where rf.run_id in ($1, $2) and rf.status = 'loaded'
     order by f.path, rf.source`,
    [run.run_id, loadingRunId],
  );
  const ofRun = (r: number) => files.filter((f) => Number(f.run_id) === r && figure.sources.includes(f.source));
  const keyOf = (f: { source: string; file_id: number }) => `${f.source}:${Number(f.file_id)}`;
  const heldNow = new Set(ofRun(loadingRunId).map(keyOf));
  const gone = ofRun(run.run_id).filter((f) => !heldNow.has(keyOf(f)));
  if (gone.length > 0) {
    warnings.push(`the warehouse no longer holds ${gone.map((f) => f.path).join(', ')} (replaced or forgotten after run ${run.run_id}; etl files lists what it holds): the contributing rows below are those it holds now`);
  }

  let totals: Explanation['totals'] = null;
  let rows: ContributingRow[] = [];
  const byFile = new Map<string, Partial<Record<Part, number>>>();
  const missing = missingParameters(rowsQuery, parameters);
  if (missing.length) {
    warnings.push(`the rows cannot be listed: the parameter ${missing.join(', ')} has no value for ${year}`);
  } else {
    totals = {};
    for (const t of await partTotals(wh, rowsQuery, parameters)) {
      const sum = (totals[t.part] ??= { rows: 0, total: 0 });
      sum.rows += t.rows;
      sum.total += t.total ?? 0;
      byFile.set(`${t.source}:${t.fileId}`, { ...byFile.get(`${t.source}:${t.fileId}`), [t.part]: t.rows });
    }
    if (rowsPerPart > 0) rows = await sampleRows(wh, rowsQuery, parameters, rowsPerPart, loadingRunId, hashPhone);
  }
  // The warehouse keeps every year's files: rows of a file read after the year's run (a late
  // export) may count in the year now — the figure computed again would differ from the run's.
  const ofTheRun = new Set(ofRun(run.run_id).map(keyOf));
  const later = [...byFile].filter(([key, parts]) => !ofTheRun.has(key) && Object.values(parts).some((n) => (n ?? 0) > 0)).map(([key]) => Number(key.split(':')[1]));
  if (later.length > 0) {
    const { rows: paths } = await wh.query<{ path: string }>('select path from etl.files where file_id = any($1::bigint[]) order by path', [later]);
    warnings.push(
      `rows of files read after run ${run.run_id} count in ${year} now: ${paths.map((p) => p.path).join(', ')}; the totals below include them, so they may differ from run ${run.run_id}'s value (a restatement of ${year}: run it again to record it)`,
    );
  }
  const inputs = ofRun(run.run_id).map((f) => ({
    fileId: Number(f.file_id),
    source: f.source,
    file: f.path,
    sheet: f.sheet,
    sha256: f.sha256,
    rowsLoaded: Number(f.rows_loaded),
    runId: run.run_id,
    contributing: byFile.get(`${f.source}:${f.file_id}`) ?? {},
  }));
  return { figure, rowsQuery, run, recorded, parameters, inputs, totals, rows, loadingRunId, warnings };
}
