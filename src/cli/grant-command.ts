/** `etl grant [--role NAME]`: the read-only analyst role on a PostgreSQL warehouse. */
import type { Command } from 'commander';
import { ANALYST_ROLE, grantAnalyst } from '../audit/analyst-role.js';
import { withMigratedWarehouse } from './command-support.js';

/** Adds the grant command to the program. */
export function registerGrant(program: Command): void {
  program
    .command('grant')
    .description('create the LOGIN role analyst (if needed) and let it read, not write, every warehouse and etl table and view (server only; idempotent)')
    .option('--role <name>', 'role name', ANALYST_ROLE)
    .action(async (opts: { role: string }) => {
      await withMigratedWarehouse(async (wh) => {
        await grantAnalyst(wh, opts.role);
        process.stdout.write(
          `role ${opts.role} can log in and read every table and view of schemas public and etl in ${wh.description}, and write none. ` +
            `Give it a password as a superuser if the server asks for one: ALTER ROLE ${opts.role} PASSWORD '…'\n`,
        );
      });
    });
}
