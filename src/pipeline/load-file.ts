/**
 * One input file through extract → normalise/validate → load: its sheets are matched to
 * sources (file name first, then header row), each matched part is streamed into its table.
 * A FileError (damaged file) propagates: the caller rolls the whole file back.
 */
import { stat } from 'node:fs/promises';
import type { SourceDefinition } from '../sources/define.js';
import { detectCsvLayout } from '../extract/csv/csv-extractor.js';
import { planCsvRanges, splittable } from '../extract/csv/split.js';
import { FileError } from '../extract/errors.js';
import type { RawRow } from '../extract/extractor.js';
import { sheetAccepted, sourcesByFileName } from '../sources/file-patterns.js';
import type { CellContext } from '../transform/cells.js';
import { describeHeaderProblem, findHeader, HEADER_SEARCH_ROWS, isHeaderMatch, type HeaderMatch, type HeaderProblem } from '../sources/headers.js';
import { maskPhoneNumbers } from '../transform/pii.js';
import { compileRowValidator } from '../sources/row-validator.js';
import type { PartResult } from '../load/part-counts.js';
import { loadPart, type CopySink } from '../load/part-loader.js';
import type { PartOutcome } from './run-report.js';
import type { Extractor, SheetData } from '../extract/extractor.js';
import type { TitleRow } from '../coverage/stated-dates.js';
import { mappedFilePattern, mappedHeaders, MAPPINGS_FILE } from './mappings.js';
import { fillMergedDown, type FillCount } from './merged-fill.js';
import { loadCsvInParallel, type ParallelOptions } from './parallel-csv.js';

export interface FileToLoad {
  path: string;
  relPath: string;
  fileId: number;
}

export interface LoadFileHooks {
  onPartStart?(source: SourceDefinition, sheet: string | null): void;
  /** Rows read so far in the current part, and bytes of the file read so far. */
  onRows?(rowsRead: number, bytesRead: number): void;
}

/** The text of the rows above the header, one entry per non-empty row. */
function titleRowsOf(buffered: RawRow[], headerRow: number, hashPhone: CellContext['hashPhone']): TitleRow[] {
  const titles: TitleRow[] = [];
  for (const r of buffered) {
    if (r.row >= headerRow) break;
    const text = r.cells
      .map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : typeof c === 'string' ? c.trim() : ''))
      .filter(Boolean)
      .join(' ');
    if (text) titles.push({ row: r.row, text: maskPhoneNumbers(text, hashPhone) });
  }
  return titles;
}

/** Replays the buffered first rows, then continues with the rest of the sheet. */
async function* replay(buffered: RawRow[], rest: AsyncIterator<RawRow>): AsyncGenerator<RawRow> {
  yield* buffered;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

async function drain(rows: AsyncIterator<RawRow>): Promise<void> {
  for (let next = await rows.next(); !next.done; next = await rows.next());
}

/** How to load one file: where its rows go, the sources it may hold, and how to read it. */
export interface LoadFileOptions {
  copy: CopySink;
  file: FileToLoad;
  format: 'csv' | 'xlsx';
  extractor: Extractor;
  sources: readonly SourceDefinition[];
  ctx: CellContext;
  hooks?: LoadFileHooks;
  /** Read large CSV files with worker threads (parallel-csv.ts); absent: in one pass. */
  parallel?: ParallelOptions;
}

/** What the sheets of a file have shown so far. */
interface FileProgress {
  /** The sources its name promises, else every source. */
  candidates: readonly SourceDefinition[];
  /** The sheet each source was read from. */
  claimed: Map<SourceDefinition, string | null>;
  /** Why a candidate's header was not found, on the sheet that came closest. */
  problems: Map<SourceDefinition, { sheet: string | null; problem: HeaderProblem }>;
  bytesRead: number;
}

/** A sheet chosen for a source, ready to be loaded. */
interface ChosenPart {
  source: SourceDefinition;
  match: HeaderMatch;
  sheet: SheetData;
  sheetName: string | null;
  /** The first rows (the header among them), already read from `rest`. */
  buffered: RawRow[];
  rest: AsyncIterator<RawRow>;
}

/** Loads every sheet of a file that holds a source; returns one outcome per part (loaded, failed or unmatched). */
export async function loadFile(options: LoadFileOptions): Promise<PartOutcome[]> {
  const { file, sources } = options;
  const byName = sourcesByFileName(file.relPath, sources);
  const state: FileProgress = { candidates: byName.length > 0 ? byName : [...sources], claimed: new Map(), problems: new Map(), bytesRead: 0 };
  const outcomes: PartOutcome[] = [];
  for await (const sheet of options.extractor.sheets(file.path, file.relPath, (n) => (state.bytesRead += n))) {
    const part = await choosePart(options, state, sheet);
    if (part) outcomes.push(await loadChosenPart(options, state, part));
  }
  outcomes.push(...undeliveredParts(options, byName, state));
  if (byName.length === 0 && outcomes.length === 0) {
    outcomes.push({ source: null, sheet: null, status: 'unmatched', message: 'matches no source by file name or header row', headerRow: null, extras: [], result: null });
  }
  return outcomes;
}

/** The source a sheet holds (claimed for it), or null when it holds none — the sheet is then read to its end. */
async function choosePart(options: LoadFileOptions, state: FileProgress, sheet: SheetData): Promise<ChosenPart | null> {
  const rest = sheet.rows[Symbol.asyncIterator]();
  // Claimed sources stay eligible: a second sheet with the same header must not be ignored silently.
  const eligible = state.candidates.filter((s) => sheetAccepted(s, sheet.name));
  if (eligible.length === 0) {
    await drain(rest);
    return null;
  }
  // A sheet name is file content too (a sheet named after a caller's phone): shown masked.
  const sheetName = sheet.name === null ? null : maskPhoneNumbers(sheet.name, options.ctx.hashPhone);
  const buffered: RawRow[] = [];
  for (let next = await rest.next(); !next.done && buffered.length < HEADER_SEARCH_ROWS; ) {
    buffered.push(next.value);
    if (buffered.length < HEADER_SEARCH_ROWS) next = await rest.next();
  }
  const { chosen, problems } = chooseSource(eligible, buffered);
  for (const [source, problem] of problems) {
    const known = state.problems.get(source);
    if (!known || (problem.bestRow !== null && known.problem.bestRow === null)) state.problems.set(source, { sheet: sheetName, problem });
  }
  if (!chosen) {
    await drain(rest);
    return null;
  }
  const first = state.claimed.get(chosen.source);
  if (first !== undefined) {
    throw new FileError(
      options.file.relPath,
      'ambiguous',
      `sheets ${first ?? '(first)'} and ${sheetName ?? '(next)'} both hold the header of ${chosen.source.title}; only one sheet per source is read, so the other's rows would be lost: put all rows on one sheet`,
    );
  }
  state.claimed.set(chosen.source, sheetName);
  state.problems.delete(chosen.source);
  return { ...chosen, sheet, sheetName, buffered, rest };
}

/** Loads a chosen sheet's rows and describes the part: counts, notes, header and title rows. */
async function loadChosenPart(options: LoadFileOptions, state: FileProgress, part: ChosenPart): Promise<PartOutcome> {
  const { file, ctx } = options;
  const { source, match } = part;
  options.hooks?.onPartStart?.(source, part.sheetName);
  const fills: FillCount = { byHeader: new Map() };
  const result = await loadRows(options, state, part, fills);
  const filledNote = [...fills.byHeader].map(([header, n]) => `${maskPhoneNumbers(header, ctx.hashPhone)} (${n})`).join(', ');
  // A header row is file content too: a phone number typed into it is masked like any other.
  const extras = match.extras.map((h) => maskPhoneNumbers(h, ctx.hashPhone));
  const mapped = mappedHeaders(source, match).map((h) => maskPhoneNumbers(h, ctx.hashPhone));
  const pattern = mappedFilePattern(source, file.relPath);
  const notes = [
    ...(pattern ? [`file name matched by ${MAPPINGS_FILE} pattern ${pattern}`] : []),
    ...(mapped.length ? [`headers mapped by ${MAPPINGS_FILE}: ${mapped.join(', ')}`] : []),
    ...(extras.length ? [`columns not loaded (not in the contract): ${extras.join(', ')}`] : []),
    ...(filledNote ? [`cells filled down from merged cells: ${filledNote}`] : []),
  ];
  return {
    source: source.id,
    sheet: part.sheetName,
    status: 'loaded',
    message: notes.length ? notes.join('; ') : null,
    headerRow: match.headerRow,
    extras,
    mappedHeaders: mapped,
    mappedFilePattern: pattern,
    titleRows: titleRowsOf(part.buffered, match.headerRow, ctx.hashPhone),
    result,
  };
}

/** Streams a part's rows into its table: a large CSV file by worker threads, anything else in this thread. */
async function loadRows(options: LoadFileOptions, state: FileProgress, part: ChosenPart, fills: FillCount): Promise<PartResult> {
  const { copy, file, format, ctx, hooks, parallel } = options;
  const { source, match } = part;
  const split = format === 'csv' && parallel ? await rangesFor(file, source, match, parallel) : null;
  if (split && parallel) {
    await part.rest.return?.();
    return loadCsvInParallel({ copy, source, file, layout: split.layout, match, ranges: split.ranges, onRows: hooks?.onRows }, parallel);
  }
  const validate = compileRowValidator(source, match.mapping, match.headers, ctx, { strictWidth: format === 'csv' });
  const rows = replay(part.buffered.filter((r) => r.row > match.headerRow), part.rest);
  const filled = part.sheet.merges?.length ? fillMergedDown(rows, part.sheet.merges, match.mapping, match.headers, match.headerRow, fills) : rows;
  const onRows = hooks?.onRows && ((n: number) => hooks.onRows!(n, state.bytesRead));
  return loadPart({ copy, source, fileId: file.fileId, rows: filled, validate, progress: onRows });
}

/** Sources the file name promised but no sheet delivered: the file fails for them. */
function undeliveredParts(options: LoadFileOptions, byName: readonly SourceDefinition[], state: FileProgress): PartOutcome[] {
  const { file, format, ctx } = options;
  const outcomes: PartOutcome[] = [];
  for (const source of byName) {
    if (state.claimed.has(source)) continue;
    // A CSV holds one source, and a workbook whose name also fits another source (安全用电台账.xlsx:
    // energy and safety) is that other source's: only sources that name their sheets still fail.
    if (state.claimed.size > 0 && (format === 'csv' || !source.sheets)) continue;
    const p = state.problems.get(source);
    let message: string;
    if (p) {
      // Headers of the file are suggested for etl-mappings.json; one holding a phone number is not a plausible header, nor shown.
      const unknown = p.problem.unknown.filter((h) => maskPhoneNumbers(h, ctx.hashPhone) === h);
      message = `${p.sheet ? `sheet ${p.sheet}: ` : ''}${describeHeaderProblem(source, { ...p.problem, unknown })}`;
    } else if (source.sheets && format === 'xlsx') message = `no sheet named ${source.sheets.join(' / ')}`;
    else message = `no sheet holds the header of ${source.title}`;
    outcomes.push({ source: source.id, sheet: p?.sheet ?? null, status: 'failed', message, headerRow: null, extras: [], mappedFilePattern: mappedFilePattern(source, file.relPath), result: null });
  }
  return outcomes;
}

/**
 * Which source a sheet holds, as a run decides it: of the sources whose whole required header is
 * on one of the first rows, the one naming most of its columns; and for the others, what is missing.
 */
export function chooseSource(
  eligible: readonly SourceDefinition[],
  buffered: readonly RawRow[],
): { chosen: { source: SourceDefinition; match: HeaderMatch } | null; problems: Map<SourceDefinition, HeaderProblem> } {
  let chosen: { source: SourceDefinition; match: HeaderMatch } | null = null;
  const problems = new Map<SourceDefinition, HeaderProblem>();
  for (const source of eligible) {
    const found = findHeader(source, buffered);
    if (isHeaderMatch(found)) {
      const mapped = found.mapping.filter(Boolean).length;
      if (!chosen || mapped > chosen.match.mapping.filter(Boolean).length) chosen = { source, match: found };
    } else problems.set(source, found);
  }
  return { chosen, problems };
}

/**
 * The layout and byte ranges to read a CSV file in with worker threads, or null to read it in one pass:
 * a small file, one worker, a text encoding that cannot be cut at any line feed (UTF-16), or a
 * header beyond the first cut. The workers are given the definition itself (portableSource),
 * whatever its origin.
 */
export async function rangesFor(file: FileToLoad, source: SourceDefinition, match: HeaderMatch, parallel: ParallelOptions) {
  if (parallel.workers < 2) return null;
  const { size } = await stat(file.path);
  if (size < parallel.minBytes) return null;
  const layout = await detectCsvLayout(file.path, file.relPath);
  if (!splittable(layout.encoding)) return null;
  const ranges = await planCsvRanges(file.path, size, parallel.workers);
  return ranges.length > 1 && ranges[1].firstLine > match.headerRow ? { layout, ranges } : null;
}

export type { PartOutcome };
