/**
 * Decides how a file is read from its first bytes and its extension, and turns everything we
 * cannot read (legacy .xls, password-protected, empty, binary, truncated) into a FileError
 * that tells the clerk what to do.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { FileError } from './errors.js';
import type { FileErrorCode } from './errors.js';
import { unreadableFile } from './io-error.js';

/** Extensions the caller looks at; any other file is reported as matching no source. */
export const CANDIDATE_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls', '.et', '.numbers', '.ods', '.xlsb'] as const;

const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.txt']);
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls']);
const SAMPLE_BYTES = 64 * 1024;

const ZIP_MAGIC = Buffer.from('504b0304', 'hex');
const ZIP_END_OF_CENTRAL_DIRECTORY = Buffer.from('504b0506', 'hex');
// A zip's end record is 22 bytes plus a comment of at most 65,535 bytes.
const ZIP_TAIL_BYTES = 22 + 0xffff;
const OLE_MAGIC = Buffer.from('d0cf11e0a1b11ae1', 'hex');
// Office 2007+ encryption wraps the real .xlsx in an OLE file holding this stream.
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

const SAVE_AS_XLSX = 'save it as .xlsx (Excel Workbook)';
const OTHER_FORMATS: Record<string, string> = {
  '.et': `is a WPS Spreadsheets .et file: open it in WPS or Excel and ${SAVE_AS_XLSX}`,
  '.numbers': 'is an Apple Numbers file: open it in Numbers and export it to Excel (.xlsx)',
  '.ods': `is an OpenDocument spreadsheet (.ods): open it in Excel, WPS or LibreOffice and ${SAVE_AS_XLSX}`,
  '.xlsb': `is an Excel binary workbook (.xlsb): open it in Excel and ${SAVE_AS_XLSX}`,
};
const LEGACY_XLS = `is a legacy Excel 97–2003 .xls file: open it in Excel or WPS and ${SAVE_AS_XLSX}`;
const ENCRYPTED = 'is password-protected: open it in Excel, remove the password (File → Info → Protect Workbook) and save it as .xlsx';
const CORRUPT_XLSX = 'is not a valid .xlsx workbook (damaged or only partly copied): save it again from Excel';

/** True when a file name has an extension we try to read (or explain why we cannot). */
export function isCandidateFile(name: string): boolean {
  return (CANDIDATE_EXTENSIONS as readonly string[]).includes(extname(name).toLowerCase());
}

/** Tells whether `path` is read as CSV or as an .xlsx workbook; throws FileError otherwise. */
export async function sniffFormat(path: string, relPath: string): Promise<'csv' | 'xlsx'> {
  const ext = extname(relPath).toLowerCase();
  const fail = (code: FileErrorCode, reason: string) => new FileError(relPath, code, reason);
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadableFile(relPath, error);
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) throw fail('empty', 'is empty (0 bytes): copy it again from the original export');
    const head = await readAt(handle, 0, Math.min(size, SAMPLE_BYTES));

    if (startsWith(head, OLE_MAGIC)) {
      if (await contains(handle, size, ENCRYPTED_PACKAGE)) throw fail('encrypted', ENCRYPTED);
      throw fail('legacy-format', OTHER_FORMATS[ext] ?? LEGACY_XLS);
    }
    const other = OTHER_FORMATS[ext];
    if (other) throw fail('legacy-format', other);

    if (WORKBOOK_EXTENSIONS.has(ext)) {
      if (!startsWith(head, ZIP_MAGIC)) {
        if (ext === '.xls') {
          // Many web systems export an HTML page or plain text under an .xls name.
          throw fail('legacy-format', `is not a real Excel workbook (probably a web page or text saved with an .xls name): open it in Excel and ${SAVE_AS_XLSX}`);
        }
        throw fail('corrupt', CORRUPT_XLSX);
      }
      const tailLength = Math.min(size, ZIP_TAIL_BYTES);
      const tail = await readAt(handle, size - tailLength, tailLength);
      // A truncated copy still starts like a zip but has lost the end record.
      if (tail.lastIndexOf(ZIP_END_OF_CENTRAL_DIRECTORY) < 0) throw fail('corrupt', CORRUPT_XLSX);
      return 'xlsx';
    }

    if (TEXT_EXTENSIONS.has(ext)) {
      const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
      if (!utf16 && looksLikeUtf16(head)) {
        throw fail('encoding', 'is UTF-16 text without the byte-order mark that says how to read it: open it in Excel and save it as "CSV UTF-8"');
      }
      if (!utf16 && head.includes(0)) {
        throw fail('not-text', 'is not a text file (it contains binary data): if it is a workbook, give it its real extension (.xlsx); otherwise export it again as CSV');
      }
      return 'csv';
    }
    throw fail('unreadable', `has the extension "${ext}", which is neither .csv nor .xlsx: export it again as .csv or .xlsx`);
  } catch (error) {
    throw unreadableFile(relPath, error);
  } finally {
    await handle.close();
  }
}

/** UTF-16 text of mostly ASCII or CJK has its zero bytes at even or at odd offsets, not both. */
function looksLikeUtf16(head: Buffer): boolean {
  const zeros = [0, 0];
  const length = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < length; i++) if (head[i] === 0) zeros[i & 1]++;
  const pairs = length / 2;
  return pairs >= 8 && Math.max(zeros[0], zeros[1]) > 0.3 * pairs && Math.min(zeros[0], zeros[1]) < 0.02 * pairs;
}

function startsWith(buffer: Buffer, prefix: Buffer): boolean {
  return buffer.length >= prefix.length && buffer.subarray(0, prefix.length).equals(prefix);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Scans the whole file in chunks (the OLE directory may sit anywhere in it). */
async function contains(handle: FileHandle, size: number, needle: Buffer): Promise<boolean> {
  const chunkSize = 1 << 20;
  for (let position = 0; position < size; position += chunkSize - needle.length) {
    const chunk = await readAt(handle, position, Math.min(chunkSize, size - position));
    if (chunk.includes(needle)) return true;
    if (position + chunk.length >= size) break;
  }
  return false;
}
