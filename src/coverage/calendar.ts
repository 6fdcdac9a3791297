/**
 * The completeness calendar of a report year: for each source, its rows per month over the
 * year before and the year itself, the years a register was delivered for (and whether empty),
 * a snapshot's as-of date, and the figures each gap stops. Drawn in report.html and printed by
 * `etl status` and at the end of a run.
 */
import type { SourceDefinition } from '../sources/define.js';
import { figureGaps, gapReason, snapshotFor, sourceGap, summarise, type FailedFile, type PartCoverage, type SourceSummary } from './coverage.js';
import { monthsBetween, resolvePeriods, type Period, type PeriodExpression } from './periods.js';

export interface CalendarSource {
  id: string;
  title: string;
  kind: SourceDefinition['coverage']['kind'];
  /** Whether rows are dated (by the source's period column); false for a snapshot and an undated register. */
  dated: boolean;
  /** Rows per month, for each month of the calendar (0 = none). */
  months: number[];
  /** Of those, the rows that cover the month (a continuous source's rows count only inside the period their file states). */
  counted: number[];
  /** For each month of the calendar, whether a figure of the year reads it from this source (a continuous source must then have rows). */
  needed: boolean[];
  /** Register: per calendar year, the files delivered for it and the rows dated in it (null = not delivered, 0 = delivered empty). */
  years: { year: number; files: string[]; rows: number | null }[];
  /** Snapshot: the as-of date stated, and where; null when none is, when nothing was loaded, or when its exports disagree. */
  asOf: { date: string; file: string; where: string } | null;
  files: number;
  /** What the source lacks for the report year itself, or null. */
  gap: string | null;
  /** Figures not computable because of this source. */
  stops: string[];
  /** What the source lacks for the periods those figures read (the year before, a month …), each said once. */
  lacks: string[];
}

export interface FigureGap {
  figure: string;
  reason: string;
}

export interface Calendar {
  year: number;
  /** `YYYY-MM` of Y−1 and Y. */
  months: string[];
  sources: CalendarSource[];
  /** Every figure whose periods are not covered, with its reason. */
  gaps: FigureGap[];
}

/** The figure fields coverage needs (a FigureDefinition fits). */
export interface FigureNeeds {
  id: string;
  sources: string[];
  periods: PeriodExpression[];
}

/** The periods of each figure for the year, or the parameter it lacks. */
export type ResolvedPeriods = Map<string, Period[] | { missing: string }>;

export function buildCalendar(
  year: number,
  sources: readonly SourceDefinition[],
  parts: readonly PartCoverage[],
  figures: readonly FigureNeeds[],
  params: Readonly<Record<string, string | number>>,
  failed: readonly FailedFile[] = [],
): Calendar {
  const months = monthsBetween(`${year - 1}-01`, `${year}-12`);
  const summaries = new Map<string, SourceSummary>(sources.map((s) => [s.id, summarise(s, parts, failed)]));
  const gaps: FigureGap[] = [];
  const stops = new Map<string, string[]>();
  const lacks = new Map<string, Set<string>>();
  const needed = new Map<string, Set<string>>();
  for (const f of figures) {
    const periods = resolvePeriods(f.periods, params);
    if ('missing' in periods) continue; // a parameter the year lacks: said by the figure itself
    for (const id of f.sources) {
      const set = needed.get(id) ?? new Set<string>();
      for (const p of periods) for (const m of monthsBetween(p.first, p.last)) set.add(m);
      needed.set(id, set);
    }
    const found = figureGaps(f.sources, periods, summaries);
    if (!found.length) continue;
    gaps.push({ figure: f.id, reason: gapReason(f.id, periods, found) });
    for (const g of found) {
      stops.set(g.source, [...(stops.get(g.source) ?? []), f.id]);
      lacks.set(g.source, (lacks.get(g.source) ?? new Set()).add(g.message));
    }
  }
  const yearPeriod: Period[] = [{ label: String(year), first: `${year}-01`, last: `${year}-12` }];
  return {
    year,
    months,
    gaps,
    sources: sources.map((s) => {
      const summary = summaries.get(s.id)!;
      return {
        id: s.id,
        title: s.title,
        kind: s.coverage.kind,
        dated: s.coverage.kind !== 'snapshot' && s.coverage.period !== undefined,
        months: months.map((m) => summary.months.get(m) ?? 0),
        counted: months.map((m) => (s.coverage.kind === 'continuous' ? summary.covered.get(m) : summary.months.get(m)) ?? 0),
        needed: months.map((m) => needed.get(s.id)?.has(m) ?? false),
        years: [year - 1, year].map((y) => {
          const files = summary.delivered.get(y) ?? [];
          // Rows dated in the year; for a register without a date column, the rows of the files delivered for it.
          const dated = s.coverage.kind !== 'snapshot' && s.coverage.period;
          const rows = !files.length
            ? null
            : dated
              ? [...summary.months].filter(([m]) => m.startsWith(`${y}-`)).reduce((n, [, r]) => n + r, 0)
              : summary.parts.filter((p) => files.includes(p.file)).reduce((n, p) => n + p.rows, 0);
          return { year: y, files: [...new Set(files)], rows };
        }),
        asOf: calendarAsOf(summary, year),
        files: new Set(summary.parts.map((p) => p.file)).size,
        gap: sourceGap(summary, yearPeriod),
        stops: stops.get(s.id) ?? [],
        lacks: [...(lacks.get(s.id) ?? [])],
      };
    }),
  };
}

/** Rows in at most four characters: `812`, `4.5k`, `45k`, `1.2M`; an empty month is `·`. */
export function compactCount(n: number): string {
  if (n === 0) return '·';
  if (n < 1000) return String(n);
  if (n < 10_000) return `${(Math.floor(n / 100) / 10).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toFixed(1)}M`;
}

/** What a register or snapshot row says instead of (or beside) its months. */
export function sourceState(s: CalendarSource, year: number): string {
  if (s.files === 0) return 'no export loaded';
  if (s.kind === 'snapshot') return s.asOf ? `as of ${s.asOf.date} (${s.asOf.file}, ${s.asOf.where})` : 'states no as-of date';
  if (s.kind === 'register') {
    return s.years
      .map((y) => (y.rows === null ? `${y.year}: not delivered` : y.rows === 0 ? `${y.year}: delivered empty (counts are 0)` : `${y.year}: delivered`))
      .join(', ');
  }
  const missing = s.months.slice(12).filter((n) => n === 0).length;
  return missing ? `${missing} month${missing > 1 ? 's' : ''} of ${year} without rows` : `every month of ${year} has rows`;
}

/** The snapshot the year's figures read (the earliest as of its last day or later), else the latest held; null when none can be read. */
function calendarAsOf(summary: SourceSummary, year: number): CalendarSource['asOf'] {
  if (summary.snapshotProblem) return null;
  const part = snapshotFor(summary, `${year}-12-31`)?.parts[0] ?? summary.asOf?.part;
  return part ? { date: part.statement.asOf!.date, file: part.file, where: part.statement.asOf!.where } : null;
}
