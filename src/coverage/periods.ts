/**
 * The periods a figure reads, written in its header and resolved for a report year:
 *
 *   -- periods: Y              the report year (the default for a figure using :year)
 *   -- periods: Y, Y-1         year on year
 *   -- periods: Y Q1, Y-1 Q1   the first quarters of Y and Y−1
 *   -- periods: Y 01-10        January to October of Y (`Y 10`: October alone)
 *   -- periods: M, M-1         the month parameter M and the month before (the default for :month)
 *
 * A period is a run of whole months; what covers it depends on each source's kind (coverage.ts).
 */
/** A report year's parameters: `year`, and `month` (M) where the year defines one. */
type ReportParameters = Readonly<Record<string, string | number>>;

export interface PeriodExpression {
  base: 'Y' | 'M';
  /** Added to the base: years for Y, months for M. */
  offset: number;
  /** For a year: the months read, 1–12 (default all twelve). */
  months?: [number, number];
  text: string;
}

export interface Period {
  /** As a person says it: `2023`, `2022 Q1`, `2023-07`, `2023-01 … 2023-10`. */
  label: string;
  /** First and last month, `YYYY-MM`. */
  first: string;
  last: string;
}

const EXPRESSION = /^([YM])(?:\s*([+-])\s*(\d+))?(?:\s+(?:Q([1-4])|(\d{1,2})(?:\s*-\s*(\d{1,2}))?))?$/;

/** Parses a `periods:` header; throws with the offending part. */
export function parsePeriods(spec: string): PeriodExpression[] {
  return spec
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((text) => {
      const m = EXPRESSION.exec(text);
      if (!m) throw new Error(`"${text}" is not a period (Y, Y-1, Y Q1, Y 01-10, M, M-1)`);
      const base = m[1] as 'Y' | 'M';
      const offset = m[3] ? (m[2] === '-' ? -1 : 1) * Number(m[3]) : 0;
      let months: [number, number] | undefined;
      if (m[4]) months = [Number(m[4]) * 3 - 2, Number(m[4]) * 3];
      else if (m[5]) months = [Number(m[5]), Number(m[6] ?? m[5])];
      if (months && (base === 'M' || months[0] < 1 || months[1] > 12 || months[0] > months[1])) {
        throw new Error(`"${text}" names months that a ${base === 'M' ? 'month' : 'year'} does not have`);
      }
      return { base, offset, months, text };
    });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM` plus `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

/** Every `YYYY-MM` from `first` to `last`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** The periods for a year's parameters, or the name of a parameter the year lacks. */
export function resolvePeriods(expressions: readonly PeriodExpression[], params: ReportParameters): Period[] | { missing: string } {
  const periods: Period[] = [];
  for (const e of expressions) {
    if (e.base === 'M') {
      const m = params.month;
      if (m === undefined || !/^\d{4}-\d{2}$/.test(String(m))) return { missing: 'month' };
      const month = addMonths(String(m), e.offset);
      periods.push({ label: month, first: month, last: month });
      continue;
    }
    const year = Number(params.year) + e.offset;
    const [from, to] = e.months ?? [1, 12];
    const first = `${year}-${pad(from)}`;
    const last = `${year}-${pad(to)}`;
    let label = String(year);
    if (e.months && from === to) label = first;
    else if (e.months && to - from === 2 && from % 3 === 1) label = `${year} Q${(from + 2) / 3}`;
    else if (e.months) label = `${first} … ${last}`;
    periods.push({ label, first, last });
  }
  return periods;
}

/** The last day of a `YYYY-MM` month, `YYYY-MM-DD`. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** Month lists as runs: `2022-07 … 2022-12, 2023-03`. */
export function describeMonths(months: readonly string[]): string {
  const sorted = [...months].sort();
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === addMonths(sorted[j], 1)) j++;
    runs.push(j === i ? sorted[i] : j === i + 1 ? `${sorted[i]}, ${sorted[j]}` : `${sorted[i]} … ${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
