/**
 * The periods an export states about itself, in its file name or its title rows (the rows
 * above the header): `2023年员工花名册.xlsx`, `截至2023年12月31日`, `工单审核_2023-05.xlsx`,
 * `2023年1-6月`, `2023H1`, `统计期间：2023年1月1日至2023年6月30日`. A year stands for
 * 2023-01-01 … 2023-12-31, a month for its days, a half or quarter for its months, a range for
 * its span; a single date for the year up to that date (the export runs to it).
 *
 * Stamps say when a file was made, not what it covers: a date with a time of day, or one next
 * to 导出 / 打印 / 填报 … (`导出时间：2024-01-05 09:30`). They never place a file in a year; for
 * a snapshot they bound its as-of date (a roster exported in July is not as of December).
 * Dates written day first or month first (`30.06.2023`, `06/30/2023`) are ambiguous and read as
 * nothing, so that a file is never placed by a guess.
 */

/** A row above an export's header, as text. */
export interface TitleRow {
  row: number;
  text: string;
}

/** A span of days an export states it covers. */
export interface StatedPeriod {
  /** `YYYY-MM-DD`, both included. */
  first: string;
  last: string;
  /** Said with 截至 / 截止 / as of: the export is as of exactly `last`. */
  asOf: boolean;
  /** Where it was read, in the clerk's words: `file name` or `title row 2`. */
  where: string;
  /** The words it was read from. */
  text: string;
}

export interface Stamp {
  date: string;
  where: string;
  text: string;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

// YYYY年M月D日, YYYY-MM-DD, YYYY/M/D, YYYY.M.D, with the month and day optional.
const SEPARATED = /(?<!\d)(\d{4})(?:\s*(年|[-/.])\s*(\d{1,2})(?:\s*(月|[-/.])\s*(\d{1,2})\s*日?|\s*月)?)?(?!\d)/g;
// 20231231 and 202312 (compact, as in file names).
const COMPACT = /(?<!\d)(\d{4})(\d{2})(\d{2})?(?!\d)/g;
// 2023年1-6月, 2023.01-06, 2023年上半年, 2023H1, 2023Q4, 2023年第三季度, 2023年前三季度.
const PART = /(?<!\d)(\d{4})\s*年?\s*[-_ ]?\s*(?:(\d{1,2})\s*(?:月\s*)?[-~～至到—–]\s*(\d{1,2})\s*月|[.](\d{1,2})\s*[-~～—–]\s*(\d{1,2})(?![\d\-/]|\.\d)|(上半年|下半年|[Hh][12]|[Qq][1-4]|第?[一二三四1-4]季度|前三季度))/g;
const AS_OF = /(截至|截止|截止到|截至到|as\s+of|as\s+at)\s*[:：]?\s*$/i;
const STAMP_BEFORE = /(导出|打印|生成|制表|下载|更新|填报|报送|编制|查询|修订|发布|编号|文号|No\.?|exported|printed|generated)\s*(时间|日期|于|人)?\s*[:：]?\s*$/i;
const STAMP_AFTER = /^\s*(\d{1,2}:\d{2}|导出|打印|生成|下载|填报|报送)/;
const DAY_FIRST = /(?<!\d)\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*$/;
const RANGE = /^\s*(至|到|~|～|—|–|-|－)\s*$/;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const validYear = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;

/** The span of a year, a month of it, or a day; null when it is no calendar date. */
function span(year: number, month: number | null, day: number | null): { first: string; last: string } | null {
  if (!validYear(year)) return null;
  if (month === null) return { first: `${year}-01-01`, last: `${year}-12-31` };
  if (month < 1 || month > 12) return null;
  if (day === null) return { first: `${year}-${pad(month)}-01`, last: `${year}-${pad(month)}-${pad(lastDay(year, month))}` };
  if (day < 1 || day > lastDay(year, month)) return null;
  // A single date: the export runs from the start of its year to that day.
  return { first: `${year}-01-01`, last: `${year}-${pad(month)}-${pad(day)}` };
}

function months(year: number, from: number, to: number): { first: string; last: string } | null {
  if (!validYear(year) || from < 1 || to > 12 || from > to) return null;
  return { first: `${year}-${pad(from)}-01`, last: `${year}-${pad(to)}-${pad(lastDay(year, to))}` };
}

const QUARTER: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

function partOfYear(year: number, word: string): { first: string; last: string } | null {
  const w = word.toUpperCase();
  if (w === '上半年' || w === 'H1') return months(year, 1, 6);
  if (w === '下半年' || w === 'H2') return months(year, 7, 12);
  if (w === '前三季度') return months(year, 1, 9);
  const q = QUARTER[w.replace(/^[Q第]/, '').replace('季度', '')];
  return q ? months(year, q * 3 - 2, q * 3) : null;
}

interface Found {
  index: number;
  end: number;
  first: string;
  last: string;
  /** The day, for a full date (`2023-06-30`); a year, month or part of a year has none and is never a stamp. */
  day: string | null;
}

function findAll(text: string, kind: 'file name' | 'title row'): Found[] {
  const found: Found[] = [];
  const overlaps = (i: number) => found.some((f) => i >= f.index && i < f.end);
  for (const m of text.matchAll(PART)) {
    const year = Number(m[1]);
    const s = m[6] ? partOfYear(year, m[6]) : months(year, Number(m[2] ?? m[4]), Number(m[3] ?? m[5]));
    if (s) found.push({ index: m.index!, end: m.index! + m[0].length, ...s, day: null });
  }
  for (const m of text.matchAll(SEPARATED)) {
    if (overlaps(m.index!)) continue;
    if (DAY_FIRST.test(text.slice(0, m.index!))) continue; // 30.06.2023: day or month first, not said
    const year = Number(m[1]);
    const month = m[3] !== undefined ? Number(m[3]) : null;
    const day = m[5] !== undefined ? Number(m[5]) : null;
    const saysYear = m[2] === '年' || /^\s*年/.test(text.slice(m.index! + m[0].length));
    let s = span(year, month, day);
    // `2022-2023`, `2023-13`: not a month, so the year alone, where a year alone may stand.
    if (s === null && month !== null) s = saysYear || kind === 'file name' ? span(year, null, null) : null;
    else if (month === null && !saysYear && kind === 'title row') s = null;
    if (s) found.push({ index: m.index!, end: m.index! + m[0].length, ...s, day: day !== null ? s.last : null });
  }
  if (kind === 'file name') {
    for (const m of text.matchAll(COMPACT)) {
      if (overlaps(m.index!)) continue;
      const s = span(Number(m[1]), Number(m[2]), m[3] !== undefined ? Number(m[3]) : null);
      if (s) found.push({ index: m.index!, end: m.index! + m[0].length, ...s, day: m[3] !== undefined ? s.last : null });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The periods and stamps stated in one piece of text. */
export function statedPeriods(text: string, where: string, kind: 'file name' | 'title row'): { periods: StatedPeriod[]; stamps: Stamp[] } {
  const normal = text.normalize('NFKC'); // full-width digits and colons
  const periods: StatedPeriod[] = [];
  const stamps: Stamp[] = [];
  const found = findAll(normal, kind);
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    const before = normal.slice(Math.max(0, f.index - 14), f.index);
    const after = normal.slice(f.end, f.end + 8);
    if (f.day && (STAMP_BEFORE.test(before) || STAMP_AFTER.test(after))) {
      stamps.push({ date: f.last, where, text: text.trim() });
      continue;
    }
    if (STAMP_BEFORE.test(before)) continue; // 编号：2023-12 and the like: no period
    const next = found[i + 1];
    if (next && RANGE.test(normal.slice(f.end, next.index))) {
      // `2023年1月1日至2023年6月30日`, `2022.1-2023.12`: one period, from the first to the last.
      periods.push({ first: f.day ?? f.first, last: next.last, asOf: AS_OF.test(before), where, text: text.trim() });
      i++;
      continue;
    }
    periods.push({ first: f.first, last: f.last, asOf: AS_OF.test(before), where, text: text.trim() });
  }
  return { periods, stamps };
}

/** What an export says about the period it covers, from its file name and title rows. */
export interface ExportStatement {
  periods: StatedPeriod[];
  stamps: Stamp[];
  /** Years the stated periods touch. */
  years: number[];
  /** The as-of date of a snapshot, or null when the export states none. */
  asOf: { date: string; where: string; text: string } | null;
}

const yearsOf = (p: StatedPeriod) => {
  const years: number[] = [];
  for (let y = Number(p.first.slice(0, 4)); y <= Number(p.last.slice(0, 4)); y++) years.push(y);
  return years;
};

/**
 * Reads the statement of an export. Its as-of date is the one said with 截至 (the earliest, if
 * several are); without one, the earliest end of a period it states: of `2023年花名册` and a name
 * saying 2024, the roster is taken as of 2023-12-31 — the safe side, never guessed later. A stamp
 * earlier than that bounds it: a file exported on 2023-07-03 is as of that day at the latest.
 */
export function exportStatement(fileName: string, titleRows: readonly TitleRow[]): ExportStatement {
  const read = [...titleRows.map((t) => statedPeriods(t.text, `title row ${t.row}`, 'title row')), statedPeriods(fileName, 'file name', 'file name')];
  const periods = read.flatMap((r) => r.periods);
  const stamps = read.flatMap((r) => r.stamps);
  const years = [...new Set(periods.flatMap(yearsOf))].sort((a, b) => a - b);
  const explicit = periods.filter((p) => p.asOf);
  const pool = explicit.length > 0 ? explicit : periods;
  let asOf = pool.reduce<ExportStatement['asOf']>((min, p) => (min === null || p.last < min.date ? { date: p.last, where: p.where, text: p.text } : min), null);
  const earliestStamp = stamps.reduce<Stamp | null>((min, s) => (min === null || s.date < min.date ? s : min), null);
  if (asOf && earliestStamp && earliestStamp.date < asOf.date) asOf = { date: earliestStamp.date, where: earliestStamp.where, text: earliestStamp.text };
  return { periods, stamps, years, asOf };
}
