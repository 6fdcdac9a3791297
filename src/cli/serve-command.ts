/** `etl serve [--port P]`: a read-only snapshot of the embedded warehouse over the Postgres wire protocol, for psql and other clients. */
import { InvalidArgumentError, type Command } from 'commander';
import { isIP } from 'node:net';
import { SERVE_DEFAULTS, serveWarehouse } from '../audit/warehouse-server.js';
import { warehouseConfigFromEnv } from '../db/open.js';
import { redactUrl } from '../db/postgres-warehouse.js';
import { paths } from '../paths.js';
import { parseCount } from './command-support.js';

interface ServeFlags {
  port: number;
  host: string;
  allowRemote?: boolean;
  statementTimeout: number;
  idleInTransactionTimeout: number;
  idleTimeout: number;
  maxClients: number;
}

/** Seconds (a positive number, decimals allowed) as given on the command line. */
function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0)) throw new InvalidArgumentError('expected a number of seconds such as 30 or 0.5');
  return n;
}

/** True for this machine's own addresses: 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** Adds the serve command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a read-only snapshot of the embedded warehouse on a local port, for psql and other Postgres clients')
    .option('--port <port>', 'TCP port (0 picks a free one)', parseCount, 5432)
    .option('--host <host>', 'interface to listen on (another than this machine\'s own needs --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow --host to be an address other machines can reach: anyone who reaches the port can read every row, with no password')
    .option('--statement-timeout <seconds>', 'longest a statement may run', parseSeconds, SERVE_DEFAULTS.statementTimeoutMs / 1000)
    .option('--idle-in-transaction-timeout <seconds>', 'longest a client may leave a transaction open without sending anything', parseSeconds, SERVE_DEFAULTS.idleInTransactionMs / 1000)
    .option('--idle-timeout <seconds>', 'longest a connection may stay without sending anything', parseSeconds, SERVE_DEFAULTS.idleMs / 1000)
    .option('--max-clients <n>', 'most clients connected at once', parseCount, SERVE_DEFAULTS.maxClients)
    .action(async (opts: ServeFlags) => {
      const config = warehouseConfigFromEnv();
      if (config.databaseUrl) {
        throw new Error(
          `DATABASE_URL is set, so the warehouse is the PostgreSQL server ${redactUrl(config.databaseUrl)}: there is nothing to serve. ` +
            'Connect to that server directly (psql "$DATABASE_URL"), or unset DATABASE_URL to serve the embedded warehouse',
        );
      }
      if (!isLoopback(opts.host) && !opts.allowRemote) {
        throw new Error(
          `--host ${opts.host} would let other machines connect, and this server asks no password: anyone who reaches the port could read every row of the warehouse. ` +
            'Add --allow-remote if that is what you want, or leave out --host to serve this machine only',
        );
      }
      if (opts.maxClients < 1) throw new Error('--max-clients must be at least 1');
      const dir = config.warehouseDir ?? paths.defaultWarehouse();
      const served = await serveWarehouse(dir, {
        port: opts.port,
        host: opts.host,
        statementTimeoutMs: opts.statementTimeout * 1000,
        idleInTransactionMs: opts.idleInTransactionTimeout * 1000,
        idleMs: opts.idleTimeout * 1000,
        maxClients: opts.maxClients,
        log: (line) => process.stderr.write(`etl serve: ${line}\n`),
      });
      const at = served.snapshotAt.toISOString().replace('T', ' ').slice(0, 19);
      if (!isLoopback(opts.host)) {
        process.stderr.write(
          `WARNING: listening on ${opts.host}, which other machines may reach. No password is asked: anyone who can reach port ${served.port} can read every row of the warehouse.\n`,
        );
      }
      process.stdout.write(
        `serving a read-only snapshot of the embedded warehouse ${dir} (as of ${at} UTC) on ${served.host}:${served.port}\n` +
          `  psql -h ${served.host} -p ${served.port} -U postgres postgres\n` +
          `  postgres://postgres@${served.host}:${served.port}/postgres\n` +
          'Runs can use the warehouse meanwhile; what they change is not served until you start etl serve again.\n' +
          `Snapshot: ${Math.round(served.snapshotBytes / 1e6)} MB in ${served.scratch} (removed on stop), taken in ${(served.snapshotMs / 1000).toFixed(1)} s; ` +
          `the database starts on a fresh copy of it in ${(served.startMs / 1000).toFixed(1)} s, and again after a statement is cut off.\n` +
          `Limits: ${opts.statementTimeout} s a statement, ${opts.idleInTransactionTimeout} s idle in a transaction, ${opts.idleTimeout} s idle, ${opts.maxClients} clients. Stop with Ctrl-C.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stdout.write('stopping\n');
          // Should anything hang, a second signal or 10 s end the process all the same.
          const force = () => process.exit(process.exitCode ?? 1);
          process.once('SIGINT', force);
          process.once('SIGTERM', force);
          setTimeout(force, 10_000).unref();
          served.stop().then(resolve, (error: unknown) => {
            process.stderr.write(`etl: ${(error as Error).message}\n`);
            process.exitCode = 1;
            resolve();
          });
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
