/** `etl freeze --year Y [--run N]`: record a year's figures as published. */
import type { Command } from 'commander';
import { freezeYear } from '../audit/freeze.js';
import { inTransaction } from '../db/warehouse.js';
import { parseCount, parseYear, withMigratedWarehouse } from './command-support.js';

/** Adds the freeze command to the program. */
export function registerFreeze(program: Command): void {
  program
    .command('freeze')
    .description('record the figures of the latest run for a year as published; later runs report every change as a restatement')
    .requiredOption('--year <year>', 'report year', parseYear)
    .option('--run <id>', 'freeze this run of the year instead of the latest', parseCount)
    .action(async (opts: { year: number; run?: number }) => {
      await withMigratedWarehouse(async (wh) => {
        const freeze = await inTransaction(wh, () => freezeYear(wh, opts.year, opts.run));
        const { rows } = await wh.query<{ n: number }>(
          "select count(*) as n from etl.frozen_figures where freeze_id = $1 and status = 'not_computable'",
          [freeze.freezeId],
        );
        process.stdout.write(
          `froze the ${freeze.figures} figures of run ${freeze.runId} as published for ${opts.year} (freeze ${freeze.freezeId}); ` +
            `later runs for ${opts.year} report every figure that changes as a restatement\n`,
        );
        if (Number(rows[0].n) > 0) process.stdout.write(`note: ${rows[0].n} of them were not computable in run ${freeze.runId}\n`);
      });
    });
}
