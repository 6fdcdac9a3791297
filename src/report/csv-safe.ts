/**
 * CSV cells a spreadsheet will not run (OWASP, "CSV Injection"): a text cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a single quote in front, so `=HYPERLINK(…)` reads
 * `'=HYPERLINK(…)` and stays text. A number stays a number; a text that is exactly a decimal number
 * (`-5`, `-0.25`, `+3`) is left as it is too: a spreadsheet reads it as that number, nothing runs,
 * and a rejected `-5` should read `-5`. Anything else after the sign (`-2+3+cmd|…`) is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvSafe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** A record with every cell made safe. */
export const csvSafeRecord = (record: unknown[]): unknown[] => record.map(csvSafe);
