/**
 * Wall-clock times as plain numbers: seconds (or days) since 1970-01-01 read as UTC, so that
 * no time zone ever shifts what a cell shows. Formatting is integer arithmetic (fast enough
 * for a million rows).
 */

export const DAY = 86_400;

/** Seconds of a wall-clock value. */
export function secondsOf(y: number, m: number, d: number, h = 0, mi = 0, s = 0): number {
  return Date.UTC(y, m - 1, d, h, mi, s) / 1000;
}

/** A day of February that year does not have: 29, or 30 in a leap year (`2024-02-29` is a date). */
export function noSuchFebruaryDay(year: number): number {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 30 : 29;
}

/** Days since 1970-01-01 of a calendar date. */
export function daysOf(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** [year, month, day] of a day number (H. Hinnant's civil_from_days). */
export function civil(days: number): [number, number, number] {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const PAD = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `YYYY-MM-DD` of a day number. */
export function isoDay(days: number): string {
  const [y, m, d] = civil(days);
  return `${y}-${PAD[m]}-${PAD[d]}`;
}

/** `YYYY-MM-DD HH:mm:ss` of a seconds value: the form the engine stores. */
export function isoTimestamp(sec: number): string {
  const days = Math.floor(sec / DAY);
  const t = sec - days * DAY;
  return `${isoDay(days)} ${PAD[Math.floor(t / 3600)]}:${PAD[Math.floor(t / 60) % 60]}:${PAD[t % 60]}`;
}

/** How a timestamp is written in a hotline export. */
export const TsStyle = {
  /** `2023-03-04 09:05:00` */
  Iso: 0,
  /** `2023/3/4 9:05` (no seconds: only for minute-aligned values) */
  SlashShort: 1,
  /** `2023/03/04 09:05:07` */
  SlashLong: 2,
} as const;
export type TsStyle = (typeof TsStyle)[keyof typeof TsStyle];

export function formatTimestamp(sec: number, style: TsStyle): string {
  if (style === TsStyle.Iso) return isoTimestamp(sec);
  const days = Math.floor(sec / DAY);
  const t = sec - days * DAY;
  const [y, m, d] = civil(days);
  const h = Math.floor(t / 3600);
  const mi = Math.floor(t / 60) % 60;
  if (style === TsStyle.SlashShort) {
    if (t % 60 !== 0) throw new Error('a short timestamp would drop seconds');
    return `${y}/${m}/${d} ${h}:${PAD[mi]}`;
  }
  return `${y}/${PAD[m]}/${PAD[d]} ${PAD[h]}:${PAD[mi]}:${PAD[t % 60]}`;
}

/** Text forms of a date accepted by the contracts, e.g. `2021年3月4日`. */
export type DateTextStyle = 'iso' | 'slash' | 'dot' | 'cn' | 'compact';

export function formatDateText(days: number, style: DateTextStyle): string {
  const [y, m, d] = civil(days);
  switch (style) {
    case 'iso':
      return `${y}-${PAD[m]}-${PAD[d]}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'dot':
      return `${y}.${m}.${d}`;
    case 'cn':
      return `${y}年${m}月${d}日`;
    case 'compact':
      return `${y}${PAD[m]}${PAD[d]}`;
  }
}

/** A JS Date whose UTC fields are the wall-clock date (what exceljs writes as a date cell). */
export function excelDate(days: number): Date {
  return new Date(days * 86_400_000);
}
