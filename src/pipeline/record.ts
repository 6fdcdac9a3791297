/**
 * Writes a run's lineage into the etl tables: files, counts, rejects, skips, figures. The files are
 * every file the figures were computed over: those read by this run and those held from earlier
 * runs (read_in_run says which); a rejected row is recorded once, by the run that rejected it.
 */
import type { Warehouse } from '../db/warehouse.js';
import type { Insertable, Kysely } from 'kysely';
import { etlDb, type EtlDatabase } from '../db/kysely.js';
import { copyLine } from '../load/copy-text.js';
import type { RunReport } from './run-report.js';
import { formatTitleRows, statementOf } from '../coverage/coverage-facts.js';

/** What is recorded of a run (a forget records files and no figures). */
export type RecordedRun = Pick<RunReport, 'runId' | 'year' | 'status' | 'files' | 'figures'>;

/**
 * Records the run: its files' parts, their rejected rows and the figures, then marks the held
 * files as recorded by it and the run as finished — in that order, so a run marked finished has
 * all its lineage written.
 */
export async function recordRun(wh: Warehouse, report: RecordedRun): Promise<void> {
  const db = etlDb(wh);
  await recordParts(db, report);
  await recordRejects(wh, report);
  await recordFigures(db, report);
  await finishRun(wh, db, report);
}

type EtlDb = Kysely<EtlDatabase>;
type RecordedFile = RecordedRun['files'][number];
type RecordedPart = RecordedFile['parts'][number];

/** One etl.run_files row per part of every file, and its skipped rows counted by reason (etl.skips). */
async function recordParts(db: EtlDb, { runId, files }: RecordedRun): Promise<void> {
  for (const f of files) {
    for (const p of f.parts) {
      await db.insertInto('etl.run_files').values(runFileRow(runId, f, p)).execute();
      for (const [reason, rows] of p.result?.skippedBy ?? []) {
        await db.insertInto('etl.skips').values({ run_id: runId, file_id: f.fileId!, source: p.source!, reason, rows }).execute();
      }
    }
  }
}

/**
 * A part as etl.run_files holds it: its counts, header and title rows, the years and date its
 * title states, and — for a loaded part only — which run read it and from where (a held file's
 * parts name the run that read them, so a file is never counted as read twice).
 */
function runFileRow(runId: number, f: RecordedFile, p: RecordedPart): Insertable<EtlDatabase['etl.run_files']> {
  const statement = p.status === 'loaded' ? statementOf(f.relPath, p.titleRows ?? []) : null;
  return {
    run_id: runId,
    file_id: f.fileId!,
    source: p.source,
    sheet: p.sheet,
    status: p.status,
    message: p.message,
    rows_read: p.result?.read ?? 0,
    rows_loaded: p.result?.loaded ?? 0,
    rows_rejected: p.result?.rejected ?? 0,
    rows_skipped: p.result?.skipped ?? 0,
    header_row: p.headerRow,
    extra_columns: p.extras,
    title_rows: formatTitleRows(p.titleRows ?? []),
    stated_years: statement?.years ?? [],
    as_of: statement?.asOf?.date ?? null,
    as_of_stated: statement?.asOf ? `${statement.asOf.where}: ${statement.asOf.text}` : null,
    mapped_headers: p.mappedHeaders ?? [],
    mapped_file_pattern: p.mappedFilePattern ?? null,
    read_in_run: p.status !== 'loaded' ? null : (f.heldFrom?.runId ?? runId),
    location: p.status !== 'loaded' ? null : (f.location ?? null),
  };
}

/**
 * Every problem of every rejected row into etl.rejects, one line each, by COPY in chunks of about
 * a megabyte: a file can have hundreds of thousands of rejects, too many for one insert each.
 */
async function recordRejects(wh: Warehouse, { runId, files }: RecordedRun): Promise<void> {
  await wh.copyFrom(
    'etl.rejects',
    ['run_id', 'file_id', 'source', 'sheet', 'row_number', 'column_name', 'raw_value', 'message'],
    (async function* () {
      for (const f of files) {
        for (const p of f.parts) {
          if (!p.result) continue;
          let chunk = '';
          for (const r of p.result.rejects) {
            for (const problem of r.problems) {
              chunk += copyLine([runId, f.fileId!, p.source!, p.sheet, r.row, problem.column, problem.value, problem.message]);
            }
            if (chunk.length > 1_000_000) {
              yield chunk;
              chunk = '';
            }
          }
          if (chunk) yield chunk;
        }
      }
    })(),
  );
}

/** Each figure's value and verdict for the run's year, with the SHA-256 of the SQL that computed it and its parameters. */
async function recordFigures(db: EtlDb, { runId, year, figures }: RecordedRun): Promise<void> {
  for (const fig of figures) {
    await db
      .insertInto('etl.figure_values')
      .values({
        run_id: runId,
        figure_id: fig.id,
        year,
        value: fig.value,
        numerator: fig.numerator,
        denominator: fig.denominator,
        status: fig.status,
        reason: fig.reason,
        display: fig.display,
        sql_sha256: fig.definition.sha256,
        parameters: JSON.stringify(fig.parameters),
        published: fig.published ? JSON.stringify(fig.published) : null,
      })
      .execute();
  }
}

/** Marks every held file as recorded by this run (its parts and counts are now this run's) and the run as finished with its status. */
async function finishRun(wh: Warehouse, db: EtlDb, { runId, status }: RecordedRun): Promise<void> {
  await wh.query('update etl.holdings set last_run_id = $1', [runId]);
  await db.updateTable('etl.runs').set({ status, finished_at: new Date().toISOString() }).where('run_id', '=', runId).execute();
}
