/**
 * `etl check-report FILE --year Y [--json] [--out DIR]`: every number of a draft report traced to
 * a figure of the year's latest run, or flagged (src/draft/). Exit status 1 when a figure disagrees.
 */
import type { Command } from 'commander';
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderCheckHtml, VERDICT_TEXT } from '../draft/check-report-html.js';
import { checkReport, type ReportCheck } from '../draft/check-report.js';
import type { FigureCheck, Statement } from '../draft/check.js';
import { terminalText } from '../report/terminal-text.js';
import { parseYear, withMigratedWarehouse } from './command-support.js';

/** 1-based line numbers of offsets in a text. */
function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The JSON of a check: year, file, run, figures and untraced numbers (docs/check-report.md). */
export function checkJson(check: ReportCheck): unknown {
  const lineOf = lineFinder(check.draft.text);
  const statement = (s: Statement) => ({
    verdict: s.verdict,
    line: s.place ? lineOf(s.place.originalStart) : null,
    sentence: s.sentence,
    text: s.text,
    text_value: s.text_value,
    comparator: s.comparator,
    computed_text: s.computed_text,
    reason: s.reason,
    anchor: s.anchor,
  });
  return {
    year: check.year,
    file: check.file,
    run_id: check.runId,
    figures: check.figures.map((f) => ({ id: f.id, label: f.label, ...statement(f), computed: f.computed, unit: f.unit, also: f.also.map(statement) })),
    untraced: check.untraced.map((u) => ({ line: lineOf(u.place.originalStart), sentence: u.sentence, text: u.text })),
  };
}

/** A sentence cut to about `width` characters around the number it states. */
function around(sentence: string, text: string, width = 60): string {
  const at = Math.max(0, sentence.indexOf(text));
  if (sentence.length <= width) return sentence;
  const from = Math.max(0, at - Math.floor((width - text.length) / 2));
  const to = Math.min(sentence.length, from + width);
  return `${from > 0 ? '…' : ''}${sentence.slice(from, to)}${to < sentence.length ? '…' : ''}`;
}

/** The terminal summary: counts, then every figure that does not agree, then the untraced numbers. */
export function checkSummary(check: ReportCheck, html: string | null): string {
  const t = terminalText;
  const count = (v: FigureCheck['verdict']) => check.figures.filter((f) => f.verdict === v).length;
  const lines = [
    `figures: ${check.figures.length} of ${check.year} (run ${check.runId}): ${count('agrees')} agree, ${count('disagrees')} disagree, ${count('not_computable')} not computable, ${count('not_found')} not found`,
  ];
  const label = { disagrees: 'DISAGREES', not_computable: 'NOT COMPUTABLE', not_found: 'NOT FOUND' } as const;
  for (const verdict of ['disagrees', 'not_computable', 'not_found'] as const) {
    for (const f of check.figures.filter((x) => x.verdict === verdict)) {
      lines.push(`  ${label[verdict].padEnd(14)} ${f.id} ${t(f.label)}`);
      for (const s of [f as Statement, ...f.also].filter((x) => x.sentence && (verdict !== 'disagrees' || x.verdict === 'disagrees'))) {
        lines.push(`      ${t(s.text)}: ${t(s.reason ?? VERDICT_TEXT[s.verdict])}`, `      “${t(around(s.sentence!, s.text!))}”`);
      }
      if (verdict === 'not_found' && f.reason) lines.push(`      (not computable either: ${t(f.reason)})`);
    }
  }
  if (count('not_found') === check.figures.length) {
    lines.push(`  the draft states none of the year's figures: is it the year's report? (nothing was checked; exit status 1)`);
  }
  lines.push(`untraced: ${check.untraced.length} number${check.untraced.length === 1 ? '' : 's'} with a unit that no figure states${check.untraced.length ? ':' : ''}`);
  for (const u of check.untraced) lines.push(`  ${t(u.text).padEnd(10)} “${t(around(u.sentence, u.text))}”`);
  if (html) lines.push(`output: ${html}`);
  return lines.join('\n');
}

const isSymlink = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

/** Writes check-report.html into `outDir` whole or not at all, never through a symbolic link. */
export function writeCheckHtml(check: ReportCheck, outDir: string): string {
  const file = join(outDir, 'check-report.html');
  if (isSymlink(outDir) || isSymlink(file)) throw new Error(`${isSymlink(outDir) ? outDir : file} is a symbolic link; outputs are not written through links — give a real folder with --out`);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot make the output folder ${outDir} (${(error as Error).message}): give a folder with --out`);
  }
  const temp = join(outDir, `.check-report.html.tmp-${process.pid}`);
  try {
    writeFileSync(temp, renderCheckHtml(check));
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new Error(`could not write ${file} (${(error as Error).message}); the check itself is printed above`);
  }
  return file;
}

export function registerCheckReport(program: Command): void {
  program
    .command('check-report')
    .description('check every number of a draft report (.docx, .md, .txt) against the figures of a year')
    .argument('<file>', 'the draft: Word (.docx), Markdown (.md) or text (.txt, UTF-8 or GB18030)')
    .requiredOption('--year <year>', 'report year whose latest run the draft is checked against', parseYear)
    .option('--json', 'print the check as JSON instead of the summary')
    .option('--out <dir>', 'folder for check-report.html (default: out/<year>, beside that run’s report.html)')
    .addHelpText('after', '\nExit status: 0 when no figure disagrees, 1 when one does (or the draft states none of the year\'s figures), 2 when the draft or the warehouse cannot be read.')
    .action(async (file: string, opts: { year: number; json?: boolean; out?: string }) => {
      await withMigratedWarehouse(async (wh) => {
        const check = await checkReport(wh, file, opts.year);
        let html: string | null = null;
        let failure: Error | null = null;
        try {
          html = writeCheckHtml(check, resolve(opts.out ?? join('out', String(opts.year))));
        } catch (error) {
          failure = error as Error;
        }
        if (opts.json) process.stdout.write(`${JSON.stringify(checkJson(check), null, 2)}\n`);
        else process.stdout.write(`${checkSummary(check, html)}\n`);
        if (failure) throw failure;
        // A draft that states no figure at all checked nothing: it does not pass either.
        if (check.figures.some((f) => f.verdict === 'disagrees') || check.figures.every((f) => f.verdict === 'not_found')) process.exitCode = 1;
      });
    });
}
