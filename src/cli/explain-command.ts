/** `etl explain FIGURE_ID --year Y [--rows N] [--csv FILE]`: a figure's derivation down to its rows. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { explainFigure } from '../audit/explain.js';
import { writeRowsCsv } from '../report/rows-csv.js';
import { terminalText } from '../report/terminal-text.js';
import { momentaryPhoneHasher } from '../transform/pii.js';
import { explanationText } from './explain-text.js';
import { parseCount, parseYear, withMigratedWarehouse } from './command-support.js';

/** Adds the explain command to the program. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description('how a figure of the latest run for a year was computed: SQL, parameters, input files, contributing rows')
    .argument('<figure>', 'figure id, e.g. hotline.on_time_rate')
    .requiredOption('--year <year>', 'report year', parseYear)
    .option('--rows <n>', 'show the first N contributing rows of the numerator and of the denominator', parseCount)
    .option('--csv <file>', 'write every contributing row to this CSV file')
    .action(async (id: string, opts: { year: number; rows?: number; csv?: string }) => {
      await withMigratedWarehouse(async (wh) => {
        // Loaded free text may hold a phone number: every cell of the rows shown or written is masked
        // (nothing is stored, so a key of the moment serves; its masks match none in the warehouse).
        const hashPhone = momentaryPhoneHasher();
        const explanation = await explainFigure(wh, id, opts.year, opts.rows ?? 0, hashPhone);
        process.stdout.write(explanationText(explanation, opts.rows !== undefined));
        if (opts.csv) {
          if (!explanation.totals) throw new Error(`the rows of ${id} cannot be listed for ${opts.year} (see the warning above)`);
          const file = resolve(opts.csv);
          const n = await writeRowsCsv(wh, explanation.rowsQuery, explanation.parameters, explanation.loadingRunId, hashPhone, file);
          process.stdout.write(`\n${n.toLocaleString('en-US')} contributing rows written to ${terminalText(file)}\n`);
        }
      });
    });
}
