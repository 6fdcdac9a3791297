/**
 * `etl inspect FILE [--mappings F] [--json]`: which source an export resembles and how each of its
 * headers maps (see pipeline/inspect-file.ts). Reads only the file's first rows; opens no warehouse.
 */
import type { Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SourceDefinition } from '../sources/define.js';
import { inspectFile, type FileInspection, type SourceFit } from '../pipeline/inspect-file.js';
import { applyMappings, MAPPINGS_FILE, mappingsSummary, readMappingsFile, type Mappings } from '../pipeline/mappings.js';
import { terminalLines, terminalText as t } from '../report/terminal-text.js';
import { formatTable } from './table.js';

const HOW: Record<string, string> = {
  matched: 'matched',
  alias: 'alias',
  mapped: 'mapped',
  unknown: 'unknown',
};

const indent = (text: string, by: string) => text.split('\n').map((l) => (l ? by + l : l)).join('\n');

/** One source's fit: the header row with how each cell maps, what is missing, and the mapping line that would help. */
function fitText(fit: SourceFit, mappings: Mappings | null): string {
  const lines: string[] = [];
  const where = fit.headerRow === null ? 'no row of the first 20 holds any of its headers' : `row ${fit.headerRow}`;
  lines.push(`${fit.source} (${fit.title}), ${where}: ${fit.requiredFound} of ${fit.requiredTotal} required columns${fit.complete ? ', complete' : ''}`);
  if (fit.cells.length) {
    const table = formatTable(
      ['col', 'header', 'how', 'column'],
      fit.cells.map((c) => [
        c.letter,
        c.header,
        HOW[c.status],
        c.column === null
          ? 'not in the contract: not loaded'
          : `${c.column}${c.status === 'matched' ? '' : ` (${c.canonical})`}${c.status === 'mapped' ? `, by ${mappings?.name ?? MAPPINGS_FILE}` : ''}`,
      ]),
    );
    lines.push(indent(table, '  '));
  }
  if (fit.missingRequired.length) {
    lines.push(`  missing required: ${fit.missingRequired.map((m) => `${m.header} (${m.column}${m.accepted.length ? `; also accepted: ${m.accepted.join(', ')}` : ''})`).join(', ')}`);
  }
  for (const d of fit.duplicated) lines.push(`  named twice: ${d.header} (${d.column}) in columns ${d.letters.join(' and ')}: a run refuses this header; keep one of them`);
  if (fit.missingOptional.length) lines.push(`  optional, absent: ${fit.missingOptional.map((m) => `${m.header} (${m.column})`).join(', ')}`);
  const which = fit.candidates.map((c) => `${t(c.header)} is ${c.canonical} (${c.column})`).join(' and ');
  if (fit.suggestion) lines.push(`  if ${which}, add to ${MAPPINGS_FILE} (at the top of the input folder, under "sources"): ${t(fit.suggestion)}`);
  return lines.join('\n');
}

/** The inspection as text for a clerk, for the terminal (control and bidi characters escaped). */
export function inspectionText(x: FileInspection, mappings: Mappings | null, mappingsWhere: string): string {
  const lines: string[] = [];
  lines.push(`file:      ${t(x.file)}${x.format ? ` (${x.format === 'csv' ? 'CSV' : 'workbook'})` : ''}`);
  lines.push(`mappings:  ${mappings ? `${mappingsWhere}, SHA-256 ${mappings.sha256.slice(0, 12)}…: ${mappingsSummary(mappings)}` : mappingsWhere}`);
  if (x.byFileName.length) {
    lines.push(
      `file name: matches ${x.byFileName.map((b) => `${b.source} (${b.title})${b.mappedPattern ? ` by the ${mappings?.name ?? MAPPINGS_FILE} pattern ${b.mappedPattern}` : ''}`).join(', ')}`,
    );
  } else lines.push("file name: matches no source's file-name pattern; a run tells the source by the header row");
  if (x.error) lines.push('', `the file ${t(x.error)}`);
  for (const sheet of x.sheets) {
    lines.push('');
    const title = sheet.sheet === null ? '' : `sheet ${t(sheet.sheet)}: `;
    if (sheet.skipped) {
      lines.push(`${title}not read: ${t(sheet.skipped)}`);
      continue;
    }
    const loaded = sheet.fits.find((f) => f.source === sheet.loadsAs);
    if (loaded) {
      if (title) lines.push(title.trimEnd());
      lines.push(indent(fitText(loaded, mappings), title ? '  ' : ''));
      const others = sheet.fits.filter((f) => f !== loaded && f.complete).map((f) => f.source);
      if (others.length) lines.push(`  (the header of ${others.join(', ')} is complete too; a run takes the source naming most of the columns)`);
      continue;
    }
    const fits = sheet.fits.filter((f) => f.requiredFound > 0);
    if (fits.length === 0) {
      lines.push(`${title}no row of the first 20 holds a header of any source`);
      continue;
    }
    lines.push(`${title}no source's complete header on the first 20 rows; closest:`);
    for (const f of fits.slice(0, 3)) lines.push(`  ${f.source} (${f.title}): ${f.requiredFound} of ${f.requiredTotal} required headers${f.headerRow ? ` on row ${f.headerRow}` : ''}`);
    // In detail: the sources the file name promises, else the closest one.
    const detailed = fits.some((f) => f.byFileName) ? fits.filter((f) => f.byFileName) : fits.slice(0, 1);
    for (const f of detailed) lines.push('', indent(fitText(f, mappings), '  '));
  }
  lines.push('');
  const v = x.verdict;
  for (const l of v.loads) lines.push(`a run loads ${l.sheet === null ? 'it' : `sheet ${t(l.sheet)}`} as ${l.source}`);
  for (const f of v.fails) lines.push(`a run fails it${f.source ? ` for ${f.source}` : ''}: ${t(f.message)}`);
  if (v.unmatched) lines.push(x.error ? 'a run lists it as matching no source' : 'a run lists it as matching no source (by file name or header row)');
  return terminalLines(lines.join('\n'));
}

/** Adds the inspect command to the program. */
export function registerInspect(program: Command, sources: readonly SourceDefinition[]): void {
  program
    .command('inspect')
    .description('which source an export resembles and how each header maps (no warehouse needed)')
    .argument('<file>', 'an export (.csv, .xlsx …), or an etl-mappings.json to check')
    .option('--mappings <file>', `mapping file to apply (default: ${MAPPINGS_FILE} beside FILE, if there is one)`)
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      '\nEach header is matched (the canonical header), alias (a spelling in pipelines/), mapped (a spelling from\n' +
        `${MAPPINGS_FILE}) or unknown (not in the contract). Exit status: 0 when a run would load the file, 1 when it\n` +
        'would fail it or match it to no source, 2 when FILE or the mapping file cannot be used.',
    )
    .action(async (file: string, opts: { mappings?: string; json?: boolean }) => {
      const path = resolve(file);
      if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`${file} is not a file`);
      // A mapping file given as FILE is checked as one.
      if (basename(path).toLowerCase().endsWith('.json')) {
        const m = readMappingsFile(path, sources, file);
        const summary = { file: m.name, sha256: m.sha256, valid: true, summary: mappingsSummary(m), sources: m.sources };
        process.stdout.write(opts.json ? `${JSON.stringify(summary, null, 2)}\n` : `${file} is a valid mapping file: ${summary.summary}\n`);
        return;
      }
      let mappings: Mappings | null = null;
      let where: string;
      if (opts.mappings) {
        mappings = readMappingsFile(resolve(opts.mappings), sources, opts.mappings);
        where = opts.mappings;
      } else {
        const beside = join(dirname(path), MAPPINGS_FILE);
        mappings = existsSync(beside) ? readMappingsFile(beside, sources, MAPPINGS_FILE) : null;
        where = mappings ? `${MAPPINGS_FILE} beside the file` : `none (no ${MAPPINGS_FILE} beside the file; --mappings F applies one)`;
      }
      const inspection = await inspectFile(path, applyMappings(sources, mappings), mappings);
      inspection.file = file;
      process.stdout.write(opts.json ? `${JSON.stringify(inspection, null, 2)}\n` : `${inspectionText(inspection, mappings, where)}\n`);
      const v = inspection.verdict;
      if (v.loads.length === 0 || v.fails.length > 0) process.exitCode = 1;
    });
}
