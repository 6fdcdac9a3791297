/**
 * Writes a run's lineage into the etl tables: files, counts, rejects, skips, figures. The files are
 * every file the figures were computed over: those read by this run and those held from earlier
 * runs (read_in_run says which); a rejected row is recorded once, by the run that rejected it.
 */
import type { Warehouse } from '../db/warehouse.js';
import { etlDb } from '../db/kysely.js';
import { copyLine } from '../load/copy-text.js';
import type { RunReport } from './run-report.js';
import { formatTitleRows, statementOf } from '../coverage/coverage-facts.js';

/** What is recorded of a run (a forget records files and no figures). */
export type RecordedRun = Pick<RunReport, 'runId' | 'year' | 'status' | 'files' | 'figures'>;

export async function recordRun(wh: Warehouse, report: RecordedRun): Promise<void> {
  const db = etlDb(wh);
  const { runId } = report;
  for (const f of report.files) {
    for (const p of f.parts) {
      const statement = p.status === 'loaded' ? statementOf(f.relPath, p.titleRows ?? []) : null;
      await db
        .insertInto('etl.run_files')
        .values({
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
        })
        .execute();
      for (const [reason, rows] of p.result?.skippedBy ?? []) {
        await db.insertInto('etl.skips').values({ run_id: runId, file_id: f.fileId!, source: p.source!, reason, rows }).execute();
      }
    }
  }
  await wh.copyFrom(
    'etl.rejects',
    ['run_id', 'file_id', 'source', 'sheet', 'row_number', 'column_name', 'raw_value', 'message'],
    (async function* () {
      for (const f of report.files) {
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
  for (const fig of report.figures) {
    await db
      .insertInto('etl.figure_values')
      .values({
        run_id: runId,
        figure_id: fig.id,
        year: report.year,
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
  // Every held file's parts and counts are now those recorded by this run.
  await wh.query('update etl.holdings set last_run_id = $1', [runId]);
  await db.updateTable('etl.runs').set({ status: report.status, finished_at: new Date().toISOString() }).where('run_id', '=', runId).execute();
}
