/**
 * The `etl` command line (see README.md and docs/operations.md). The sources it knows are handed
 * to `main` by its caller (bin/etl.js passes the registry of pipelines/).
 */
import { Command, InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import { gateSql, loadGate, statementCount, VOLATILE_FUNCTIONS_SQL } from '../audit/serve-gate.js';
import { openWarehouse, warehouseConfigFromEnv } from '../db/open.js';
import type { Warehouse } from '../db/warehouse.js';
import { migrate } from '../db/migrate.js';
import { mappingsSummary, readMappings } from '../pipeline/mappings.js';
import { runPipeline } from '../pipeline/run.js';
import { terminalLines } from '../report/terminal-text.js';
import { writeOutputs } from '../report/write-outputs.js';
import type { SourceDefinition } from '../sources/define.js';
import { piiKeyFile, resolveRunPiiKey } from '../transform/pii-key.js';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import { registerAuditCommands } from './audit-commands.js';
import { registerCheckReport } from './check-report-command.js';
import { registerFigures } from './figures-command.js';
import { registerHoldings } from './holdings-command.js';
import { registerInspect } from './inspect-command.js';
import { consoleProgress } from './progress.js';
import { registerStatus } from './status-command.js';
import { runSummary } from './summary.js';
import { cellText, formatTable } from './table.js';

function parseYear(v: string): number {
  const n = Number(v);
  if (!/^\d{4}$/.test(v) || n < 1990 || n > 2100) throw new InvalidArgumentError('expected a four-digit year such as 2023');
  return n;
}

async function withWarehouse<T>(work: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouse(warehouseConfigFromEnv());
  try {
    return await work(wh);
  } finally {
    await wh.close();
  }
}

/** `etl run`: extract → load → figures → outputs, for one report year. */
function registerRun(program: Command, sources: readonly SourceDefinition[]): void {
  program
    .command('run')
    .description('extract → load → figures → outputs, for one report year')
    .requiredOption('--year <year>', 'report year', parseYear)
    .requiredOption('--input <dir>', 'folder of the departmental exports (searched recursively)')
    .option('--out <dir>', 'output folder (default: out/<year>)')
    .option('--published <file>', 'published values to reconcile with (default: reference/published/<year>.json)')
    .addHelpText(
      'after',
      '\nEnvironment: ETL_PII_KEY (phone-masking key, at least 32 characters; default: a key file made once with mode 0600 —\n' +
        '  embedded warehouse: <warehouse folder>.pii-key beside it; PostgreSQL server: ${XDG_CONFIG_HOME:-~/.config}/csr-figures-etl/pii-keys/<host>_<port>_<database>.key;\n' +
        '  ETL_PII_KEY_FILE names another file. A warehouse keeps the key its phone hashes were made with: a run with another key is refused),\n' +
        'ETL_WORKERS (worker threads per CSV file of 32 MiB or more; default: the cores, at most 2; 1 = one pass),\n' +
        'ETL_LOCK_TIMEOUT (server warehouse: seconds a run waits for a table another session holds, then stops naming it; default 60).',
    )
    .action(async (opts: { year: number; input: string; out?: string; published?: string }) => {
      const config = warehouseConfigFromEnv();
      const keyFile = piiKeyFile(config);
      // A bad etl-mappings.json stops the run here, before the warehouse is opened (exit 2).
      const mappings = readMappings(resolve(opts.input), sources);
      await withWarehouse(async (wh) => {
        // No new key over hashes made with a lost or another key: they would never match again.
        const pii = await resolveRunPiiKey(process.env, keyFile, wh);
        process.stderr.write(`etl run ${opts.year}: ${maskPhoneNumbers(resolve(opts.input), phoneHasher(pii.key))} → ${wh.description}\n`);
        if (mappings) process.stderr.write(`applying ${mappings.name}: ${mappingsSummary(mappings)}\n`);
        const started = Date.now();
        const report = await runPipeline(wh, {
          year: opts.year,
          inputDir: resolve(opts.input),
          mappings,
          publishedFile: opts.published ? resolve(opts.published) : undefined,
          piiKey: pii.key,
          progress: consoleProgress(),
          sources,
        });
        const outDir = resolve(opts.out ?? join('out', String(opts.year)));
        const written = await writeOutputs(report, outDir);
        process.stdout.write(`${runSummary(report, written, (Date.now() - started) / 1000)}\n`);
        if (report.status !== 'succeeded') process.exitCode = 1;
      });
    });
}

/**
 * Refuses, before it runs, what `etl sql` may not do, by the gate of etl serve (serve-gate.ts):
 * without --write anything but reading; with it, touching the server's files or running code the
 * gate cannot read. The read-only transaction stays as a second guard.
 */
async function gateStatement(wh: Warehouse, statement: string, write: boolean): Promise<void> {
  await loadGate();
  if (statementCount(statement) > 1) throw new Error(ONE_STATEMENT);
  const volatile = write ? [] : (await wh.query<{ proname: string }>(VOLATILE_FUNCTIONS_SQL)).rows.map((r) => r.proname);
  const verdict = gateSql(statement, new Set(volatile), write ? 'write' : 'read');
  if (!verdict) return;
  if (verdict.code === '42601') throw new Error(verdict.why);
  const rule = verdict.everyMode
    ? "etl sql never touches the server's files or runs code it cannot read, even with --write (to keep rows in a file, redirect the output of etl sql --json)"
    : 'etl sql only reads; add --write to change the warehouse';
  throw new Error(`refused: ${verdict.why}. ${rule}`);
}

const ONE_STATEMENT = 'etl sql runs one statement at a time: give each its own `etl sql`';

/** `etl sql`: one statement against the warehouse, read-only unless --write. */
function registerSql(program: Command): void {
  program
    .command('sql')
    .description('run one SQL statement against the warehouse and print the result (read-only unless --write)')
    .argument('<statement>', 'e.g. "select count(*) from hotline_tickets"')
    .option('--json', 'print JSON rows instead of a table')
    .option('--write', "let the statement change the warehouse (it is committed); never the server's files")
    .action(async (statement: string, opts: { json?: boolean; write?: boolean }) => {
      await withWarehouse(async (wh) => {
        await migrate(wh);
        // One statement, in a read-only transaction unless --write: the same on both warehouses.
        await wh.exec(opts.write ? 'begin' : 'begin transaction read only');
        let result;
        try {
          await gateStatement(wh, statement, opts.write === true);
          result = await wh.queryOne<Record<string, unknown>>(statement);
          await wh.exec('commit');
        } catch (error) {
          await wh.exec('rollback').catch(() => undefined);
          const message = error instanceof Error ? error.message : String(error);
          if (/multiple commands|cannot insert multiple/i.test(message)) throw new Error(ONE_STATEMENT);
          if (/read-only transaction/i.test(message)) throw new Error(`${message} — etl sql only reads; add --write to change the warehouse`);
          throw error;
        }
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result.rows, null, 2)}\n`);
          return;
        }
        if (result.rows.length === 0) {
          process.stdout.write(`(${result.rowCount} rows)\n`);
          return;
        }
        const header = Object.keys(result.rows[0]);
        process.stdout.write(`${formatTable(header, result.rows.map((r) => header.map((h) => cellText(r[h]))))}\n(${result.rows.length} rows)\n`);
      });
    });
}

/** Runs the command line of `argv` over `sources` (exit status in process.exitCode). */
export async function main(sources: readonly SourceDefinition[], argv: readonly string[] = process.argv): Promise<void> {
  const program = new Command();
  program
    .name('etl')
    .description('Turns departmental Excel/CSV exports into the figures of the yearly social-responsibility report.\n' +
      'Warehouse: DATABASE_URL=postgres://… for a server, else the embedded one in ETL_WAREHOUSE_DIR (default .warehouse/).')
    .option('--debug', 'show stack traces of errors');

  registerRun(program, sources);
  registerFigures(program);
  registerSql(program);
  registerAuditCommands(program, sources);
  registerStatus(program, sources);
  registerInspect(program, sources);
  registerHoldings(program, sources);
  registerCheckReport(program);

  await program.parseAsync(argv).catch((error: unknown) => {
    const debug = program.opts<{ debug?: boolean }>().debug;
    const message = error instanceof Error ? error.message : String(error);
    // A message may quote a file, sheet or header name: shown with its control and bidi characters escaped.
    process.stderr.write(`etl: ${terminalLines(message)}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  });
}
