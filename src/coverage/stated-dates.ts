/**
 * The dates an export states about itself, in its file name or its title rows (the rows
 * above the header): `2023年员工花名册.xlsx`, `截至2023年12月31日`, `工单审核_2023-05.xlsx`.
 * A year stands for its last day and a month for its last day, so that "as of 2023" reads
 * as of 2023-12-31. Export and print stamps (`导出时间：2024-01-05`) say when the file was
 * made, not what it covers, and are left out: a 2023 register exported in January 2024 must
 * not pass for the 2024 register.
 */

export interface StatedDate {
  /** The last day of what the text names: `2023` → 2023-12-31, `2023-05` → 2023-05-31. */
  date: string;
  year: number;
  /** Said with 截至 / 截止 / as of: the export is as of exactly this date. */
  asOf: boolean;
  /** The start of a range (`2023-01-01 至 2023-12-31`): it names a year, but is no as-of date. */
  rangeStart: boolean;
  /** Where it was read, in the clerk's words: `file name` or `title row 2`. */
  where: string;
  /** The words it was read from. */
  text: string;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

// YYYY年M月D日, YYYY-MM-DD, YYYY/M/D, YYYY.M.D, with the month and day optional.
const SEPARATED = /(?<!\d)(\d{4})(?:\s*(年|[-/.])\s*(\d{1,2})(?:\s*(?:月|[-/.])\s*(\d{1,2})\s*日?|\s*月)?)?(?!\d)/g;
// 20231231 and 202312 (compact, as in file names).
const COMPACT = /(?<!\d)(\d{4})(\d{2})(\d{2})?(?!\d)/g;
const AS_OF = /(截至|截止|截止到|截至到|as\s+of|as\s+at)\s*[:：]?\s*$/i;
const RANGE = /^\s*(至|到|~|～|—|–|-|－|—)\s*$/;
const STAMP = /(导出|打印|生成|制表|下载|更新)(时间|日期|于)?\s*[:：]?\s*$/;

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(year: number, month: number | null, day: number | null): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  if (month === null) return `${year}-12-31`;
  if (month < 1 || month > 12) return null;
  if (day === null) return `${year}-${pad(month)}-${pad(lastDay(year, month))}`;
  if (day < 1 || day > lastDay(year, month)) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The dates stated in one piece of text. In a file name a bare year counts (`花名册2023.xlsx`);
 * in a title row a year needs 年 or a month after it, since a title row may hold any number.
 */
export function statedDates(text: string, where: string, kind: 'file name' | 'title row'): StatedDate[] {
  const found: { index: number; end: number; date: string; year: number }[] = [];
  for (const m of text.matchAll(SEPARATED)) {
    const year = Number(m[1]);
    const month = m[3] !== undefined ? Number(m[3]) : null;
    const day = m[4] !== undefined ? Number(m[4]) : null;
    const saysYear = m[2] === '年' || /^\s*年/.test(text.slice(m.index! + m[0].length));
    let date = toDate(year, month, day);
    // `2022-2023`, `2023-13`: not a month, so the year alone, where a year alone may stand.
    if (date === null && month !== null) date = saysYear || kind === 'file name' ? toDate(year, null, null) : null;
    else if (month === null && !saysYear && kind === 'title row') date = null;
    if (date) found.push({ index: m.index!, end: m.index! + m[0].length, date, year });
  }
  if (kind === 'file name') {
    for (const m of text.matchAll(COMPACT)) {
      if (found.some((f) => m.index! >= f.index && m.index! < f.end)) continue;
      const date = toDate(Number(m[1]), Number(m[2]), m[3] !== undefined ? Number(m[3]) : null);
      if (date) found.push({ index: m.index!, end: m.index! + m[0].length, date, year: Number(m[1]) });
    }
  }
  const result: StatedDate[] = [];
  const sorted = found.sort((a, b) => a.index - b.index);
  for (const [i, f] of sorted.entries()) {
    const before = text.slice(Math.max(0, f.index - 12), f.index);
    if (STAMP.test(before)) continue;
    // `2023年1月1日至2023年12月31日`: a range is as of its end; its start still names a year.
    const next = sorted[i + 1];
    const rangeStart = next !== undefined && RANGE.test(text.slice(f.end, next.index));
    result.push({ date: f.date, year: f.year, asOf: AS_OF.test(before), rangeStart, where, text: text.trim() });
  }
  return result;
}

/** A row above an export's header, as text. */
export interface TitleRow {
  row: number;
  text: string;
}

/** What an export says about the period it covers, from its file name and title rows. */
export interface ExportStatement {
  /** Years the export says it is for (a register delivered for those years). */
  years: number[];
  /** The as-of date of a snapshot, or null when the export states none. */
  asOf: StatedDate | null;
}

/**
 * Reads the statement of an export. The as-of date is the one said with 截至 (the earliest,
 * if several are); without one, the earliest date stated anywhere: of `2023年花名册` and a
 * name saying 2024, the roster is taken as of 2023-12-31 — the safe side, never guessed later.
 */
export function exportStatement(fileName: string, titleRows: readonly TitleRow[]): ExportStatement {
  const dates = [
    ...titleRows.flatMap((t) => statedDates(t.text, `title row ${t.row}`, 'title row')),
    ...statedDates(fileName, 'file name', 'file name'),
  ];
  const years = [...new Set(dates.map((d) => d.year))].sort((a, b) => a - b);
  const explicit = dates.filter((d) => d.asOf);
  const pool = explicit.length > 0 ? explicit : dates.filter((d) => !d.rangeStart);
  const asOf = pool.reduce<StatedDate | null>((min, d) => (min === null || d.date < min.date ? d : min), null);
  return { years, asOf };
}
