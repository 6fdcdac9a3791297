/**
 * Reads a CSV export as one unnamed sheet, streaming: UTF-8 (with or without BOM), UTF-16
 * with BOM or GB18030/GBK text, separated by commas, tabs or semicolons. Text in any other
 * encoding (Latin-1, Greek …) fails the file, naming the encoding it looks like.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import type { Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { FileError } from '../errors.js';
import { unreadableFile } from '../io-error.js';
import { lineBreaks } from '../raw-cell.js';
import type { BytesRead, Extractor, RawRow, SheetData } from '../extractor.js';
import { decodeSample, detectDelimiter, detectEncoding, encodingProblem } from './detect.js';
import type { CsvDelimiter, CsvEncoding } from './detect.js';
import { Gb18030Validator } from './gb18030-validator.js';
import { Utf8Validator } from './utf8-validator.js';

export { detectDelimiter, detectEncoding, encodingProblem } from './detect.js';
export type { CsvDelimiter, CsvEncoding } from './detect.js';

const SAMPLE_BYTES = 64 * 1024;
/**
 * Longest record read, which bounds the memory a record takes. Longer ones almost always come
 * from a quote that is never closed; a single overlong cell below it is read, and the row
 * validator rejects it (a spreadsheet cell holds at most 32,767 characters).
 */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * Streams a CSV file: each record's cells are the fields exactly as written (no trimming),
 * `row` is the line where the record starts, and empty lines come as rows of one empty cell.
 */
export class CsvExtractor implements Extractor {
  readonly format = 'csv' as const;

  /** Yields one sheet named null; the encoding and delimiter are detected from the first 64 KB. */
  async *sheets(path: string, relPath: string = basename(path), onBytes?: BytesRead): AsyncGenerator<SheetData> {
    const layout = await detectCsvLayout(path, relPath);
    yield { name: null, rows: readCsvRows({ path, relPath, layout, onBytes }) };
  }
}

/** How a CSV file is written: its text encoding and its field separator. */
export interface CsvLayout {
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}

/**
 * Detects the encoding and the delimiter from the first 64 KB; fails with FileError `encoding`
 * when the text is in none of the encodings read (see `encodingProblem`).
 */
export async function detectCsvLayout(path: string, relPath: string = basename(path)): Promise<CsvLayout> {
  const sample = await readSample(path, relPath);
  const encoding = detectEncoding(sample);
  const problem = encodingProblem(sample, encoding);
  if (problem) throw new FileError(relPath, 'encoding', problem);
  return { encoding, delimiter: detectDelimiter(decodeSample(sample, encoding)) };
}

/**
 * A byte range of a CSV file that starts where a record starts (src/extract/csv/split.ts):
 * bytes [start, end), whose first byte is on line `firstLine`.
 */
export interface CsvRange {
  start: number;
  end: number;
  firstLine: number;
  /** Called once the range is read to its end, with the line the next range must start on. */
  onEnd?(nextLine: number): void;
}

/** A CSV file to read: where it is, the name its errors give, how it is written, and which part of it. */
export interface CsvToRead {
  path: string;
  /** The file as named in messages (its path in the input folder). */
  relPath: string;
  layout: CsvLayout;
  /** Only this byte range of the file (a worker thread's); absent: the whole file. */
  range?: CsvRange;
  /** Told the bytes read from the file as they are read (the run's progress). */
  onBytes?: BytesRead;
}

async function readSample(path: string, relPath: string): Promise<Buffer> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(SAMPLE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw unreadableFile(relPath, error);
  }
}

/** Streams the records of a CSV file, or of one range of it, each with the line it starts on. */
export async function* readCsvRows(csv: CsvToRead): AsyncGenerator<RawRow> {
  for await (const batch of readCsvRowBatches(csv)) yield* batch;
}

/** Records handed over at most this many at a time by readCsvRowBatches. */
const BATCH_ROWS = 2_000;

/**
 * readCsvRows in batches: the records the parser has ready, up to BATCH_ROWS at a time. Taking
 * them from the parser's 'data' events instead of one await per record saves about 1 µs of
 * the 10 a record costs (the parallel loader reads large files this way).
 */
export async function* readCsvRowBatches(csv: CsvToRead): AsyncGenerator<RawRow[]> {
  const { relPath, range } = csv;
  let line = range?.firstLine ?? 1;
  let parser: Parser;
  try {
    parser = openRecords(csv);
  } catch (error) {
    throw unreadableFile(relPath, error);
  }
  let batch: RawRow[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  parser.on('data', (cells: string[]) => {
    batch.push({ row: line, cells });
    line += 1 + lineBreaks(cells);
    if (batch.length >= BATCH_ROWS) {
      parser.pause();
      notify();
    }
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  parser.on('error', (error) => {
    failure = { error };
    notify();
  });
  try {
    for (;;) {
      // The records read before an error or the end are handed over first.
      if (batch.length >= BATCH_ROWS || (batch.length > 0 && (ended || failure))) {
        const full = batch;
        batch = [];
        yield full;
        continue;
      }
      if (failure) throw (failure as { error: unknown }).error;
      if (ended) break;
      parser.resume();
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw unreadableFile(relPath, error);
    throw csvFileError(error, relPath, await lineOfFailedRecord(csv));
  } finally {
    if (!ended) parser.destroy();
  }
  range?.onEnd?.(line);
}

/**
 * Starts reading the file's records; errors of every stage surface in the returned parser.
 * `onRecord`: called with each record as it is parsed (only the second pass of lineOfFailedRecord).
 */
function openRecords({ path, relPath, layout: { encoding, delimiter }, range, onBytes }: CsvToRead, onRecord?: (cells: string[]) => void): Parser {
  const parser = parse({
    delimiter,
    // A byte order mark can only open the file, not a later range of it.
    bom: encoding === 'utf-8' && (range?.start ?? 0) === 0,
    // Mixed line endings happen when a file was edited by hand; accept all three.
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    // A stray quote inside a field (`客户称"网络差"`) stays literal text instead of failing the file.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
    on_record: onRecord && ((cells: string[]) => (onRecord(cells), cells)),
  });
  const file = range ? createReadStream(path, { start: range.start, end: range.end - 1 }) : createReadStream(path);
  if (onBytes) file.on('data', (chunk) => onBytes(chunk.length));
  if (encoding === 'utf-8') pipeline(file, new Utf8Validator(relPath, range?.firstLine), parser, () => {});
  // iconv-lite reads invalid GB18030 as U+FFFD or wrong characters: the bytes are checked first.
  else if (encoding === 'gb18030') pipeline(file, new Gb18030Validator(relPath, range?.firstLine), iconv.decodeStream(encoding), parser, () => {});
  else pipeline(file, iconv.decodeStream(encoding), parser, () => {});
  return parser;
}

/**
 * csv-parse reads ahead and drops the records it buffered when it fails, so the line where
 * the failing record starts is found by a second pass that counts lines as records are parsed
 * (on_record makes csv-parse allocate per record, which the normal pass avoids).
 */
async function lineOfFailedRecord(csv: CsvToRead): Promise<number> {
  let next = csv.range?.firstLine ?? 1;
  try {
    // The bytes were counted by the first pass: this one does not tell onBytes again.
    for await (const _ of openRecords({ ...csv, onBytes: undefined }, (cells) => (next += 1 + lineBreaks(cells)))) {
      // only counting
    }
  } catch {
    // the same error again
  }
  return next;
}

function csvFileError(error: CsvError, relPath: string, recordLine: number): FileError {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new FileError(relPath, 'corrupt', `has a quoted field starting on line ${recordLine} whose closing quote (") is missing: add it, or export the file again`);
    case 'CSV_MAX_RECORD_SIZE':
      return new FileError(relPath, 'corrupt', `has a record starting on line ${recordLine} that is longer than ${MAX_RECORD_CHARS.toLocaleString('en')} characters, most likely a quote (") that is never closed: fix that line or export the file again`);
    default:
      return new FileError(relPath, 'corrupt', `cannot be read as CSV at line ${recordLine} (${error.message}): export the file again`);
  }
}
