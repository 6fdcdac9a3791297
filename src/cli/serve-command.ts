/** `etl serve [--port P]`: the embedded warehouse over the Postgres wire protocol, for psql and other clients. */
import type { Command } from 'commander';
import { serveWarehouse } from '../audit/warehouse-server.js';
import { warehouseConfigFromEnv } from '../db/open.js';
import { redactUrl } from '../db/postgres-warehouse.js';
import { paths } from '../paths.js';
import { parseCount } from './command-support.js';

/** Adds the serve command to the program. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the embedded warehouse on a local port so that psql and other Postgres clients can query it (read-only unless --writable)')
    .option('--port <port>', 'TCP port (0 picks a free one)', parseCount, 5432)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--writable', 'allow clients to write (by default every transaction is read-only)')
    .action(async (opts: { port: number; host: string; writable?: boolean }) => {
      const config = warehouseConfigFromEnv();
      if (config.databaseUrl) {
        throw new Error(
          `DATABASE_URL is set, so the warehouse is the PostgreSQL server ${redactUrl(config.databaseUrl)}: there is nothing to serve. ` +
            'Connect to that server directly (psql "$DATABASE_URL"), or unset DATABASE_URL to serve the embedded warehouse',
        );
      }
      const dir = config.warehouseDir ?? paths.defaultWarehouse();
      const served = await serveWarehouse(dir, { port: opts.port, host: opts.host, writable: opts.writable });
      const mode = opts.writable ? 'read-write' : 'read-only';
      process.stdout.write(
        `serving the embedded warehouse ${dir} (${mode}) on ${served.host}:${served.port}\n` +
          `  psql -h ${served.host} -p ${served.port} -U postgres postgres\n` +
          `  postgres://postgres@${served.host}:${served.port}/postgres\n` +
          'Runs cannot use the warehouse meanwhile. Stop with Ctrl-C.\n',
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stdout.write('stopping: closing the warehouse\n');
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
