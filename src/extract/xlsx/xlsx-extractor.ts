/**
 * Reads an .xlsx workbook sheet by sheet and row by row, streaming each worksheet from the zip
 * so that a workbook of any size is read without holding its rows in memory. Sheets are found
 * through workbook.xml and its relationships (any part name, absolute or relative targets,
 * parts stored in any order) and read in the workbook's order; XML may use any namespace
 * prefix. Every part is checked against the zip directory (size, CRC-32) before or while it
 * is read: a damaged workbook fails by name, also when the damage is in a part no value
 * comes from.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { FileError } from '../errors.js';
import { isIoError, unreadableFile } from '../io-error.js';
import type { BytesRead, Extractor, RawRow, SheetData } from '../extractor.js';
import { mergedRanges } from './merged-ranges.js';
import { sheetRows } from './sheet-rows.js';
import { readWorkbookParts, type WorkbookParts } from './workbook-parts.js';
import { checkZipDirectory, zipLimitsFromEnv, type ZipLimits, type ZipPart } from './zip-directory.js';
import { readPart } from './zip-part.js';

/**
 * Streams the worksheets of an .xlsx (or .xlsm) file.
 *
 * Every `<row>` of a sheet is yielded, also one that holds no cell. Cells of a merged range
 * other than the top-left one come out null, as Excel stores them empty.
 */
export class XlsxExtractor implements Extractor {
  readonly format = 'xlsx' as const;

  /** `limits` bound what a workbook may unpack to (default: from the environment, see zip-directory.ts). */
  constructor(private readonly limits: ZipLimits = zipLimitsFromEnv()) {}

  /** Yields each worksheet with its name from workbook.xml; throws FileError `corrupt` on a damaged file. */
  async *sheets(path: string, relPath: string = basename(path), onBytes?: BytesRead): AsyncGenerator<SheetData> {
    // Zip bombs are refused from the directory, before anything is unpacked.
    const parts = await checkZipDirectory(path, relPath, this.limits).catch((error: unknown) => {
      throw toFileError(error, relPath);
    });
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw toFileError(error, relPath);
    }
    try {
      let workbook: WorkbookParts;
      try {
        workbook = await readWorkbookParts(handle, relPath, parts);
        await checkOtherParts(handle, relPath, parts, new Set(workbook.sheets.map((s) => s.part)));
      } catch (error) {
        throw toFileError(error, relPath);
      }
      if (workbook.sheets.length === 0) {
        throw new FileError(relPath, 'corrupt', 'holds no worksheet (it is not an Excel workbook, or it is damaged): open it in Excel and save it again as .xlsx');
      }
      // Progress counts the packed bytes of each sheet as it streams; the rest of the file
      // (other parts, headers, the directory) is counted when the last sheet ends.
      const size = (await handle.stat()).size;
      let counted = 0;
      const count = onBytes && ((n: number) => ((counted += n), onBytes(n)));
      const last = workbook.sheets.at(-1);
      for (const sheet of workbook.sheets) {
        const part = parts.get(sheet.part)!;
        let merges;
        try {
          merges = await mergedRanges(handle, relPath, sheet.part, part);
        } catch (error) {
          throw toFileError(error, relPath);
        }
        const atEnd = sheet === last && count ? () => size > counted && count(size - counted) : undefined;
        yield { name: sheet.name, merges, rows: guarded(sheetRows(handle, relPath, sheet.part, part, workbook, count), relPath, atEnd) };
      }
    } finally {
      await handle.close();
    }
  }
}

/** Reads every part that is not a worksheet to its end, so that damage anywhere fails the file before a row is read. */
async function checkOtherParts(handle: FileHandle, relPath: string, parts: ReadonlyMap<string, ZipPart>, sheets: ReadonlySet<string>): Promise<void> {
  for (const [name, part] of parts) {
    if (sheets.has(name) || name.endsWith('/')) continue;
    for await (const chunk of readPart(handle, relPath, name, part)) void chunk;
  }
}

async function* guarded(rows: AsyncIterable<RawRow>, relPath: string, atEnd?: () => void): AsyncGenerator<RawRow> {
  try {
    yield* rows;
  } catch (error) {
    throw toFileError(error, relPath);
  }
  atEnd?.();
}

function toFileError(error: unknown, relPath: string): FileError {
  if (error instanceof FileError) return error;
  if (isIoError(error)) return unreadableFile(relPath, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new FileError(relPath, 'corrupt', `is not a valid .xlsx workbook (damaged or only partly copied: ${detail}): open it in Excel and save it again`);
}
