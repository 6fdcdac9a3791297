/**
 * Reads a draft of the yearly report (a Word .docx, a Markdown or a plain text file) into plain
 * text, for `etl check-report` to find its numbers in. The text keeps the draft as written:
 * Markdown is not stripped, and only line endings are normalised (CRLF and CR become LF).
 *
 * Word (.docx): the text comes from mammoth's `extractRawText`, which was found to give:
 * - each paragraph followed by a blank line ("\n\n"), the runs of a paragraph joined as they
 *   are (`45.2` in a bold run and ` 万件` in the next read `45.2 万件`); a tab is "\t";
 * - every paragraph of a table cell as a paragraph of its own, cells and rows one after the
 *   other in reading order, with nothing to tell a new cell from a new row;
 * - nothing of the headers, footers, footnotes, endnotes or comments (a footnote's text is
 *   left out, and so is its reference mark);
 * - tracked changes as if accepted (inserted text kept, deleted text left out);
 * - a line break inside a paragraph (Shift+Enter, `<w:br/>`) as nothing at all: the text
 *   on either side is glued together (`2023年<br/>45.2` reads `2023年45.2`).
 * Before mammoth (and the JSZip inside it) sees a byte, the file passes the checks the
 * workbook reader applies (src/extract/xlsx/zip-directory.ts and zip-part.ts): its zip
 * directory against `ZipLimits`, then every part inflated through the bounded reader, which
 * refuses a part that unpacks beyond its declared size or fails its checksum. The main
 * document part is the one mammoth finds (the package relationship, else word/document.xml).
 *
 * Limits, by default: a .docx file of at most 256 MiB is read into memory; it may unpack to
 * 256 MiB in all, no part above 1 MiB may unpack more than 200 times its packed size, and its
 * parts other than pictures and embedded files (the XML mammoth parses) to 64 MiB in all. A
 * text draft may be 20 MiB.
 *
 * Text (.txt, .md, .markdown): UTF-8 (with or without a BOM), else Chinese GB18030, which
 * Notepad and WPS write on a Chinese Windows. A GB18030 text must also read as Chinese text
 * does (src/extract/csv/gb18030.ts), so that Latin-1 bytes that happen to pair up are not
 * taken for hanzi. UTF-16 (Notepad's "Unicode") is refused with the advice to save as UTF-8.
 */
import { isUtf8 } from 'node:buffer';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import mammoth from 'mammoth';
import { guessEncoding } from '../extract/csv/encoding-guess.js';
import { checkGb18030, looksChinese, scanGb18030 } from '../extract/csv/gb18030.js';
import { validUtf8Length } from '../extract/csv/utf8-validator.js';
import { FileError } from '../extract/errors.js';
import { isIoError, unreadableFile } from '../extract/io-error.js';
import { checkZipDirectory, type ZipLimits, type ZipPart, type ZipWording } from '../extract/xlsx/zip-directory.js';
import { readPart } from '../extract/xlsx/zip-part.js';

export type { ZipLimits } from '../extract/xlsx/zip-directory.js';

export type DraftFormat = 'docx' | 'md' | 'txt';

export interface DraftText {
  /** The path as given. */
  file: string;
  format: DraftFormat;
  /** How a text draft was decoded; null for .docx. */
  encoding: 'utf-8' | 'gb18030' | null;
  /** The document's text; paragraphs separated by a blank line ("\n\n"). */
  text: string;
}

export type DraftErrorCode = 'unreadable' | 'unsupported' | 'damaged' | 'too_large' | 'encoding';

/** Why a draft could not be read; the message names the file and says what to do. */
export class DraftError extends Error {
  constructor(
    /** The path as given. */
    readonly file: string,
    readonly code: DraftErrorCode,
    /** What is wrong and what to do, without the file name. */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DraftError';
  }
}

const MIB = 1024 * 1024;

/** Zip limits for a .docx when none are given: see the module comment. */
export const DRAFT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 256 * MIB, maxRatio: 200 };
/** The parts mammoth parses as XML (all but pictures and embedded files), in all. */
const MAX_MARKUP_BYTES = 64 * MIB;
/** A text draft (a report is some hundred pages: well below 1 MiB). */
const MAX_TEXT_BYTES = 20 * MIB;

const WORD_WORDING: ZipWording = {
  invalid: (why) => `cannot be read as a Word document (${why}): open it in Word and save it again as .docx`,
  usualRatio: 'real Word documents unpack less than 50 times',
  tooLargeAdvice: 'If it is a genuine draft, save a copy without pictures (or with pictures compressed) and check that copy',
  tooPackedAdvice: 'If it is a genuine draft, open it in Word and save it again as .docx',
  freshCopy: 'open the original in Word and save it again as .docx',
  producer: 'Word',
};

const FORMATS: Record<string, DraftFormat> = { '.docx': 'docx', '.md': 'md', '.markdown': 'md', '.txt': 'txt' };

/** Reads the draft at `path` into text; throws DraftError (only) when it cannot. */
export async function readDraft(path: string, options: { limits?: ZipLimits } = {}): Promise<DraftText> {
  const extension = extname(path).toLowerCase();
  const format = FORMATS[extension];
  if (!format) {
    throw new DraftError(
      path,
      'unsupported',
      `is not a draft this command reads (${extension ? `a ${extension} file` : 'the file name has no extension'}): ` +
        'it reads Word .docx, Markdown (.md) and text (.txt) files; open it and save it as .docx (Word) or as text (.txt)',
    );
  }
  try {
    if (format === 'docx') return { file: path, format, encoding: null, text: await readDocx(path, options.limits ?? DRAFT_ZIP_LIMITS) };
    const { encoding, text } = decodeText(path, await readCapped(path, MAX_TEXT_BYTES, tooLargeText));
    return { file: path, format, encoding, text };
  } catch (error) {
    throw toDraftError(path, error);
  }
}

function tooLargeText(path: string, size: number): DraftError {
  return new DraftError(
    path,
    'too_large',
    `is ${mib(size)}, more than the ${mib(MAX_TEXT_BYTES)} a text draft may be: check that it is the report draft, or save the draft as .docx`,
  );
}

function tooLargeDocx(limit: number) {
  return (path: string, size: number) =>
    new DraftError(path, 'too_large', `is ${mib(size)}, more than the ${mib(limit)} a Word draft may be: save a copy without pictures (or with pictures compressed) and check that copy`);
}

const mib = (bytes: number) => `${(bytes / MIB).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

/** The bytes of `path`, refused above `limit` (checked before reading, and again while reading, in case it grows). */
async function readCapped(path: string, limit: number, tooLarge: (path: string, size: number) => DraftError): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await readAll(handle, path, limit, tooLarge);
  } finally {
    await handle.close();
  }
}

async function readAll(handle: FileHandle, path: string, limit: number, tooLarge: (path: string, size: number) => DraftError): Promise<Buffer> {
  const size = (await handle.stat()).size;
  if (size > limit) throw tooLarge(path, size);
  const buffer = Buffer.alloc(Math.min(limit, size) + 1);
  let length = 0;
  while (length < buffer.length) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (length > limit) throw tooLarge(path, length);
  return buffer.subarray(0, length);
}

async function readDocx(path: string, limits: ZipLimits): Promise<string> {
  const fileLimit = limits.maxUncompressedBytes;
  const handle = await open(path, 'r');
  let bytes: Buffer;
  try {
    const before = await handle.stat();
    if (before.size > fileLimit) throw tooLargeDocx(fileLimit)(path, before.size);
    const head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    if (head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1) {
      // An OLE compound file: a password-protected .docx, or an old .doc renamed.
      throw new DraftError(
        path,
        'unsupported',
        'is a password-protected Word document or an old-style .doc file renamed to .docx: open it in Word, remove the password if it has one, and save it as .docx (Word Document)',
      );
    }
    // Zip bombs are refused from the directory, before anything is inflated.
    const parts = await checkZipDirectory(path, path, limits, WORD_WORDING);
    // The directory was read from the path; the checks below and mammoth read this handle.
    const now = await stat(path);
    if (now.ino !== before.ino || now.dev !== before.dev || now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
      throw new DraftError(path, 'unreadable', 'changed while it was being read: close it in Word (or wait until it is saved) and run again');
    }
    checkMarkupSize(path, parts);
    // Every part is inflated through the bounded reader, so that a part whose directory
    // entry lies about its size is refused before JSZip inflates it without bounds.
    for (const [name, part] of parts) {
      if (name.endsWith('/')) continue;
      for await (const chunk of readPart(handle, path, name, part, undefined, WORD_WORDING)) void chunk;
    }
    bytes = await readAll(handle, path, fileLimit, tooLargeDocx(fileLimit));
  } finally {
    await handle.close();
  }
  let result;
  try {
    result = await mammoth.extractRawText({ buffer: bytes });
  } catch (error) {
    throw new DraftError(path, 'damaged', WORD_WORDING.invalid(error instanceof Error ? error.message : String(error)));
  }
  return normaliseLineEndings(result.value);
}

/** Pictures and embedded files are inflated by the checks but never parsed; the rest is XML mammoth parses in memory. */
function checkMarkupSize(path: string, parts: ReadonlyMap<string, ZipPart>): void {
  let markup = 0;
  for (const [name, part] of parts) if (!/^word\/(media|embeddings)\//i.test(name)) markup += part.uncompressed;
  if (markup > MAX_MARKUP_BYTES) {
    throw new DraftError(
      path,
      'too_large',
      `holds ${mib(markup)} of text and layout (not counting pictures), more than the ${mib(MAX_MARKUP_BYTES)} a report draft can have: ` +
        'it is refused unread, as a protection against "zip bombs". If it is a genuine draft, split it in parts and check each',
    );
  }
}

/** Decodes a text draft: UTF-8 (BOM or not), else GB18030 that reads as Chinese text. */
function decodeText(path: string, bytes: Buffer): { encoding: 'utf-8' | 'gb18030'; text: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new DraftError(
      path,
      'encoding',
      'is saved as UTF-16 ("Unicode"), which this command does not read: open it in Notepad, choose Save As, set Encoding to UTF-8 and save it again',
    );
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) return { encoding: 'utf-8', text: normaliseLineEndings(body.toString('utf8')) };
  // GB18030 up to its first invalid byte, or up to a last character cut off by the end of the file.
  const gb = checkGb18030(body);
  const gbEnd = gb.invalidAt >= 0 ? gb.invalidAt : gb.whole;
  if (!bom && gbEnd === body.length && looksChinese(scanGb18030(body))) return { encoding: 'gb18030', text: normaliseLineEndings(iconv.decode(body, 'gb18030')) };
  // Name the line where the reading goes wrong in the encoding that got further (after a
  // UTF-8 BOM, in UTF-8). Valid GB18030 that does not read as Chinese goes wrong where UTF-8 does.
  const utf8End = validUtf8Length(body);
  const at = bom || gbEnd === body.length ? utf8End : Math.max(utf8End, gbEnd);
  const guess = guessEncoding(lineAt(body, at));
  throw new DraftError(
    path,
    'encoding',
    `is not readable text on line ${lineOf(body, at)}: it is neither UTF-8 nor Chinese (GB18030) there` +
      `${guess ? ` (that line looks like ${guess} text)` : ''}, so the file is damaged or mixes text encodings: ` +
      'open it in Notepad, correct that line, and save it with Save As, Encoding UTF-8',
  );
}

function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** The line (from 1) holding `bytes[offset]`. */
function lineOf(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function lineAt(bytes: Buffer, offset: number): Buffer {
  const start = offset > 0 ? bytes.lastIndexOf(0x0a, offset - 1) + 1 : 0;
  const end = bytes.indexOf(0x0a, offset);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

function toDraftError(path: string, error: unknown): DraftError {
  if (error instanceof DraftError) return error;
  if (error instanceof FileError) {
    const code: DraftErrorCode = error.code === 'too-large' ? 'too_large' : error.code === 'unreadable' ? 'unreadable' : 'damaged';
    return new DraftError(path, code, error.reason);
  }
  if (isIoError(error)) return new DraftError(path, 'unreadable', unreadableFile(path, error).reason);
  const detail = error instanceof Error ? error.message : String(error);
  return new DraftError(path, 'unreadable', `cannot be read (${detail}): check that it is there, closed in other programs and readable, then run again`);
}
