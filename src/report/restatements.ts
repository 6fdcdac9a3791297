/** The restatements of a run as report text: which frozen figures changed, and which files differ. */
import type { FileChange, FreezeRef, FrozenValue, Restatement } from '../audit/freeze.js';
import type { ReportModel } from './report-model.js';

/** The columns of the restatements table. */
export const RESTATEMENT_HEADER = ['figure', 'label', 'frozen', 'now', 'input files that differ (SHA-256 frozen → now)'];

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '—');

/** A value as the reader compares it: the display text and the unrounded value. */
export function valueText(v: FrozenValue): string {
  if (v.value === null) return `not computable (${v.status})`;
  const unrounded = v.value.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return v.display ? `${v.display} (${unrounded})` : unrounded;
}

/** One file that differs: `path: 1a2b… → 9f8e…`, or that it is new or gone. */
export function fileChangeText(c: FileChange): string {
  if (c.frozenSha256 === null) return `${c.file}: new (${short(c.sha256)})`;
  if (c.sha256 === null) return `${c.file}: gone (was ${short(c.frozenSha256)})`;
  return `${c.file}: ${short(c.frozenSha256)} → ${short(c.sha256)}`;
}

function filesText(r: Restatement): string[] {
  const lines = r.files.map(fileChangeText);
  if (r.sqlChanged) lines.push('the figure’s SQL changed');
  return lines.length ? lines : ['no input file differs'];
}

/** The sentence introducing the restatements, or null when the year was never frozen. */
export function restatementIntro(m: ReportModel): string | null {
  const frozen = m.audit?.frozen;
  if (!frozen) return null;
  return introOf(m.year, frozen, m.audit!.restatements.length, 'since');
}

function introOf(year: number, frozen: FreezeRef, n: number, how: 'since' | 'by this run'): string {
  const was = `The figures of ${year} were frozen as published on ${frozen.frozenAt.slice(0, 19)} (freeze ${frozen.freezeId}, run ${frozen.runId}).`;
  if (how === 'since') return n === 0 ? `${was} No figure changed since.` : `${was} ${n} figure${n === 1 ? '' : 's'} changed since: restated below.`;
  return n === 0
    ? `${was} Computed again over the rows the warehouse holds after this run, none of them changed.`
    : `${was} Computed again over the rows the warehouse holds after this run, ${n} of them changed: restatements of ${year}, below.`;
}

function rowsOf(restatements: readonly Restatement[]): { cells: string[]; files: string[] }[] {
  return restatements.map((r) => ({ cells: [r.figureId, r.label, valueText(r.frozen), valueText(r.now)], files: filesText(r) }));
}

/** The restatements as table rows; the last cell holds one line per file. */
export function restatementRows(m: ReportModel): { cells: string[]; files: string[] }[] {
  return rowsOf(m.audit?.restatements ?? []);
}

/** The frozen years before the report's that this run's rows were checked against (a late export of their rows restates them). */
export function earlierYearBlocks(m: ReportModel): { year: number; intro: string; rows: { cells: string[]; files: string[] }[] }[] {
  return (m.audit?.earlier ?? []).map((e) => ({ year: e.year, intro: introOf(e.year, e.frozen, e.restatements.length, 'by this run'), rows: rowsOf(e.restatements) }));
}
