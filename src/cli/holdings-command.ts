/** `etl files` (what the warehouse holds) and `etl forget PATH…` (remove files' rows). */
import type { Command } from 'commander';
import { openWarehouse, warehouseConfigFromEnv } from '../db/open.js';
import type { Warehouse } from '../db/warehouse.js';
import { forgetFiles } from '../pipeline/forget.js';
import type { SourceDefinition } from '../sources/define.js';
import { piiKeyFile, resolveRunPiiKey } from '../transform/pii-key.js';
import { withMigratedWarehouse } from './command-support.js';
import { cellText, formatTable } from './table.js';
import { terminalText as t } from '../report/terminal-text.js';

interface HeldRow {
  location: string;
  path: string;
  sha256: string;
  size_bytes: number;
  sources: string[];
  rows: number;
  as_of: string | null;
  read_in_run: number;
  read_at: string;
  year: number | null;
}

/** Every held file (of `source`), in place order, with its rows as last counted. */
export async function heldFiles(wh: Warehouse, source?: string): Promise<HeldRow[]> {
  const { rows } = await wh.query<HeldRow>(
    `select h.location, f.path, f.sha256, f.size_bytes, h.sources, h.as_of::text as as_of, h.read_in_run, r.started_at::text as read_at, r.year,
            (select coalesce(sum(rf.rows_loaded), 0) from etl.run_files rf where rf.run_id = h.last_run_id and rf.file_id = h.file_id and rf.status = 'loaded') as rows
     from etl.holdings h join etl.files f using (file_id) join etl.runs r on r.run_id = h.read_in_run
     where $1::text is null or $1 = any(h.sources)
     order by h.location collate "C"`,
    [source ?? null],
  );
  return rows.map((r) => ({ ...r, rows: Number(r.rows), size_bytes: Number(r.size_bytes), read_in_run: Number(r.read_in_run) }));
}

export function registerHoldings(program: Command, sources: readonly SourceDefinition[]): void {
  program
    .command('files')
    .description('list the files the warehouse holds: place, SHA-256, sources, rows, the run that read it')
    .option('--source <id>', 'only the files of this source (table)')
    .option('--json', 'print JSON')
    .action(async (opts: { source?: string; json?: boolean }) => {
      if (opts.source && !sources.some((s) => s.id === opts.source)) {
        throw new Error(`there is no source ${JSON.stringify(opts.source)}; the sources are ${sources.map((s) => s.id).join(', ')}`);
      }
      await withMigratedWarehouse(async (wh) => {
        const held = await heldFiles(wh, opts.source);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(held, null, 2)}\n`);
          return;
        }
        const table = formatTable(
          ['file (where it was read)', 'sources', 'rows', 'as of', 'run', 'SHA-256'],
          held.map((h) => [t(h.location), h.sources.join(', '), h.rows.toLocaleString('en-US'), h.as_of ?? '', `${h.read_in_run}${h.year ? ` (${h.year})` : ''}`, h.sha256.slice(0, 12)].map(cellText)),
        );
        const total = held.reduce((n, h) => n + h.rows, 0);
        process.stdout.write(`${table}\n${held.length} file${held.length === 1 ? '' : 's'} held, ${total.toLocaleString('en-US')} rows${opts.source ? ` of ${opts.source}` : ''}\n`);
      });
    });

  program
    .command('forget')
    .description('remove files from the warehouse (their rows leave their tables), recorded like a run')
    .argument('[paths...]', 'files as etl files lists them, files or folders on disk, or paths inside their input folder')
    .option('--all', 'forget every file the warehouse holds (start again)')
    .action(async (paths: string[], opts: { all?: boolean }) => {
      if (!opts.all && paths.length === 0) throw new Error('name the files to forget (as etl files lists them), or --all');
      const config = warehouseConfigFromEnv();
      const wh = await openWarehouse(config);
      try {
        const pii = await resolveRunPiiKey(process.env, piiKeyFile(config), wh);
        const report = await forgetFiles(wh, { paths, all: opts.all, sources, piiKey: pii.key });
        const lines = report.forgotten.map((f) => `  forgot    ${t(f.location)} (${f.sources.join(', ')}): ${f.rowsRemoved.toLocaleString('en-US')} rows taken out; it was read in run ${f.readInRun}`);
        for (const f of report.readAgain) lines.push(`  read again ${t(f.relPath)}: ${t(f.replaced?.why ?? '')}`);
        lines.push(`forget run ${report.runId}: ${report.forgotten.length} file${report.forgotten.length === 1 ? '' : 's'} forgotten`);
        if (report.staleYears.length) {
          const them = report.forgotten.length === 1 ? 'it' : 'them';
          lines.push(`the latest figures of ${report.staleYears.join(', ')} were computed with ${them}: run that year again (etl run --year Y --input its folder; the files held are not read again) to compute them without ${them}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await wh.close();
      }
    });
}
