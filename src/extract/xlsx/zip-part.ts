/**
 * Reads one part of a workbook's zip straight from where its directory says it is, inflating
 * it as a stream and checking it as it goes: a part that unpacks beyond its declared size (a
 * zip bomb can lie in its directory), ends shorter, fails to inflate or does not match its
 * CRC-32 stops the read with a FileError. Reading by position makes the order in which a
 * producer stored its parts irrelevant.
 */
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { FileError } from '../errors.js';
import { WORKBOOK_WORDING, type ZipPart, type ZipWording } from './zip-directory.js';

const READ_BYTES = 64 * 1024;

export function damaged(relPath: string, detail: string, wording: ZipWording = WORKBOOK_WORDING): FileError {
  return new FileError(relPath, 'corrupt', wording.invalid(`damaged: ${detail}`));
}

function tooBig(relPath: string, name: string, declared: number, wording: ZipWording): FileError {
  return new FileError(
    relPath,
    'too-large',
    `holds a part (${name}) that unpacks to more than the ${declared.toLocaleString('en')} bytes its zip directory declares: ` +
      `the file was crafted or damaged ("zip bomb"), so it is refused: ${wording.freshCopy}`,
  );
}

/** The packed bytes of a part, read from the file in pieces. */
async function* packed(handle: FileHandle, part: ZipPart, relPath: string, wording: ZipWording, onBytes?: (n: number) => void): AsyncGenerator<Buffer> {
  for (let at = 0; at < part.compressed; ) {
    const buffer = Buffer.alloc(Math.min(READ_BYTES, part.compressed - at));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, part.dataOffset + at);
    if (bytesRead === 0) throw damaged(relPath, 'the file ends before its last part: it was only partly copied', wording);
    onBytes?.(bytesRead);
    at += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

/** Inflates `input` (raw deflate) as a stream: the consumer's pace holds back the reads. */
async function* inflate(input: AsyncIterable<Buffer>, relPath: string, name: string, wording: ZipWording): AsyncGenerator<Buffer> {
  const source = Readable.from(input);
  const inflater = createInflateRaw();
  source.on('error', (e) => inflater.destroy(e));
  source.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (e) {
    throw e instanceof FileError ? e : damaged(relPath, `its part ${name} cannot be unpacked (${(e as Error).message})`, wording);
  } finally {
    source.destroy();
    inflater.destroy();
  }
}

/**
 * Yields the unpacked bytes of part `name`, checked against its directory entry. `onBytes`
 * is told the packed bytes read from the file (for progress); `wording` how messages name the file.
 */
export async function* readPart(
  handle: FileHandle,
  relPath: string,
  name: string,
  part: ZipPart,
  onBytes?: (n: number) => void,
  wording: ZipWording = WORKBOOK_WORDING,
): AsyncGenerator<Buffer> {
  if (part.method !== 0 && part.method !== 8) throw damaged(relPath, `its part ${name} is packed with method ${part.method}, which ${wording.producer} never uses`, wording);
  const source = packed(handle, part, relPath, wording, onBytes);
  const chunks = part.method === 0 ? source : inflate(source, relPath, name, wording);
  let unpacked = 0;
  let crc = 0;
  for await (const chunk of chunks) {
    unpacked += chunk.length;
    if (unpacked > part.uncompressed) throw tooBig(relPath, name, part.uncompressed, wording);
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (unpacked < part.uncompressed) throw damaged(relPath, `its part ${name} unpacks to fewer bytes than its zip directory declares`, wording);
  if (crc !== part.crc32) throw damaged(relPath, `its part ${name} does not match the checksum in its zip directory`, wording);
}

/** The whole of a small part, as text. */
export async function readPartText(handle: FileHandle, relPath: string, name: string, part: ZipPart): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of readPart(handle, relPath, name, part)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
