/**
 * What the loaded exports cover, and what a figure lacks. One model for every source, by the
 * kind its definition declares (src/sources/define.ts):
 *
 * - continuous: a period is covered when every one of its months has rows — rows of a file
 *   that states its own period count only inside it (a 2023 call file's call at 2022-12-31
 *   23:59 does not stand for December 2022);
 * - register: a year is covered when the files delivered for it span it: the periods their
 *   names or title rows state (`2023年…` spans the year, `2023年1-6月` half of it), or, for a
 *   file that states none, the years its dated rows run through. A register delivered with no
 *   rows means zero. A file that says one year while most of its rows lie in another, or whose
 *   every row was rejected, stops the year it claims;
 * - snapshot: covers a period when it is as of the period's last day or later, by the date its
 *   title rows or file name state — never by the dates inside it. Exports as of different
 *   dates back nothing together.
 *
 * The facts come from the warehouse after a run (coverage-facts.ts) or from a folder of exports
 * before one (pipeline/scan-folder.ts); judging them is the same.
 */
import type { SourceDefinition } from '../sources/define.js';
import { describeMonths, lastDayOf, monthsBetween, type Period } from './periods.js';
import type { ExportStatement } from './stated-dates.js';

/** What one loaded part (a CSV, or a sheet for one source) covers. */
export interface PartCoverage {
  source: string;
  /** The file, relative to the input folder. */
  file: string;
  sheet: string | null;
  /** Rows of the source from this part (in the warehouse: after duplicates were removed). */
  rows: number;
  /** Rows of this part that were rejected. */
  rejected: number;
  /** Rows per month (`YYYY-MM`) by the source's period column; empty for a source without one. */
  months: Map<string, number>;
  /** Rows per month of every dated source read from the same file (a workbook is one delivery). */
  fileMonths: Map<string, number>;
  statement: ExportStatement;
}

/** A file that failed as a whole, with the sources its name or contents were for. */
export interface FailedFile {
  file: string;
  sources: string[];
  message: string;
}

/** One reason a figure cannot be computed, tied to the source that lacks it. */
export interface Gap {
  source: string;
  message: string;
}

export interface SourceSummary {
  source: SourceDefinition;
  parts: PartCoverage[];
  /** Rows per month over all parts (what the calendar shows). */
  months: Map<string, number>;
  /** Continuous: rows per month that cover it (rows of files whose stated period holds the whole month). */
  covered: Map<string, number>;
  /** Register: the years delivered, with the files delivering each. */
  delivered: Map<number, string[]>;
  /** Register: why a year is not delivered although a file claims it. */
  problems: Map<number, string>;
  /** Snapshot: the latest as-of date stated, with the first part stating it; null when none is. */
  asOf: { date: string; part: PartCoverage } | null;
  /**
   * Snapshot: the snapshots held, by as-of date (earliest first). Each file is a snapshot as of
   * the date it states; files stating the same date are one snapshot. A figure at D reads the
   * earliest snapshot as of D or later (as the warehouse's snapshot functions do).
   */
  snapshots: { date: string; parts: PartCoverage[] }[];
  /** Snapshot: why its exports back nothing whatever the date (a file stating no date beside dated ones). */
  snapshotProblem: string | null;
  failed: FailedFile[];
}

const yearOf = (month: string) => Number(month.slice(0, 4));
const sumIn = (months: Map<string, number>, year: number) => [...months].filter(([m]) => yearOf(m) === year).reduce((n, [, r]) => n + r, 0);

/**
 * Whether the part's file covers the whole month `m`: every period it states that touches the
 * month holds all of it (`工单审核_2023-12` with `2023年12月1日至12月15日` does not), and one does.
 * A file that states nothing covers every month it has rows in.
 */
function insideStatement(statement: ExportStatement, m: string): boolean {
  if (statement.periods.length === 0) return true;
  const [first, last] = [`${m}-01`, lastDayOf(m)];
  const touching = statement.periods.filter((p) => p.first <= last && p.last >= first);
  return touching.length > 0 && touching.every((p) => p.first <= first && p.last >= last);
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Whether the intervals (`YYYY-MM-DD`, both ends included) together span the whole year. */
function spansYear(intervals: { first: string; last: string }[], year: number): boolean {
  let reached = `${year}-01-01`;
  for (const i of [...intervals].sort((a, b) => (a.first < b.first ? -1 : 1))) {
    if (i.first > reached) return false;
    if (i.last >= reached) reached = nextDay(i.last);
  }
  return reached > `${year}-12-31`;
}

/** A register part's claim on each year: the span of it that the part covers, or a problem that stops the year. */
type Claim = { first: string; last: string; undated: boolean } | { problem: string };

function registerClaims(p: PartCoverage): Map<number, Claim> {
  const claims = new Map<number, Claim>();
  const rowYears = [...new Set([...p.fileMonths.keys()].map(yearOf))];
  const { periods } = p.statement;
  if (periods.length === 0) {
    // No year stated: the file's dated rows say which years it holds, and only those they run
    // through — from the first quarter (or an earlier year) to the last quarter (or a later year).
    const dated = [...p.fileMonths.keys()].sort();
    const [firstMonth, lastMonth] = [dated[0], dated.at(-1)!];
    for (const y of rowYears) {
      const first = firstMonth <= `${y}-03` ? `${y}-01-01` : `${firstMonth}-01`;
      const last = lastMonth >= `${y}-10` ? `${y}-12-31` : lastDayOf(lastMonth);
      claims.set(y, { first, last, undated: true });
    }
  } else {
    for (const y of p.statement.years) {
      const touching = periods.filter((s) => s.first <= `${y}-12-31` && s.last >= `${y}-01-01`);
      // What the file says of the year, narrowed by each thing it says (2023年 and 1-6月: January to June).
      const first = touching.map((s) => (s.first < `${y}-01-01` ? `${y}-01-01` : s.first)).sort().at(-1)!;
      const last = touching.map((s) => (s.last > `${y}-12-31` ? `${y}-12-31` : s.last)).sort()[0];
      if (last < first) continue;
      const multiYear = touching.some((s) => s.first.slice(0, 4) !== s.last.slice(0, 4));
      const inYear = sumIn(p.fileMonths, y);
      const other = rowYears.filter((o) => o !== y).map((o) => ({ year: o, rows: sumIn(p.fileMonths, o) })).sort((a, b) => b.rows - a.rows)[0];
      if (!multiYear && inYear === 0 && other) {
        claims.set(y, {
          problem: `${p.file} says it is for ${y}, but none of its dated rows is in ${y} (${other.rows} ${other.rows === 1 ? 'is' : 'are'} in ${other.year}): check that it is the right year's file (a year without events is handed over as the file with its header and no rows)`,
        });
        continue;
      }
      claims.set(y, { first, last, undated: false });
    }
  }
  if (p.rows === 0 && p.rejected > 0) {
    for (const y of claims.keys()) claims.set(y, { problem: `every row of ${p.file} (${p.rejected}) was rejected, so its counts would be 0: correct the rows listed in rejects.csv and run again` });
  }
  return claims;
}

export function summarise(source: SourceDefinition, all: readonly PartCoverage[], failedFiles: readonly FailedFile[] = []): SourceSummary {
  const parts = all.filter((p) => p.source === source.id);
  const months = new Map<string, number>();
  const covered = new Map<string, number>();
  for (const p of parts) {
    for (const [m, n] of p.months) {
      months.set(m, (months.get(m) ?? 0) + n);
      if (insideStatement(p.statement, m)) covered.set(m, (covered.get(m) ?? 0) + n);
    }
  }
  const delivered = new Map<number, string[]>();
  const problems = new Map<number, string>();
  if (source.coverage.kind === 'register') {
    const spans = new Map<number, { first: string; last: string; undated: boolean; file: string }[]>();
    for (const p of parts) {
      for (const [y, claim] of registerClaims(p)) {
        if ('problem' in claim) problems.set(y, problems.get(y) ?? claim.problem);
        else spans.set(y, [...(spans.get(y) ?? []), { ...claim, file: p.file }]);
      }
    }
    for (const [y, list] of spans) {
      if (problems.has(y)) continue;
      if (spansYear(list, y)) delivered.set(y, [...new Set(list.map((s) => s.file))]);
      else {
        const stated = list.map((s) => `${s.file}: ${s.undated ? 'states no year, rows dated ' : ''}${s.first} … ${s.last}`).join('; ');
        problems.set(y, `the ${source.id} delivered for ${y} does not span the whole year (${stated}): hand over the register of the whole year, saying so in its name or a title row (${y}年…)`);
      }
    }
  }
  let asOf: SourceSummary['asOf'] = null;
  let snapshotProblem: string | null = null;
  const snapshots: SourceSummary['snapshots'] = [];
  if (source.coverage.kind === 'snapshot' && parts.length > 0) {
    for (const p of parts) {
      if (!p.statement.asOf) continue;
      const date = p.statement.asOf.date;
      const snapshot = snapshots.find((x) => x.date === date);
      if (snapshot) snapshot.parts.push(p);
      else snapshots.push({ date, parts: [p] });
    }
    snapshots.sort((a, b) => (a.date < b.date ? -1 : 1));
    const latest = snapshots.at(-1);
    if (latest) asOf = { date: latest.date, part: latest.parts[0] };
    const undated = parts.filter((p) => !p.statement.asOf);
    if (undated.length > 0 && snapshots.length > 0) {
      const list = parts.map((p) => `${p.file} ${p.statement.asOf ? `as of ${p.statement.asOf.date}` : 'with no as-of date'}`).join(', ');
      snapshotProblem = `${source.id} comes in exports of which some state no as-of date (${list}); no figure can tell which snapshot their rows belong to: give each an as-of date (a title row such as 截至2023年12月31日, or the date in its file name), or remove it with etl forget`;
    }
  }
  const failed = failedFiles.filter((f) => f.sources.includes(source.id));
  return { source, parts, months, covered, delivered, problems, asOf, snapshots, snapshotProblem, failed };
}

const yearsOf = (periods: readonly Period[]) => [...new Set(periods.flatMap((p) => [yearOf(p.first), yearOf(p.last)]))].sort();

/** What `summary` lacks to cover `periods`: one message, or null when covered. */
export function sourceGap(summary: SourceSummary, periods: readonly Period[]): string | null {
  const message = gapWithoutFailures(summary, periods);
  if (!message || summary.failed.length === 0) return message;
  return `${message} (${summary.failed.map((f) => `${f.file} failed to load: ${f.message}`).join('; ')})`;
}

function gapWithoutFailures(summary: SourceSummary, periods: readonly Period[]): string | null {
  const { source } = summary;
  const named = `${source.id} (${source.title})`;
  if (summary.parts.length === 0) return `no export of ${named} was loaded`;
  const coverage = source.coverage;
  if (coverage.kind === 'continuous') {
    const missing = [...new Set(periods.flatMap((p) => monthsBetween(p.first, p.last)))].filter((m) => !summary.covered.get(m));
    if (!missing.length) return null;
    const stray = missing.filter((m) => summary.months.get(m));
    const note = stray.length ? ` (the rows dated in ${describeMonths(stray)} are in exports whose stated period does not hold the whole month)` : '';
    return `${named} has no rows in ${describeMonths(missing)}${note}`;
  }
  if (coverage.kind === 'register') {
    const missing = yearsOf(periods).filter((y) => !summary.delivered.has(y));
    if (!missing.length) return null;
    const problem = missing.map((y) => summary.problems.get(y)).find(Boolean);
    if (problem) return problem;
    const y = missing[0];
    return `no ${named} was delivered for ${missing.join(', ')}: a file of it says which year it is for by its name (…${y}…) or a title row (${y}年…); one that says neither counts for the years its dated rows run through`;
  }
  if (summary.snapshotProblem) return summary.snapshotProblem;
  const needed = lastDayOf(periods.map((p) => p.last).sort().at(-1)!);
  if (!summary.asOf) {
    const files = [...new Set(summary.parts.map((p) => p.file))].join(', ');
    const y = needed.slice(0, 4);
    return `${source.id} (${files}) states no as-of date, so it cannot back a figure: if it is as of ${needed} (ask the department that exported it), add a title row above its header such as 截至${y}年12月31日, or put the date in its file name (…_${needed}…)`;
  }
  const snapshot = snapshotFor(summary, needed);
  if (!snapshot) {
    const { part, date } = summary.asOf;
    return `${source.id} is as of ${date} (${part.file}, ${part.statement.asOf!.where}); the figure needs one as of ${needed} or later`;
  }
  if (snapshot.parts.every((p) => p.rows === 0)) {
    return `${source.id} (${snapshot.parts.map((p) => p.file).join(', ')}) holds no row${snapshot.parts.some((p) => p.rejected) ? ' that could be loaded (see rejects.csv)' : ''}`;
  }
  return null;
}

/** The snapshot a figure at `date` reads: the earliest as of `date` or later; undefined when none is. */
export function snapshotFor(summary: Pick<SourceSummary, 'snapshots'>, date: string): SourceSummary['snapshots'][number] | undefined {
  return summary.snapshots.find((s) => s.date >= date);
}

/** The gaps that stop a figure reading `sources` over `periods`; empty when it can be computed. */
export function figureGaps(sourceIds: readonly string[], periods: readonly Period[], summaries: ReadonlyMap<string, SourceSummary>): Gap[] {
  const gaps: Gap[] = [];
  for (const id of sourceIds) {
    const summary = summaries.get(id);
    if (!summary) continue;
    const message = sourceGap(summary, periods);
    if (message) gaps.push({ source: id, message });
  }
  return gaps;
}

/** The reason shown for a figure stopped by gaps: each gap, then what the figure reads. */
export function gapReason(figureId: string, periods: readonly Period[], gaps: readonly Gap[]): string {
  const labels = periods.map((p) => p.label);
  const reads = labels.length === 2 ? `compares ${labels[0]} with ${labels[1]}` : `reads ${labels.join(', ')}`;
  return `${gaps.map((g) => g.message).join('; ')} (${figureId} ${reads})`;
}
