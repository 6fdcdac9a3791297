/**
 * Reads an .xlsx workbook sheet by sheet and row by row with exceljs's streaming reader, so
 * that a workbook of any size is read without holding its rows in memory.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Row } from 'exceljs';
import type { RawCell } from '../../transform/cells.js';
import { FileError } from '../errors.js';
import { isIoError, unreadableFile } from '../io-error.js';
import type { BytesRead, Extractor, RawRow, SheetData } from '../extractor.js';
import { readCell } from './cell-value.js';
import { guardInflation } from './inflate-guard.js';
import { checkZipDirectory, zipLimitsFromEnv, type ZipLimits } from './zip-directory.js';

/** What the streaming reader gives per worksheet (its typings omit `name`). */
interface StreamedWorksheet extends AsyncIterable<Row> {
  name: string;
}

/** What the streaming reader exposes of workbook.xml (untyped in exceljs). */
interface WorkbookProperties {
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Streams the worksheets of an .xlsx (or .xlsm) file, in the order they are stored.
 *
 * Rows that hold no cell at all are not in the file and are not yielded. Cells of a merged
 * range other than the top-left one come out null, because Excel (and exceljs) store them
 * empty; the range itself is listed after the rows, so a file that does store values there
 * (a few third-party writers do) cannot be corrected while streaming.
 */
export class XlsxExtractor implements Extractor {
  readonly format = 'xlsx' as const;

  /** `limits` bound what a workbook may unpack to (default: from the environment, see zip-directory.ts). */
  constructor(private readonly limits: ZipLimits = zipLimitsFromEnv()) {}

  /** Yields each worksheet with its name from workbook.xml; throws FileError `corrupt` on a damaged file. */
  async *sheets(path: string, relPath: string = basename(path), onBytes?: BytesRead): AsyncGenerator<SheetData> {
    // exceljs pipes the file into unzipper without forwarding read errors (the read would
    // hang or crash the process), so the file is fed through a stream that ends on an error.
    let readError: unknown = null;
    // Zip bombs are refused from the directory, before anything is unpacked.
    const parts = await checkZipDirectory(path, relPath, this.limits).catch((error: unknown) => {
      throw toFileError(error, relPath);
    });
    const file = createReadStream(path);
    const source = new PassThrough();
    file.on('error', (error) => {
      readError = error;
      source.end();
    });
    if (onBytes) file.on('data', (chunk) => onBytes(chunk.length));
    file.pipe(source);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    // A part that unpacks beyond its declared size (a lying zip bomb), or damaged, stops the read.
    const bomb = guardInflation(source, parts, relPath, () => file.destroy());
    // Errors surface either here or in a sheet's row loop, which runs in the caller's hands.
    const guard: ReadGuard = {
      fail: (error) => toFileError(readError ?? bomb.error ?? error, relPath),
      check: () => {
        if (readError) throw toFileError(readError, relPath);
      },
    };
    let worksheets = 0;
    try {
      for await (const worksheet of bomb.race(reader as AsyncIterable<unknown> as AsyncIterable<StreamedWorksheet>)) {
        if (readError) break;
        worksheets++;
        const date1904 = (reader as unknown as WorkbookProperties).properties?.model?.date1904 === true;
        yield { name: worksheet.name, rows: rowsOf(worksheet, date1904, guard) };
      }
    } catch (error) {
      throw guard.fail(error);
    } finally {
      file.destroy();
    }
    guard.check();
    if (worksheets === 0) {
      throw new FileError(relPath, 'corrupt', 'holds no worksheet (it is not an Excel workbook, or it is damaged): open it in Excel and save it again as .xlsx');
    }
  }
}

interface ReadGuard {
  /** The FileError for an error met while reading (a read error of the file takes precedence). */
  fail(error: unknown): FileError;
  /** Throws when the file could not be read to its end, which exceljs takes for a normal end. */
  check(): void;
}

async function* rowsOf(worksheet: StreamedWorksheet, date1904: boolean, guard: ReadGuard): AsyncGenerator<RawRow> {
  try {
    for await (const row of worksheet) {
      // exceljs numbers columns from 1; cells[0] is column A.
      const cells: RawCell[] = new Array<RawCell>(row.cellCount).fill(null);
      row.eachCell((cell, column) => {
        cells[column - 1] = readCell(cell, date1904);
      });
      yield { row: row.number, cells };
    }
  } catch (error) {
    throw guard.fail(error);
  }
  guard.check();
}

function toFileError(error: unknown, relPath: string): FileError {
  if (error instanceof FileError) return error;
  if (isIoError(error)) return unreadableFile(relPath, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new FileError(relPath, 'corrupt', `is not a valid .xlsx workbook (damaged or only partly copied: ${detail}): open it in Excel and save it again`);
}
