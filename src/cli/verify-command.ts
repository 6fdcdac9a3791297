/** `etl verify --year Y [--input DIR]`: rebuild from the input files and compare with the warehouse. */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { latestRunOf, verifyYear } from '../pipeline/verify.js';
import { warehouseConfigFromEnv } from '../db/open.js';
import type { SourceDefinition } from '../sources/define.js';
import { piiKeyFile, resolveRunPiiKey } from '../transform/pii-key.js';
import { parseYear, withMigratedWarehouse } from './command-support.js';
import { consoleProgress } from './progress.js';

/** Adds the verify command to the program. */
export function registerVerify(program: Command, sources: readonly SourceDefinition[]): void {
  program
    .command('verify')
    .description('rebuild a year from the files the warehouse holds (read again where they were read) into a scratch warehouse and compare files, row counts and figures with the latest run')
    .requiredOption('--year <year>', 'report year', parseYear)
    .option('--input <dir>', 'rebuild from this folder only (default: every folder the year\'s latest run held files of)')
    .action(async (opts: { year: number; input?: string }) => {
      const config = warehouseConfigFromEnv();
      const inputDir = opts.input === undefined ? undefined : resolve(opts.input);
      // Read the run to compare with, and close the warehouse before the rebuild needs the memory.
      const { recorded, pii } = await withMigratedWarehouse(async (wh) => {
        const run = await latestRunOf(wh, opts.year);
        process.stderr.write(`etl verify ${opts.year}: ${inputDir ?? run.folders.join(', ')} against ${wh.description}\n`);
        // The run's own key, checked against the warehouse's (nothing is recorded): phone hashes then come out the same.
        return { recorded: run, pii: await resolveRunPiiKey(process.env, piiKeyFile(config), wh, { record: false }) };
      });
      const result = await verifyYear(config, recorded, {
        year: opts.year,
        inputDir,
        piiKey: pii.key,
        sources,
        progress: consoleProgress(),
        onScratch: (d) => process.stderr.write(`rebuilding into ${d} (removed afterwards)\n`),
      });
      const run = `run ${result.recorded.runId}`;
      const from = inputDir ?? recorded.folders.join(', ');
      if (result.differences.length === 0) {
        process.stdout.write(
          `verify: OK — a fresh rebuild of ${from} reproduces ${run} for ${opts.year}: ${result.rebuilt.files.size} files with the same SHA-256, ` +
            `the same row counts for ${result.rebuilt.sources.size} sources and the same ${result.rebuilt.figures.size} figures\n`,
        );
        return;
      }
      process.stdout.write(`${result.differences.map((d) => `  ${d}`).join('\n')}\n`);
      process.stdout.write(`verify: FAILED — ${result.differences.length} difference${result.differences.length === 1 ? '' : 's'} between ${run} for ${opts.year} and a fresh rebuild of ${from}\n`);
      process.exitCode = 1;
    });
}
