/** Encoding of values in PostgreSQL's COPY text format. */
import type { CellValue } from '../transform/cells.js';

const SPECIAL = /[\\\t\n\r]/;

function escapeText(s: string): string {
  if (!SPECIAL.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** One value as a COPY text field: `\N` for null, `t`/`f` for booleans. */
export function copyField(v: CellValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return escapeText(v);
}

/** One row as a COPY text line (with its newline). */
export function copyLine(values: readonly CellValue[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) line += `\t${copyField(values[i])}`;
  return `${line}\n`;
}
