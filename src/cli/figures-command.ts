/** `etl figures --year Y [--compare Z] [--json]`: the figures of a year's latest run, beside an earlier year's if asked. */
import type { Command } from 'commander';
import { compareYears, displayFormat, figureValuesOfYear, type DisplayFormat, type YearComparison } from '../audit/prior-year.js';
import { loadCatalog } from '../figures/catalog.js';
import { parseYear, withMigratedWarehouse } from './command-support.js';
import { formatTable } from './table.js';

interface FigureRow {
  run_id: number;
  figure_id: string;
  value: number | null;
  display: string | null;
  status: string;
  reason: string | null;
  published: { value: number; unit: string; comparator: string; precision: number } | null;
  numerator: number | null;
  denominator: number | null;
}

/** The published value as printed: `= 98.4%`. */
const publishedText = (p: FigureRow['published']) => (p ? `${p.comparator} ${p.value.toFixed(p.precision)}${p.unit}` : '');

/** Adds the figures command to the program. */
export function registerFigures(program: Command): void {
  program
    .command('figures')
    .description('print the figures of the latest run for a year, beside an earlier year’s with --compare')
    .requiredOption('--year <year>', 'report year', parseYear)
    .option('--compare <year>', 'an earlier year to show beside it, with the change: its latest freeze, else its latest run', parseYear)
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { year: number; compare?: number; json?: boolean }) => {
      if (opts.compare !== undefined && opts.compare >= opts.year) {
        throw new Error(`--compare ${opts.compare} is not a year before ${opts.year}: a year is compared with an earlier one`);
      }
      await withMigratedWarehouse(async (wh) => {
        const { rows } = await wh.query<FigureRow>(
          `select run_id, figure_id, value, display, status, reason, published, numerator, denominator
           from etl.figure_values
           where run_id = (select max(run_id) from etl.runs where year = $1)
           order by figure_id`,
          [opts.year],
        );
        if (rows.length === 0) {
          process.stderr.write(`no run for ${opts.year} in ${wh.description}; run \`etl run --year ${opts.year} --input DIR\` first\n`);
          process.exitCode = 1;
          return;
        }
        // The definitions in force for the year (a figure defined anew for it shows as it is now).
        const catalog = new Map(loadCatalog(opts.year).map((f) => [f.id, f]));
        let comparison: YearComparison | null = null;
        if (opts.compare !== undefined) {
          const format = (r: FigureRow): DisplayFormat => {
            const def = catalog.get(r.figure_id);
            if (def) return displayFormat(def, r.published);
            // A figure no longer in the catalogue: its published unit, else its unrounded value.
            return r.published ? { baseUnit: r.published.unit, unit: r.published.unit, precision: r.published.precision } : { baseUnit: '', unit: '', precision: 2 };
          };
          const earlier = await figureValuesOfYear(wh, opts.compare);
          comparison = compareYears(opts.year, rows.map((r) => ({ id: r.figure_id, value: r.value === null ? null : Number(r.value), format: format(r) })), opts.compare, earlier);
          if (!comparison) {
            process.stderr.write(`no run for ${opts.compare} in ${wh.description}: nothing to compare ${opts.year} with; run \`etl run --year ${opts.compare} --input DIR\` first\n`);
            process.exitCode = 1;
            return;
          }
        }
        const label = (id: string) => catalog.get(id)?.label ?? null;
        if (opts.json) {
          const json = rows.map((r) => {
            const row = { ...r, label: label(r.figure_id) };
            const c = comparison?.figures[r.figure_id];
            if (!comparison || !c) return row;
            const e = c.earlier;
            return {
              ...row,
              compare: e ? { year: comparison.year, value: e.value, display: e.display, status: e.status, origin: e.origin } : null,
              change: c.change,
            };
          });
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
          return;
        }
        const value = (r: FigureRow) => r.display ?? `— (${r.reason ?? 'not computable'})`;
        if (!comparison) {
          process.stdout.write(`run ${rows[0].run_id}, ${opts.year}\n`);
          process.stdout.write(`${formatTable(['figure', 'label', 'value', 'published', 'status'], rows.map((r) => [r.figure_id, label(r.figure_id) ?? '', value(r), publishedText(r.published), r.status]))}\n`);
          return;
        }
        const c = comparison;
        process.stdout.write(`run ${rows[0].run_id}, ${opts.year}, beside ${c.heading}; change from the unrounded values, in pp for a rate\n`);
        process.stdout.write(
          `${formatTable(
            ['figure', 'label', c.heading, String(opts.year), 'change', 'published', 'status'],
            rows.map((r) => [r.figure_id, label(r.figure_id) ?? '', c.figures[r.figure_id].text, value(r), c.figures[r.figure_id].change.text, publishedText(r.published), r.status]),
          )}\n`,
        );
      });
    });
}
