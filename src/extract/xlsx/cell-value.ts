/** Number formats and serial dates of workbook cells. */

/** True when a number format shows a date or time (`yyyy-mm-dd`, `m/d/yy h:mm`, `[$-804]yyyy"年"m"月"`). */
export function isDateFormat(numFmt: string | undefined): boolean {
  if (!numFmt) return false;
  const bare = numFmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]+/.test(bare);
}

/**
 * A serial date as a Date whose UTC fields are the wall clock shown in Excel (serial 25569 is
 * 1970-01-01 in the 1900 system; a 1904 workbook counts 1,462 days less).
 */
export function excelToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}
