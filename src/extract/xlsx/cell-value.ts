/** Number formats and serial dates of workbook cells. */

/**
 * True when a number format shows a date or time: `yyyy-mm-dd`, `m/d/yy h:mm`,
 * `[$-804]yyyy"年"m"月"`, LibreOffice's capitals (`YYYY-MM-DD`, `HH:MM:SS`), and elapsed
 * time (`[h]:mm`, `[ss]`). Colours, locales and quoted text are not date parts.
 */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  // Only the first section counts (positive numbers); escaped characters are literal text.
  const first = numFmt.split(';')[0].replace(/\\./g, '').replace(/"[^"]*"/g, '');
  if (/\[(h+|m+|s+)\]/i.test(first)) return true;
  return /[ymdhsb]/i.test(first.replace(/\[[^\]]*]/g, '').replace(/General|E[+-]/gi, ''));
}

/** Excel's escapes of characters XML cannot hold: `_x000D_` is a carriage return, `_x005F_` an underscore. */
export function unescapeXlsx(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/**
 * A serial date as a Date whose UTC fields are the wall clock shown in Excel (serial 25569 is
 * 1970-01-01 in the 1900 system; a 1904 workbook counts 1,462 days less).
 */
export function excelToDate(serial: number, date1904: boolean): Date {
  // Excel's 1900 calendar has a 29 February 1900 (serial 60) that never was: serials before it are a day later.
  const days = !date1904 && serial >= 1 && serial < 60 ? serial + 1 : serial;
  return new Date(Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
