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
  /** A lone date (`2023-06-30`, not a range, year or month): the year up to that day. */
  single: boolean;
  /** Where it was read, in the clerk's words: `file name` or `title row 2`. */
  where: string;
  /** The words it was read from. */
  text: string;
}

export interface Stamp {
  date: string;
  /** Made then (exported, printed, a time of day): the file can say nothing of later days. */
  strong: boolean;
  where: string;
  text: string;
}

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

// YYYY年M月D日, YYYY-MM-DD, YYYY/M/D, YYYY.M.D, with the month and day optional.
const SEPARATED = /(?<!\d)(\d{4})(?:\s*(年|[-/._])\s*(\d{1,2})(?:\s*(月|[-/._])\s*(\d{1,2})\s*日?|\s*月)?)?(?!\d)/g;
// 20231231 and 202312 (compact, as in file names).
const COMPACT = /(?<!\d)(\d{4})(\d{2})(\d{2})?(?!\d)/g;
// 2023年1-6月, 2023.01-06, 2023年度上半年, 2023H1, 2023Q4, 2023年第三季度, 2023年前三季度, 2023年第1-2季度.
const PART = /(?<!\d)(\d{4})\s*(?:年度?)?\s*[-_ （(]?\s*(?:(\d{1,2})\s*(?:月\s*)?[-~～至到—–]\s*(\d{1,2})\s*月|[.](\d{1,2})\s*[-~～—–]\s*(\d{1,2})(?![\d\-/]|\.\d)|(上半年|下半年|[Hh][12]|[Qq][1-4]|第?[一二三四1-4]\s*(?:[-~～至到—–]\s*[一二三四1-4]\s*)?季度|前[两二三]季度))/g;
const AS_OF = /(截至|截止|截止到|截至到|as\s+of|as\s+at)\s*(日期|时间)?\s*[:：]?\s*$/i;
// Made at: a time of day, or the words of an export, print or download, before or after the date.
const STRONG_STAMP_BEFORE = /(导出|打印|生成|下载|提取|exported|printed|generated|export|download)\s*(时间|日期|于|为|at|on|date|time)?\s*(为)?\s*[:：]?\s*$/i;
const STRONG_STAMP_AFTER = /^\s*(\d{1,2}:\d{2}|导出|打印|生成|下载|提取)/;
// Written at: a form's date, which says nothing of the period either, but bounds nothing.
const WEAK_STAMP_BEFORE = /(制表|更新|填报|报送|编制|查询|修订|发布|编号|文号|No\.?)\s*(人|时间|日期|于|为)?\s*[:：]?\s*(\S{0,8}\s+)?$/i;
const DAY_FIRST = /(?<!\d)(?<!\d{4}\s*[./-]\s*)\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*$/;
// The end of a range written without its year: `2023年1月1日至12月31日`.
const RANGE_END_IN_YEAR = /^\s*(?:至|到|~|～|—|–|-|－)\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?/;
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
  if (w === '前两季度' || w === '前二季度') return months(year, 1, 6);
  const [from, to] = w.replace(/^[Q第]/, '').replace('季度', '').split(/\s*[-~～至到—–]\s*/).map((q) => QUARTER[q.trim()]);
  if (!from) return null;
  return months(year, from * 3 - 2, (to ?? from) * 3);
}

interface Found {
  index: number;
  end: number;
  first: string;
  last: string;
  /** The day, for a full date (`2023-06-30`); a year, month or part of a year has none and is never a stamp. */
  day: string | null;
  /** Already a whole range (`2023年1月1日至12月31日`). */
  range?: boolean;
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
    if (m[2] === '_' && kind === 'title row') continue;
    const year = Number(m[1]);
    let month = m[3] !== undefined ? Number(m[3]) : null;
    let day = m[5] !== undefined ? Number(m[5]) : null;
    // `2023年1-2季度`: 年 then a dash is no date.
    if (m[2] === '年' && m[4] !== undefined && m[4] !== '月') (month = null), (day = null);
    const after = text.slice(m.index! + m[0].length);
    const saysYear = m[2] === '年' || /^\s*年/.test(after) || (kind === 'title row' && /^\s*[-~～至到—–]\s*\d{4}\s*年/.test(after));
    let s = span(year, month, day);
    // `2022-2023`, `2023-13`: not a month, so the year alone, where a year alone may stand; a
    // real month with a day it does not have (`2023-06-31`) is no date at all.
    if (s === null && month !== null && (month < 1 || month > 12)) s = saysYear || kind === 'file name' ? span(year, null, null) : null;
    else if (month === null && !saysYear && kind === 'title row') s = null;
    const end = month === null && m[3] !== undefined ? m.index! + 4 : m.index! + m[0].length;
    if (!s) continue;
    const f: Found = { index: m.index!, end, ...s, day: day !== null ? s.last : null };
    // `2023年1月1日至12月31日`: the end carries the year of the start.
    const tail = day !== null ? RANGE_END_IN_YEAR.exec(text.slice(end)) : null;
    const close = tail ? span(year, Number(tail[1]), Number(tail[2])) : null;
    if (tail && close) {
      found.push({ ...f, end: end + tail[0].length, first: f.last, last: close.last, day: null, range: true });
      continue;
    }
    found.push(f);
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
  // Full-width digits and colons; a masked phone number (hmac: and 16 hex digits) states no date.
  const normal = text.normalize('NFKC').replace(/hmac:[0-9a-f]{16}/g, ' ');
  const periods: StatedPeriod[] = [];
  const stamps: Stamp[] = [];
  const found = findAll(normal, kind);
  const said = { where, text: text.trim() };
  for (let i = 0; i < found.length; i++) {
    const f = found[i];
    const before = normal.slice(Math.max(0, f.index - 16), f.index);
    const after = normal.slice(f.end, f.end + 8);
    const asOf = AS_OF.test(before);
    if (!asOf && f.day && (STRONG_STAMP_BEFORE.test(before) || STRONG_STAMP_AFTER.test(after))) {
      stamps.push({ date: f.last, strong: true, ...said });
      continue;
    }
    if (!asOf && (WEAK_STAMP_BEFORE.test(before) || STRONG_STAMP_BEFORE.test(before))) {
      // A form's date (填报日期：…), or a number that looks like one (编号：2023-12): no period.
      if (f.day) stamps.push({ date: f.last, strong: false, ...said });
      continue;
    }
    if (f.range) {
      periods.push({ first: f.first, last: f.last, asOf, single: false, ...said });
      continue;
    }
    const next = found[i + 1];
    if (next && RANGE.test(normal.slice(f.end, next.index))) {
      // `2023年1月1日至2023年6月30日`, `2022.1-2023.12`: one period, from the first to the last.
      periods.push({ first: f.day ?? f.first, last: next.last, asOf, single: false, ...said });
      i++;
      continue;
    }
    periods.push({ first: f.first, last: f.last, asOf, single: f.day !== null, ...said });
  }
  return { periods, stamps };
}

/** What an export says about the period it covers, from its file name and title rows. */
export interface ExportStatement {
  /** The periods it covers, cut at its earliest export stamp; a lone date that ends no month (a form's date) is left out. */
  periods: StatedPeriod[];
  stamps: Stamp[];
  /** Years those periods touch. */
  years: number[];
  /** The as-of date of a snapshot, or null when the export states none. */
  asOf: { date: string; where: string; text: string } | null;
}

const yearsOf = (p: StatedPeriod) => {
  const years: number[] = [];
  for (let y = Number(p.first.slice(0, 4)); y <= Number(p.last.slice(0, 4)); y++) years.push(y);
  return years;
};

const endsMonth = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return d === lastDay(y, m);
};

/**
 * Reads the statement of an export. Its as-of date is the one said with 截至 (the earliest, if
 * several are); without one, the earliest end of a period it states: of `2023年花名册` and a name
 * saying 2024, the roster is taken as of 2023-12-31 — the safe side, never guessed later. An
 * export stamp earlier than that bounds it, and every period it covers: a file exported on
 * 2023-07-03 says nothing of the days after.
 */
export function exportStatement(fileName: string, titleRows: readonly TitleRow[]): ExportStatement {
  const read = [...titleRows.map((t) => statedPeriods(t.text, `title row ${t.row}`, 'title row')), statedPeriods(fileName, 'file name', 'file name')];
  const stated = read.flatMap((r) => r.periods);
  const stamps = read.flatMap((r) => r.stamps);
  const explicit = stated.filter((p) => p.asOf);
  const pool = explicit.length > 0 ? explicit : stated;
  let asOf = pool.reduce<ExportStatement['asOf']>((min, p) => (min === null || p.last < min.date ? { date: p.last, where: p.where, text: p.text } : min), null);
  const madeBy = stamps.filter((s) => s.strong).reduce<Stamp | null>((min, s) => (min === null || s.date < min.date ? s : min), null);
  if (asOf && madeBy && madeBy.date < asOf.date) asOf = { date: madeBy.date, where: madeBy.where, text: madeBy.text };
  const periods = stated
    .filter((p) => !p.single || p.asOf || endsMonth(p.last))
    .filter((p) => !madeBy || p.first <= madeBy.date)
    .map((p) => (madeBy && p.last > madeBy.date ? { ...p, last: madeBy.date } : p));
  const years = [...new Set(periods.flatMap(yearsOf))].sort((a, b) => a - b);
  return { periods, stamps, years, asOf };
}
