/**
 * Reads an .xlsx file's zip directory (never its contents) and refuses a workbook that would
 * unpack to more than the configured limits — a "zip bomb" — before a single byte is inflated.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { FileError } from '../errors.js';

/** Limits on what a workbook may unpack to. */
export interface ZipLimits {
  /** Total unpacked size of all parts, in bytes. Default 2048 MiB (`ETL_XLSX_MAX_UNCOMPRESSED_MB`). */
  maxUncompressedBytes: number;
  /** Unpacked ÷ packed size of any part above 1 MiB. Default 200 (`ETL_XLSX_MAX_RATIO`); real workbooks show 5–20. */
  maxRatio: number;
}

/**
 * How the messages of the zip checks name the kind of file and say what to do. The default
 * speaks of Excel workbooks; the reader of Word drafts passes its own.
 */
export interface ZipWording {
  /** The reason for a file that is not a valid zip of its kind; `why` says what is wrong. */
  invalid(why: string): string;
  /** How much real files of the kind unpack, in the message about the ratio limit. */
  usualRatio: string;
  /** What to do with a genuine file over the total limit. */
  tooLargeAdvice: string;
  /** What to do with a genuine file over the ratio limit. */
  tooPackedAdvice: string;
  /** What to do with a file a part of which unpacks beyond the size its directory declares. */
  freshCopy: string;
  /** The program that writes such files, in the message about an unknown packing method. */
  producer: string;
}

export const WORKBOOK_WORDING: ZipWording = {
  invalid: (why) => `is not a valid .xlsx workbook (${why}): open it in Excel and save it again`,
  usualRatio: 'real workbooks unpack 5 to 20 times',
  tooLargeAdvice: 'If it is a genuine export, split it (by month) or save it as CSV; or raise the limit with ETL_XLSX_MAX_UNCOMPRESSED_MB (in MB)',
  tooPackedAdvice: 'If it is a genuine export, save it again from Excel; or raise the limit with ETL_XLSX_MAX_RATIO',
  freshCopy: 'ask for a fresh export saved from Excel',
  producer: 'Excel',
};

/** One part of the archive as its central directory declares it. */
export interface ZipPart {
  compressed: number;
  uncompressed: number;
  /** CRC-32 of the unpacked bytes. */
  crc32: number;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Where the part's packed bytes start in the file (after its local header). */
  dataOffset: number;
}

const MIB = 1024 * 1024;
// Small parts (styles, themes) may compress very well without being a danger.
const RATIO_FLOOR_BYTES = MIB;
// A workbook has a few dozen parts; a directory far larger than that is not a workbook.
const MAX_PARTS = 10_000;
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const TAIL_BYTES = 22 + 0xffff;

/** The limits from `ETL_XLSX_MAX_UNCOMPRESSED_MB` and `ETL_XLSX_MAX_RATIO`, or their defaults. */
export function zipLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ZipLimits {
  const read = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${text}"`);
    return n;
  };
  return { maxUncompressedBytes: read('ETL_XLSX_MAX_UNCOMPRESSED_MB', 2048) * MIB, maxRatio: read('ETL_XLSX_MAX_RATIO', 200) };
}

/** Reads the directory of `path` and checks it against `limits`; returns the parts by name. */
export async function checkZipDirectory(path: string, relPath: string, limits: ZipLimits, wording: ZipWording = WORKBOOK_WORDING): Promise<Map<string, ZipPart>> {
  const corrupt = (why: string) => new FileError(relPath, 'corrupt', wording.invalid(why));
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const tail = await readAt(handle, Math.max(0, size - TAIL_BYTES), Math.min(size, TAIL_BYTES));
    let at = -1;
    for (let i = tail.length - 22; i >= 0 && at < 0; i--) if (tail.readUInt32LE(i) === EOCD) at = i;
    if (at < 0) throw corrupt('its zip directory is missing');
    let count = tail.readUInt16LE(at + 10);
    let dirSize = tail.readUInt32LE(at + 12);
    let dirOffset = tail.readUInt32LE(at + 16);
    if (at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const record = await readAt(handle, Number(tail.readBigUInt64LE(at - 12)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw corrupt('its zip64 directory is damaged');
      count = Number(record.readBigUInt64LE(32));
      dirSize = Number(record.readBigUInt64LE(40));
      dirOffset = Number(record.readBigUInt64LE(48));
    }
    if (count > MAX_PARTS || dirSize > MAX_PARTS * 1024) throw corrupt(`its directory lists ${count.toLocaleString('en')} parts`);
    if (dirOffset + dirSize > size) throw corrupt('its zip directory points past the end of the file: it was only partly copied');
    const dir = await readAt(handle, dirOffset, dirSize);
    const parts = new Map<string, ZipPart>();
    let total = 0;
    for (let p = 0, n = 0; n < count; n++) {
      if (p + 46 > dir.length || dir.readUInt32LE(p) !== CENTRAL_ENTRY) throw corrupt('its zip directory is damaged');
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      const part: ZipPart = {
        compressed: dir.readUInt32LE(p + 20),
        uncompressed: dir.readUInt32LE(p + 24),
        crc32: dir.readUInt32LE(p + 16),
        method: dir.readUInt16LE(p + 10),
        dataOffset: 0,
      };
      let localOffset = dir.readUInt32LE(p + 42);
      const zip64 = zip64Field(dir.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
      if (zip64) {
        // Only the fields saturated at 0xFFFFFFFF are in the extra field, in this order.
        let k = 0;
        if (part.uncompressed === 0xffffffff) part.uncompressed = zip64[k++] ?? Infinity;
        if (part.compressed === 0xffffffff) part.compressed = zip64[k++] ?? Infinity;
        if (localOffset === 0xffffffff) localOffset = zip64[k++] ?? Infinity;
      }
      part.dataOffset = await checkLocalHeader(handle, localOffset, part, corrupt);
      // A workbook's part names are unique; a second copy would be read as well.
      if (parts.has(name)) throw corrupt(`its zip directory lists the part ${name} twice`);
      parts.set(name, part);
      total += part.uncompressed;
      const ratio = part.uncompressed / Math.max(part.compressed, 1);
      if (part.uncompressed > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) throw tooPacked(relPath, name, part, ratio, limits, wording);
      p += 46 + nameLength + extraLength + dir.readUInt16LE(p + 32);
    }
    if (total > limits.maxUncompressedBytes) throw tooLarge(relPath, total, limits, wording);
    return parts;
  } finally {
    await handle.close();
  }
}

/** A part's local header must agree with the directory; returns where the part's packed bytes start. */
async function checkLocalHeader(handle: FileHandle, offset: number, part: ZipPart, corrupt: (why: string) => FileError): Promise<number> {
  const header = await readAt(handle, offset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw corrupt('a part listed in its directory is not where the directory says');
  const sizesFollowData = (header.readUInt16LE(6) & 0x08) !== 0;
  const compressed = header.readUInt32LE(18);
  const uncompressed = header.readUInt32LE(22);
  const known = (declared: number) => declared !== 0xffffffff && !(sizesFollowData && declared === 0);
  if ((known(compressed) && compressed !== part.compressed) || (known(uncompressed) && uncompressed !== part.uncompressed)) {
    throw corrupt('its parts declare different sizes in two places');
  }
  return offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

function zip64Field(extra: Buffer): number[] | null {
  for (let i = 0; i + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let j = i + 4; j + 8 <= i + 4 + length && j + 8 <= extra.length; j += 8) values.push(Number(extra.readBigUInt64LE(j)));
      return values;
    }
    i += 4 + length;
  }
  return null;
}

const mb = (bytes: number) =>
  bytes < MIB ? `${Math.ceil(bytes / 1024).toLocaleString('en')} KB` : `${(bytes / MIB).toLocaleString('en', { maximumFractionDigits: 1 })} MB`;

function tooLarge(relPath: string, total: number, limits: ZipLimits, wording: ZipWording): FileError {
  return new FileError(
    relPath,
    'too-large',
    `would unpack to ${mb(total)}, more than the limit of ${mb(limits.maxUncompressedBytes)}: it is refused unread, as a protection against "zip bombs". ` +
      wording.tooLargeAdvice,
  );
}

function tooPacked(relPath: string, name: string, part: ZipPart, ratio: number, limits: ZipLimits, wording: ZipWording): FileError {
  return new FileError(
    relPath,
    'too-large',
    `holds a part (${name}) that would unpack ${Math.round(ratio).toLocaleString('en')} times larger (${mb(part.compressed)} → ${mb(part.uncompressed)}), ` +
      `more than the limit of ${limits.maxRatio} times (${wording.usualRatio}): it is refused unread, as a protection against "zip bombs". ` +
      wording.tooPackedAdvice,
  );
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  if (!Number.isFinite(position) || position < 0) return Buffer.alloc(0);
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
