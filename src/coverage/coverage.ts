/**
 * What the loaded exports cover, and what a figure lacks. One model for every source, by the
 * kind its definition declares (pipelines/define.ts):
 *
 * - continuous: a period is covered when every one of its months has rows;
 * - register: a year is covered when a file of the source is delivered for it: the years its
 *   name or title rows state, or, when they state none, the years of its dated rows; a register
 *   delivered with no rows means zero;
 * - snapshot: covers a period when it is as of the period's last day or later, by the date its
 *   title rows or file name state — never by the dates inside it.
 *
 * The facts come from the warehouse after a run (coverage-facts.ts) or from a folder of exports
 * before one (folder-scan.ts); judging them is the same.
 */
import type { SourceDefinition } from '../../pipelines/define.js';
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
  /** Rows per month (`YYYY-MM`) by the source's period column; empty for a source without one. */
  months: Map<string, number>;
  /** Years of the dated rows of every source read from the same file (a workbook is one delivery). */
  fileYears: number[];
  statement: ExportStatement;
}

/** One reason a figure cannot be computed, tied to the source that lacks it. */
export interface Gap {
  source: string;
  message: string;
}

export interface SourceSummary {
  source: SourceDefinition;
  parts: PartCoverage[];
  /** Rows per month over all parts. */
  months: Map<string, number>;
  /** Register: the years delivered (stated or dated), with the files delivering each. */
  delivered: Map<number, string[]>;
  /** Snapshot: the latest as-of date stated, with the part that states it. */
  asOf: { date: string; part: PartCoverage } | null;
  /** Register: files that state a year none of their dated rows fall in. */
  contradicted: PartCoverage[];
}

export function summarise(source: SourceDefinition, all: readonly PartCoverage[]): SourceSummary {
  const parts = all.filter((p) => p.source === source.id);
  const months = new Map<string, number>();
  const delivered = new Map<number, string[]>();
  let asOf: SourceSummary['asOf'] = null;
  const contradicted: PartCoverage[] = [];
  for (const p of parts) {
    for (const [m, n] of p.months) months.set(m, (months.get(m) ?? 0) + n);
    // A year the file states wins over its dated rows: a 2023 register with a late entry dated
    // 2024-01-03 is not the 2024 register. Only a file that states no year is placed by its rows.
    // A file whose rows are all dated outside every year it states is most likely another
    // year's file under a new name: it is delivered for none of them (see `contradicted`).
    const statedYears = p.statement.years;
    const years = statedYears.length === 0 ? p.fileYears : p.fileYears.length > 0 && !statedYears.some((y) => p.fileYears.includes(y)) ? [] : statedYears;
    if (statedYears.length > 0 && years.length === 0) contradicted.push(p);
    for (const y of years) delivered.set(y, [...(delivered.get(y) ?? []), p.file]);
    const stated = p.statement.asOf;
    if (stated && (!asOf || stated.date > asOf.date)) asOf = { date: stated.date, part: p };
  }
  return { source, parts, months, delivered, asOf, contradicted: source.coverage.kind === 'register' ? contradicted : [] };
}

const yearsOf = (periods: readonly Period[]) => [...new Set(periods.flatMap((p) => [Number(p.first.slice(0, 4)), Number(p.last.slice(0, 4))]))].sort();

/** What `summary` lacks to cover `periods`: one message, or null when covered. */
export function sourceGap(summary: SourceSummary, periods: readonly Period[]): string | null {
  const { source } = summary;
  if (summary.parts.length === 0) return `no export of ${source.id} (${source.title}) was loaded`;
  const coverage = source.coverage;
  if (coverage.kind === 'continuous') {
    const missing = [...new Set(periods.flatMap((p) => monthsBetween(p.first, p.last)))].filter((m) => !summary.months.get(m));
    return missing.length ? `${source.id} has no rows in ${describeMonths(missing)}` : null;
  }
  if (coverage.kind === 'register') {
    const missing = yearsOf(periods).filter((y) => !summary.delivered.has(y));
    if (!missing.length) return null;
    const years = missing.join(', ');
    const odd = summary.contradicted.filter((p) => missing.some((y) => p.statement.years.includes(y)));
    if (odd.length) {
      const p = odd[0];
      return `${p.file} says it is the ${source.id} of ${p.statement.years.join(', ')}, but every row of it is dated in ${p.fileYears.join(', ')}: check that it is the right year's file (if that year had no events, hand over the file with its header and no rows)`;
    }
    return `no ${source.id} (${source.title}) was delivered for ${years}: a file of it says which year it is for by its name (…${missing[0]}…), a title row (${missing[0]}年…) or rows dated in ${missing[0]}`;
  }
  const needed = lastDayOf(periods.map((p) => p.last).sort().at(-1)!);
  if (!summary.asOf) {
    const files = [...new Set(summary.parts.map((p) => p.file))].join(', ');
    const y = needed.slice(0, 4);
    return `${source.id} (${files}) states no as-of date, so it cannot back a figure: add a title row above its header such as 截至${y}年12月31日, or put the date in its file name (…_${needed}…)`;
  }
  if (summary.asOf.date < needed) {
    const { part, date } = summary.asOf;
    return `${source.id} is as of ${date} (${part.file}, ${part.statement.asOf!.where}); the figure needs one as of ${needed} or later`;
  }
  return null;
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
