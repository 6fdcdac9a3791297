/**
 * Watches every part that exceljs unpacks while it reads a workbook, and stops the read as
 * soon as the workbook turns out to be damaged or crafted:
 * - a part unpacks beyond what the zip directory declared (a "zip bomb" can lie in its
 *   directory, and the directory is all that checkZipDirectory sees);
 * - a part ends shorter than declared, or its bytes do not match the directory's CRC-32
 *   (damage that still inflates would otherwise give other values without a word);
 * - unzipper meets bytes it cannot inflate or parse. It reports that on its parser, where
 *   exceljs looks only between parts: a read waiting inside a part would wait forever.
 */
import type { Readable, Writable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { FileError } from '../errors.js';
import type { ZipPart } from './zip-directory.js';

/** What the guard found, and a way to stop waiting on a read it has stopped. */
export interface InflationGuard {
  /** The error the read was stopped with, once it was. */
  readonly error: FileError | null;
  /** Yields what `items` yields, but fails with the guard's error instead of waiting on a stopped read. */
  race<T>(items: AsyncIterable<T>): AsyncGenerator<T>;
}

type Part = Writable & { path?: string };
type ZipParser = Writable & { push(chunk: unknown): boolean; _readableState?: { ended?: boolean } };

const ignore = () => undefined;

/**
 * Watches the parts that unzipper (inside exceljs) unpacks from `source`, against what the
 * directory declares in `parts`; `stop` is called (to stop feeding the file) on the first
 * damage or excess.
 */
export function guardInflation(source: Readable, parts: ReadonlyMap<string, ZipPart>, relPath: string, stop: () => void): InflationGuard {
  let error: FileError | null = null;
  let fail: (e: FileError) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(ignore);
  // The parts being unpacked: a read waiting inside one (a sheet streamed straight from the
  // zip) is ended with the error, rather than raced row by row.
  const open = new Set<Part>();
  const stopWith = (e: FileError): void => {
    error ??= e;
    for (const part of open) {
      // exceljs listens for errors on the parts it reads itself, not on those it copies to a file.
      part.on('error', ignore);
      part.destroy(error);
    }
    open.clear();
    stop();
    fail(error);
  };

  // exceljs pipes `source` into unzipper's parser, which pushes each part as a stream the
  // inflater writes to: counting those writes sees every unpacked byte, wherever it goes
  // (exceljs writes worksheets that precede the shared strings to a temporary file first).
  const pipe = source.pipe.bind(source);
  source.pipe = (<T extends NodeJS.WritableStream>(parser: T, options?: { end?: boolean }): T => {
    const zip = parser as unknown as ZipParser;
    zip.on('error', (e: Error) => {
      // Once the parser has read the end of the directory (and pushed its last part), bytes
      // after it only make it complain of a "write after end": every part was read by then.
      if (zip._readableState?.ended) return;
      stopWith(damaged(relPath, e.message === 'FILE_ENDED' ? 'the file ends before its last part: it was only partly copied' : e.message));
    });
    const push = zip.push.bind(zip);
    zip.push = (part: unknown) => {
      if (part && typeof (part as Part).write === 'function') watch(part as Part);
      return push(part);
    };
    return pipe(parser, options);
  }) as typeof source.pipe;

  const watch = (part: Part): void => {
    const name = part.path ?? '';
    const declared = parts.get(name);
    let unpacked = 0;
    let crc = 0;
    open.add(part);
    const refuse = (e: FileError): false => {
      stopWith(e);
      return false;
    };
    const write = part.write.bind(part) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    part.write = ((data: Buffer | string, ...rest: unknown[]) => {
      // The inflater writes bytes; text with its encoding is turned into bytes to be counted.
      const chunk = typeof data === 'string' ? Buffer.from(data, typeof rest[0] === 'string' ? (rest.shift() as BufferEncoding) : 'utf8') : data;
      if (!declared) return refuse(damaged(relPath, `it holds a part (${name || 'unnamed'}) that its zip directory does not list`));
      unpacked += chunk.length;
      if (unpacked > declared.uncompressed) return refuse(tooBig(relPath, name, declared.uncompressed));
      crc = crc32(chunk, crc);
      return write(chunk, ...rest);
    }) as Part['write'];
    const end = part.end.bind(part) as (...args: unknown[]) => Part;
    part.end = ((...args: unknown[]) => {
      // end(chunk[, encoding][, callback]) writes a last chunk: count it before checking.
      if (args.length > 0 && typeof args[0] !== 'function' && args[0] != null) {
        const chunk = args.shift() as Buffer | string;
        if (typeof args[0] === 'string') part.write(chunk, args.shift() as BufferEncoding);
        else part.write(chunk);
        if (error) return part;
      }
      if (declared && unpacked < declared.uncompressed) {
        refuse(damaged(relPath, `its part ${name} unpacks to fewer bytes than its zip directory declares`));
        return part;
      }
      if (declared && crc !== declared.crc32) {
        refuse(damaged(relPath, `its part ${name} does not match the checksum in its zip directory`));
        return part;
      }
      open.delete(part);
      return end(...args);
    }) as Part['end'];
  };

  return {
    get error() {
      return error;
    },
    async *race<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
      const iterator = items[Symbol.asyncIterator]();
      try {
        for (let next = await Promise.race([iterator.next(), failed]); !next.done; next = await Promise.race([iterator.next(), failed])) {
          yield next.value;
        }
      } finally {
        // A stopped read may never answer: it is abandoned rather than waited for.
        if (!error) await iterator.return?.();
      }
    },
  };
}

function damaged(relPath: string, detail: string): FileError {
  return new FileError(relPath, 'corrupt', `is not a valid .xlsx workbook (damaged: ${detail}): open it in Excel and save it again`);
}

function tooBig(relPath: string, name: string, declared: number): FileError {
  return new FileError(
    relPath,
    'too-large',
    `holds a part (${name || 'unnamed'}) that unpacks to more than the ${declared.toLocaleString('en')} bytes its zip directory declares: ` +
      'the file was crafted or damaged ("zip bomb"), so it is refused: ask for a fresh export saved from Excel',
  );
}
