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
import { loadPart, type CopySink, type PartResult } from '../load/part-loader.js';
import type { PartOutcome } from './run-report.js';
import type { Extractor } from '../extract/extractor.js';
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

export async function loadFile(
  copy: CopySink,
  file: FileToLoad,
  format: 'csv' | 'xlsx',
  extractor: Extractor,
  sources: readonly SourceDefinition[],
  ctx: CellContext,
  hooks: LoadFileHooks = {},
  parallel?: ParallelOptions,
): Promise<PartOutcome[]> {
  const byName = sourcesByFileName(file.relPath, sources);
  const candidates = byName.length > 0 ? byName : [...sources];
  const outcomes: PartOutcome[] = [];
  const problems = new Map<SourceDefinition, { sheet: string | null; problem: HeaderProblem }>();
  const claimed = new Map<SourceDefinition, string | null>();

  let bytesRead = 0;
  const onRows = hooks.onRows && ((rows: number) => hooks.onRows!(rows, bytesRead));
  for await (const sheet of extractor.sheets(file.path, file.relPath, (n) => (bytesRead += n))) {
    const iterator = sheet.rows[Symbol.asyncIterator]();
    const buffered: RawRow[] = [];
    // Claimed sources stay eligible: a second sheet with the same header must not be ignored silently.
    const eligible = candidates.filter((s) => sheetAccepted(s, sheet.name));
    if (eligible.length === 0) {
      await drain(iterator);
      continue;
    }
    // A sheet name is file content too (a sheet named after a caller's phone): shown masked.
    const sheetName = sheet.name === null ? null : maskPhoneNumbers(sheet.name, ctx.hashPhone);
    for (let next = await iterator.next(); !next.done && buffered.length < HEADER_SEARCH_ROWS; ) {
      buffered.push(next.value);
      if (buffered.length < HEADER_SEARCH_ROWS) next = await iterator.next();
    }
    const { chosen, problems: sheetProblems } = chooseSource(eligible, buffered);
    for (const [source, problem] of sheetProblems) {
      if (!problems.has(source) || (problem.bestRow !== null && problems.get(source)!.problem.bestRow === null)) problems.set(source, { sheet: sheetName, problem });
    }
    if (!chosen) {
      await drain(iterator);
      continue;
    }
    const { source, match } = chosen;
    const first = claimed.get(source);
    if (first !== undefined) {
      throw new FileError(
        file.relPath,
        'ambiguous',
        `sheets ${first ?? '(first)'} and ${sheetName ?? '(next)'} both hold the header of ${source.title}; only one sheet per source is read, so the other's rows would be lost: put all rows on one sheet`,
      );
    }
    claimed.set(source, sheetName);
    problems.delete(source);
    hooks.onPartStart?.(source, sheetName);
    let result: PartResult;
    const fills: FillCount = { byHeader: new Map() };
    const split = format === 'csv' && parallel ? await rangesFor(file, source, match, parallel) : null;
    if (split) {
      await iterator.return?.();
      result = await loadCsvInParallel(copy, source, file, split.layout, match, split.ranges, parallel!, hooks.onRows);
    } else {
      const afterHeader = buffered.filter((r) => r.row > match.headerRow);
      const validate = compileRowValidator(source, match.mapping, match.headers, ctx, { strictWidth: format === 'csv' });
      const rows = replay(afterHeader, iterator);
      const filled = sheet.merges?.length ? fillMergedDown(rows, sheet.merges, match.mapping, match.headers, match.headerRow, fills) : rows;
      result = await loadPart(copy, source, file.fileId, filled, validate, onRows);
    }
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
    outcomes.push({
      source: source.id,
      sheet: sheetName,
      status: 'loaded',
      message: notes.length ? notes.join('; ') : null,
      headerRow: match.headerRow,
      extras,
      mappedHeaders: mapped,
      mappedFilePattern: pattern,
      titleRows: titleRowsOf(buffered, match.headerRow, ctx.hashPhone),
      result,
    });
  }

  // Sources the file name promised but no sheet delivered: the file fails for them.
  for (const source of byName) {
    if (claimed.has(source)) continue;
    // A CSV holds one source, and a workbook whose name also fits another source (安全用电台账.xlsx:
    // energy and safety) is that other source's: only sources that name their sheets still fail.
    if (claimed.size > 0 && (format === 'csv' || !source.sheets)) continue;
    const p = problems.get(source);
    let message: string;
    if (p) {
      // Headers of the file are suggested for etl-mappings.json; one holding a phone number is not a plausible header, nor shown.
      const unknown = p.problem.unknown.filter((h) => maskPhoneNumbers(h, ctx.hashPhone) === h);
      message = `${p.sheet ? `sheet ${p.sheet}: ` : ''}${describeHeaderProblem(source, { ...p.problem, unknown })}`;
    } else if (source.sheets && format === 'xlsx') message = `no sheet named ${source.sheets.join(' / ')}`;
    else message = `no sheet holds the header of ${source.title}`;
    outcomes.push({ source: source.id, sheet: p?.sheet ?? null, status: 'failed', message, headerRow: null, extras: [], mappedFilePattern: mappedFilePattern(source, file.relPath), result: null });
  }
  if (byName.length === 0 && outcomes.length === 0) {
    outcomes.push({ source: null, sheet: null, status: 'unmatched', message: 'matches no source by file name or header row', headerRow: null, extras: [], result: null });
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
