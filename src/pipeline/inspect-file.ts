/**
 * `etl inspect FILE`: which source(s) an export resembles, by its file name and by the header row
 * of each sheet, and how each header maps: matched (the canonical header), alias (a spelling
 * listed in pipelines/), mapped (a spelling from etl-mappings.json) or unknown (not in the
 * contract); which required columns are missing, and the line of etl-mappings.json that would
 * let a renamed header through. Only the first rows of each sheet are read, and no warehouse is
 * opened. The verdict follows the rules of a run (load-file.ts): which source a sheet is loaded
 * as, or why the file fails, or that it matches no source.
 */
import { basename } from 'node:path';
import { maskPhoneNumbers, momentaryPhoneHasher } from '../transform/pii.js';
import type { SourceDefinition } from '../sources/define.js';
import { FileError } from '../extract/errors.js';
import type { RawRow } from '../extract/extractor.js';
import { sheetAccepted, sourcesByFileName } from '../sources/file-patterns.js';
import { extractorFor } from '../extract/index.js';
import { isCandidateFile, sniffFormat } from '../extract/sniff.js';
import {
  columnLetter,
  describeHeaderProblem,
  findHeader,
  HEADER_SEARCH_ROWS,
  headerText,
  isHeaderMatch,
  mappingCandidates,
  mappingLine,
  type HeaderProblem,
} from '../sources/headers.js';
import { chooseSource } from './load-file.js';
import { headerKind, mappedFilePattern, notAnExport, type Mappings } from './mappings.js';

export type HeaderStatus = 'matched' | 'alias' | 'mapped' | 'unknown';

export interface HeaderCell {
  /** Column letter, as Excel shows it. */
  letter: string;
  /** The header as written. */
  header: string;
  status: HeaderStatus;
  /** Warehouse column it names, or null (unknown). */
  column: string | null;
  /** That column's canonical header. */
  canonical: string | null;
}

/** How well one source's header fits a sheet. */
export interface SourceFit {
  source: string;
  title: string;
  /** The file name matches one of its patterns. */
  byFileName: boolean;
  /** The header row found (complete) or the row holding most of its required headers; null when no row holds any. */
  headerRow: number | null;
  /** All required headers are on `headerRow`, each once: a run could load the sheet as this source. */
  complete: boolean;
  requiredFound: number;
  requiredTotal: number;
  /** The cells of `headerRow`, each with how it maps. */
  cells: HeaderCell[];
  missingRequired: { column: string; header: string; accepted: string[] }[];
  missingOptional: { column: string; header: string }[];
  /** Columns named more than once on the header row (a run refuses such a header). */
  duplicated: { column: string; header: string; letters: string[] }[];
  /** Unknown headers that may be missing required columns (by the characters they share). */
  candidates: { header: string; column: string; canonical: string }[];
  /** The etl-mappings.json entry that would map `candidates` onto their columns, or null. */
  suggestion: string | null;
}

export interface SheetInspection {
  /** Worksheet name; null for a CSV file. */
  sheet: string | null;
  /** The source a run loads this sheet as, or null. */
  loadsAs: string | null;
  /** Why a run does not read the sheet at all (no source it could be accepts the sheet name), or null. */
  skipped: string | null;
  /** Sources whose header fits the sheet at least in part, best first: the one loaded, then complete ones, then by the required headers found. */
  fits: SourceFit[];
}

export interface FileInspection {
  file: string;
  format: 'csv' | 'xlsx' | null;
  /** Why the file cannot be read at all (damaged, .xls, not a spreadsheet …), or null. */
  error: string | null;
  mappings: { file: string; path: string; sha256: string } | null;
  /** Sources whose file-name pattern matches; `mappedPattern` when only an etl-mappings.json pattern does. */
  byFileName: { source: string; title: string; mappedPattern: string | null }[];
  sheets: SheetInspection[];
  /** What a run does with the file. */
  verdict: { loads: { source: string; sheet: string | null }[]; fails: { source: string | null; message: string }[]; unmatched: boolean };
}

const isRequired = (c: SourceDefinition['columns'][number]) => !c.optional && c.emptyAs === undefined;

/** How `source`'s header fits the first rows of a sheet. */
export function fitOf(source: SourceDefinition, rows: readonly RawRow[], byFileName: boolean): SourceFit {
  const found = findHeader(source, rows);
  const required = source.columns.filter(isRequired);
  const headerRow = isHeaderMatch(found) ? found.headerRow : found.bestRow;
  const row = rows.find((r) => r.row === headerRow);
  const cells: HeaderCell[] = [];
  (row?.cells ?? []).forEach((cell, i) => {
    const header = headerText(cell);
    if (header.trim() === '') return;
    const kind = headerKind(source, header);
    cells.push({ letter: columnLetter(i), header, status: kind?.kind ?? 'unknown', column: kind?.column.name ?? null, canonical: kind?.column.header ?? null });
  });
  const named = new Set(cells.map((c) => c.column).filter(Boolean));
  const problem: HeaderProblem | null = isHeaderMatch(found) ? null : found;
  const missing = problem ? problem.missing : [];
  const pairs = problem ? mappingCandidates(problem) : [];
  return {
    source: source.id,
    title: source.title,
    byFileName,
    headerRow,
    complete: isHeaderMatch(found),
    requiredFound: headerRow === null ? 0 : required.length - missing.length,
    requiredTotal: required.length,
    cells,
    missingRequired: missing.map((c) => ({ column: c.name, header: c.header, accepted: c.aliases ?? [] })),
    missingOptional: headerRow === null ? [] : source.columns.filter((c) => !isRequired(c) && !named.has(c.name)).map((c) => ({ column: c.name, header: c.header })),
    duplicated: (problem?.duplicated ?? []).map((d) => ({ column: d.column.name, header: d.column.header, letters: d.letters })),
    candidates: pairs.map((p) => ({ header: p.header, column: p.column.name, canonical: p.column.header })),
    suggestion: pairs.length ? mappingLine(source, pairs) : null,
  };
}

/** Best first: complete, then by the count of required headers found, then by their share (one 省份 of two is less like a source than four of eleven). */
function byFit(a: SourceFit, b: SourceFit): number {
  return Number(b.complete) - Number(a.complete) || b.requiredFound - a.requiredFound || b.requiredFound / b.requiredTotal - a.requiredFound / a.requiredTotal;
}

/**
 * Reads the first rows of each sheet of `path` and says how a run would take it (see the module
 * comment). Every text of the answer (file, sheet and header names, messages) has its mobile
 * numbers masked, as in a run; nothing is stored, so a key of the moment serves.
 */
export async function inspectFile(path: string, sources: readonly SourceDefinition[], mappings: Mappings | null): Promise<FileInspection> {
  const hashPhone = momentaryPhoneHasher();
  return maskTexts(await inspectUnmasked(path, sources, mappings), (text) => maskPhoneNumbers(text, hashPhone));
}

/** `value` with every string in it passed through `mask`. */
function maskTexts<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskTexts(v, mask)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskTexts(v, mask)])) as T;
  }
  return value;
}

async function inspectUnmasked(path: string, sources: readonly SourceDefinition[], mappings: Mappings | null): Promise<FileInspection> {
  const name = basename(path);
  const inspection: FileInspection = {
    file: path,
    format: null,
    error: null,
    mappings: mappings && { file: mappings.name, path: mappings.path, sha256: mappings.sha256 },
    byFileName: [],
    sheets: [],
    verdict: { loads: [], fails: [], unmatched: false },
  };
  const byName = sourcesByFileName(name, sources);
  inspection.byFileName = byName.map((s) => ({ source: s.id, title: s.title, mappedPattern: mappedFilePattern(s, name) }));
  if (!isCandidateFile(name)) {
    inspection.error = notAnExport(name);
    inspection.verdict.unmatched = true;
    return inspection;
  }
  const candidates = byName.length > 0 ? byName : [...sources];
  const claimed = new Map<SourceDefinition, string | null>();
  const problems = new Map<SourceDefinition, { sheet: string | null; problem: HeaderProblem }>();
  try {
    const format = await sniffFormat(path, name);
    inspection.format = format;
    for await (const sheet of extractorFor(format).sheets(path, name)) {
      const iterator = sheet.rows[Symbol.asyncIterator]();
      const rows: RawRow[] = [];
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          rows.push(next.value);
          if (rows.length >= HEADER_SEARCH_ROWS) break;
        }
      } finally {
        await iterator.return?.();
      }
      const eligible = candidates.filter((s) => sheetAccepted(s, sheet.name));
      const { chosen, problems: sheetProblems } = chooseSource(eligible, rows);
      for (const [source, problem] of sheetProblems) {
        if (!problems.has(source) || (problem.bestRow !== null && problems.get(source)!.problem.bestRow === null)) problems.set(source, { sheet: sheet.name, problem });
      }
      const fits = sources
        .map((s) => fitOf(s, rows, byName.includes(s)))
        .filter((f) => f.requiredFound > 0 || f.complete || f.byFileName)
        .sort((a, b) => (chosen ? Number(b.source === chosen.source.id) - Number(a.source === chosen.source.id) : 0) || byFit(a, b));
      const skipped = eligible.length === 0 ? `no source the file name matches reads a sheet named ${sheet.name ?? '(none)'}` : null;
      inspection.sheets.push({ sheet: sheet.name, loadsAs: chosen?.source.id ?? null, skipped, fits });
      if (!chosen) continue;
      const first = claimed.get(chosen.source);
      if (first !== undefined) {
        // As a run: two sheets holding one source fail the whole file.
        inspection.verdict.loads = [];
        inspection.verdict.fails = [
          { source: null, message: `sheets ${first ?? '(first)'} and ${sheet.name ?? '(next)'} both hold the header of ${chosen.source.title}; only one sheet per source is read, so the other's rows would be lost: put all rows on one sheet` },
        ];
        return inspection;
      }
      claimed.set(chosen.source, sheet.name);
      problems.delete(chosen.source);
      inspection.verdict.loads.push({ source: chosen.source.id, sheet: sheet.name });
    }
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    inspection.error = error.reason;
    inspection.verdict = { loads: [], fails: [{ source: null, message: error.reason }], unmatched: false };
    return inspection;
  }
  for (const source of byName) {
    if (claimed.has(source)) continue;
    if (claimed.size > 0 && (inspection.format === 'csv' || !source.sheets)) continue;
    const p = problems.get(source);
    let message: string;
    if (p) message = `${p.sheet ? `sheet ${p.sheet}: ` : ''}${describeHeaderProblem(source, p.problem)}`;
    else if (source.sheets && inspection.format === 'xlsx') message = `no sheet named ${source.sheets.join(' / ')}`;
    else message = `no sheet holds the header of ${source.title}`;
    inspection.verdict.fails.push({ source: source.id, message });
  }
  inspection.verdict.unmatched = byName.length === 0 && inspection.verdict.loads.length === 0;
  return inspection;
}
