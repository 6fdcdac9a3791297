/**
 * Finding the header row of a sheet and mapping its columns onto a source definition.
 * Headers match after normalising: trimmed, all whitespace removed, full-width → half-width
 * (`（秒）` = `(秒)`), Latin letters case-insensitive.
 */
import type { ColumnDefinition, SourceDefinition } from '../../pipelines/define.js';
import type { RawRow } from '../extract/extractor.js';
import { isExcelError, type RawCell } from './cells.js';

/** The header row must be within the first this-many rows of a sheet. */
export const HEADER_SEARCH_ROWS = 20;

export function normaliseHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function headerText(cell: RawCell): string {
  if (cell === null || cell === undefined || isExcelError(cell) || cell instanceof Date) return '';
  return String(cell);
}

/** Column letters as Excel shows them: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface HeaderMatch {
  /** Row number of the header row. */
  headerRow: number;
  /** For each cell of the header row: the column it holds, or null (unknown/empty). */
  mapping: (ColumnDefinition | null)[];
  /** The header text as written, per cell. */
  headers: string[];
  /** Unknown columns, as written in the file (kept out of the warehouse, listed in the run log). */
  extras: string[];
}

export interface HeaderProblem {
  /** Required columns not found on the best candidate row. */
  missing: ColumnDefinition[];
  /** Columns whose header appears more than once. */
  duplicated: { column: ColumnDefinition; letters: string[] }[];
  /** Row number of the best candidate, or null when no row held any header. */
  bestRow: number | null;
}

/** Builds a lookup from normalised header text to column, for one source. */
export function headerLookup(source: SourceDefinition): Map<string, ColumnDefinition> {
  const lookup = new Map<string, ColumnDefinition>();
  for (const column of source.columns) {
    for (const h of [column.header, ...(column.aliases ?? [])]) lookup.set(normaliseHeader(h), column);
  }
  return lookup;
}

const isRequired = (c: ColumnDefinition) => !c.optional && c.emptyAs === undefined;

/**
 * Finds the header of `source` in the first rows of a sheet: the first row that holds all
 * its required headers. Returns the match, or what is missing on the closest row.
 */
export function findHeader(source: SourceDefinition, rows: readonly RawRow[]): HeaderMatch | HeaderProblem {
  const lookup = headerLookup(source);
  const required = source.columns.filter(isRequired);
  let best: { row: RawRow; found: number } | null = null;
  for (const row of rows.slice(0, HEADER_SEARCH_ROWS)) {
    const headers = row.cells.map(headerText);
    const mapping = headers.map((h) => lookup.get(normaliseHeader(h)) ?? null);
    const present = new Set(mapping.filter((c): c is ColumnDefinition => c !== null));
    const found = required.filter((c) => present.has(c)).length;
    if (found === required.length) {
      const letters = new Map<ColumnDefinition, string[]>();
      mapping.forEach((c, i) => c && letters.set(c, [...(letters.get(c) ?? []), columnLetter(i)]));
      const duplicated = [...letters].filter(([, l]) => l.length > 1).map(([column, l]) => ({ column, letters: l }));
      if (duplicated.length > 0) return { missing: [], duplicated, bestRow: row.row };
      const extras = headers.filter((h, i) => mapping[i] === null && h.trim() !== '');
      return { headerRow: row.row, mapping, headers, extras };
    }
    if (found > 0 && (!best || found > best.found)) best = { row, found };
  }
  if (!best) return { missing: required, duplicated: [], bestRow: null };
  const present = new Set(best.row.cells.map((c) => lookup.get(normaliseHeader(headerText(c)))));
  return { missing: required.filter((c) => !present.has(c)), duplicated: [], bestRow: best.row.row };
}

export function isHeaderMatch(x: HeaderMatch | HeaderProblem): x is HeaderMatch {
  return (x as HeaderMatch).mapping !== undefined;
}

/** A clerk-readable account of why the header was not accepted. */
export function describeHeaderProblem(source: SourceDefinition, p: HeaderProblem): string {
  if (p.duplicated.length > 0) {
    const d = p.duplicated.map((x) => `${x.column.header} appears in columns ${x.letters.join(' and ')}`).join('; ');
    return `the header on row ${p.bestRow} names a column twice (${d}): keep one of them`;
  }
  const names = p.missing.map((c) => (c.aliases?.length ? `${c.header} (also accepted: ${c.aliases.join(', ')})` : c.header));
  const plural = names.length > 1 ? 's' : '';
  if (p.bestRow === null) {
    return `no row within the first ${HEADER_SEARCH_ROWS} holds the header of ${source.title} (required column${plural}: ${names.join(', ')})`;
  }
  return `the header on row ${p.bestRow} lacks the required column${plural} ${names.join(', ')}`;
}
