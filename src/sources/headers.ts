/**
 * Finding the header row of a sheet and mapping its columns onto a source definition.
 * Headers match after normalising: trimmed, all whitespace removed, full-width → half-width
 * (`（秒）` = `(秒)`), Latin letters case-insensitive.
 */
import type { ColumnDefinition, SourceDefinition } from './define.js';
import type { RawRow } from '../extract/extractor.js';
import { isExcelError, type RawCell } from '../transform/cells.js';

/** The header row must be within the first this-many rows of a sheet. */
export const HEADER_SEARCH_ROWS = 20;

export function normaliseHeader(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** The text of a header cell: empty for an empty cell, a date or an Excel error. */
export function headerText(cell: RawCell): string {
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
  /** Headers on the best candidate row that name no column of the source, as written: candidates for a mapping. */
  unknown: string[];
}

/** The file at the top of the input folder that maps renamed headers and file names onto sources (see pipeline/mappings.ts). */
export const MAPPINGS_FILE = 'etl-mappings.json';

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
      if (duplicated.length > 0) return { missing: [], duplicated, bestRow: row.row, unknown: [] };
      const extras = headers.filter((h, i) => mapping[i] === null && h.trim() !== '');
      return { headerRow: row.row, mapping, headers, extras };
    }
    if (found > 0 && (!best || found > best.found)) best = { row, found };
  }
  if (!best) return { missing: required, duplicated: [], bestRow: null, unknown: [] };
  const headers = best.row.cells.map(headerText);
  const present = new Set(headers.map((h) => lookup.get(normaliseHeader(h))));
  const unknown = headers.filter((h) => h.trim() !== '' && !lookup.has(normaliseHeader(h)));
  return { missing: required.filter((c) => !present.has(c)), duplicated: [], bestRow: best.row.row, unknown };
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
  const hint = mappingHint(source, p);
  return `the header on row ${p.bestRow} lacks the required column${plural} ${names.join(', ')}${hint ? `; ${hint}` : ''}`;
}

/** How alike two headers are: the share of characters they have in common (Dice), after normalising. */
function likeness(a: string, b: string): number {
  const x = [...normaliseHeader(a)];
  const y = [...normaliseHeader(b)];
  if (x.length + y.length === 0) return 0;
  const rest = [...y];
  let common = 0;
  for (const ch of x) {
    const i = rest.indexOf(ch);
    if (i >= 0) {
      common++;
      rest.splice(i, 1);
    }
  }
  return (2 * common) / (x.length + y.length);
}

/**
 * For each missing required column, the unknown header of the best row that most likely is it
 * (by the characters it shares with the column's header and aliases), each header used once;
 * a lone missing column and a lone unknown header are paired whatever their likeness.
 */
export function mappingCandidates(p: HeaderProblem): { column: ColumnDefinition; header: string }[] {
  const unknown = [...new Set(p.unknown.map((h) => h.trim()))];
  if (p.duplicated.length > 0 || p.missing.length === 0 || unknown.length === 0) return [];
  const pairs: { column: ColumnDefinition; header: string; score: number }[] = [];
  for (const column of p.missing) {
    for (const header of unknown) {
      const score = Math.max(...[column.header, ...(column.aliases ?? [])].map((h) => likeness(h, header)));
      pairs.push({ column, header, score });
    }
  }
  if (p.missing.length === 1 && unknown.length === 1) return [{ column: p.missing[0], header: unknown[0] }];
  pairs.sort((a, b) => b.score - a.score);
  const out: { column: ColumnDefinition; header: string }[] = [];
  for (const pair of pairs) {
    if (pair.score === 0) break;
    if (out.some((o) => o.column === pair.column || o.header === pair.header)) continue;
    out.push({ column: pair.column, header: pair.header });
  }
  // In the order of the definition, as the message names the missing columns.
  return out.sort((a, b) => p.missing.indexOf(a.column) - p.missing.indexOf(b.column));
}

/** The entry of etl-mappings.json that maps `pairs` onto `source`: `"hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } }`. */
export function mappingLine(source: SourceDefinition, pairs: readonly { column: ColumnDefinition; header: string }[]): string {
  const headers = pairs.map((p) => `${JSON.stringify(p.column.name)}: [${JSON.stringify(p.header)}]`).join(', ');
  return `${JSON.stringify(source.id)}: { "headers": { ${headers} } }`;
}

/**
 * Which line of etl-mappings.json would let the file load, when headers of the row not in the
 * contract may be renamed required columns: `if 工单创建时间 is 建单时间 (created_at), add to …`.
 */
export function mappingHint(source: SourceDefinition, p: HeaderProblem): string | null {
  const pairs = mappingCandidates(p);
  if (pairs.length === 0) return null;
  const which = pairs.map((x) => `${x.header} is ${x.column.header} (${x.column.name})`).join(' and ');
  const others = [...new Set(p.unknown.map((h) => h.trim()))].filter((h) => !pairs.some((x) => x.header === h));
  return (
    `if ${which}, add to ${MAPPINGS_FILE} (at the top of the input folder, under "sources"): ${mappingLine(source, pairs)}` +
    (others.length ? ` (other headers of that row not in the contract: ${others.join(', ')})` : '')
  );
}
