/** `etl status --year Y [--input DIR]`: the completeness calendar, from the warehouse or from a folder before a run. */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { buildCalendar, type Calendar } from '../coverage/calendar.js';
import { failedFiles, monthsByFile, partCoverage, recordedFailures, recordedParts } from '../coverage/coverage-facts.js';
import { warehouseConfigFromEnv } from '../db/open.js';
import type { Warehouse } from '../db/warehouse.js';
import type { PartCoverage } from '../coverage/coverage.js';
import { loadCatalog, reportParameters } from '../figures/catalog.js';
import { scanFolder } from '../pipeline/scan-folder.js';
import type { SourceDefinition } from '../sources/define.js';
import { parseYear, withMigratedWarehouse } from './command-support.js';
import { consoleProgress } from './progress.js';
import { calendarText } from './status-text.js';

/** The calendar of what the warehouse holds now (the latest run's files), or null before any run. */
export async function warehouseCalendar(wh: Warehouse, year: number, sources: readonly SourceDefinition[]): Promise<{ calendar: Calendar; runId: number } | null> {
  const { rows } = await wh.query<{ run_id: number | null }>('select max(run_id) as run_id from etl.runs');
  if (rows[0].run_id === null) return null;
  const runId = Number(rows[0].run_id);
  const parts = partCoverage(await recordedParts(wh, runId), await monthsByFile(wh, sources));
  const failed = failedFiles(await recordedFailures(wh, runId), sources);
  return { calendar: buildCalendar(year, sources, parts, loadCatalog(year), reportParameters(year), failed), runId };
}

/**
 * What the warehouse holds from other folders than `dir` (its latest run records every file
 * held): with `--input`, the folder of a new year is read beside the years already loaded, so
 * figures comparing with the year before see it. None when there is no warehouse yet.
 */
export async function heldElsewhere(wh: Warehouse, sources: readonly SourceDefinition[], dir: string): Promise<PartCoverage[]> {
  const { rows } = await wh.query<{ run_id: number | null }>('select max(run_id) as run_id from etl.runs');
  if (rows[0].run_id === null) return [];
  const runId = Number(rows[0].run_id);
  const folder = `${dir.split(sep).join('/')}/`;
  const { rows: inFolder } = await wh.query<{ file_id: number }>(
    'select file_id from etl.run_files where run_id = $1 and left(location, length($2)) = $2',
    [runId, folder],
  );
  const skip = new Set(inFolder.map((r) => Number(r.file_id)));
  const parts = (await recordedParts(wh, runId)).filter((p) => !skip.has(p.fileId));
  return parts.length ? partCoverage(parts, await monthsByFile(wh, sources)) : [];
}

/** Adds the status command to the program, for the sources it is given. */
export function registerStatus(program: Command, sources: readonly SourceDefinition[]): void {
  program
    .command('status')
    .description('completeness calendar: which months, registers and snapshots the exports cover, and what each figure lacks')
    .requiredOption('--year <year>', 'report year', parseYear)
    .option('--input <dir>', 'read this folder of exports (nothing is loaded), beside what the warehouse holds from other folders')
    .option('--json', 'print JSON instead of text')
    .action(async (opts: { year: number; input?: string; json?: boolean }) => {
      let calendar: Calendar;
      let heading: string;
      if (opts.input) {
        const dir = resolve(opts.input);
        const scan = await scanFolder(dir, { sources, progress: process.stderr.isTTY ? consoleProgress() : undefined });
        const config = warehouseConfigFromEnv();
        const held = config.databaseUrl || existsSync(config.warehouseDir!) ? await withMigratedWarehouse((wh) => heldElsewhere(wh, sources, dir)) : [];
        calendar = buildCalendar(opts.year, sources, [...scan.parts, ...held], loadCatalog(opts.year), reportParameters(opts.year), scan.failed);
        heading = `Exports in ${dir} for ${opts.year} (read, not loaded; rows valid as a run would load them, before duplicates across files are removed)`;
        const files = new Set(held.map((p) => p.file)).size;
        if (files) heading += `, with the ${files} file${files === 1 ? '' : 's'} the warehouse holds from other folders (etl files lists them)`;
        for (const f of scan.failed) heading += `\n  FAILED    ${f.file}${f.sources.length ? ` (${f.sources.join(', ')})` : ''}: ${f.message}`;
        for (const f of scan.unmatched) heading += `\n  unmatched ${f}: matches no source by file name or header row`;
      } else {
        const found = await withMigratedWarehouse((wh) => warehouseCalendar(wh, opts.year, sources));
        if (!found) {
          process.stderr.write(`the warehouse holds no run yet: run \`etl run --year ${opts.year} --input DIR\`, or give \`--input DIR\` to read a folder\n`);
          process.exitCode = 1;
          return;
        }
        calendar = found.calendar;
        heading = `Exports in the warehouse (run ${found.runId}) for ${opts.year}`;
      }
      process.stdout.write(opts.json ? `${JSON.stringify(calendar, null, 2)}\n` : `${calendarText(calendar, heading)}\n`);
      if (calendar.gaps.length) process.exitCode = 1;
    });
}
