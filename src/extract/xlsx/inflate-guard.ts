/**
 * Counts the bytes each part of a workbook actually unpacks to while exceljs reads it, and
 * stops the read as soon as a part exceeds what the zip directory declared: a crafted "zip
 * bomb" can lie in its directory, and the directory is all that checkZipDirectory sees.
 */
import type { Readable, Writable } from 'node:stream';
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
type ZipParser = Writable & { push(chunk: unknown): boolean };

/**
 * Watches the parts that unzipper (inside exceljs) unpacks from `source`; `stop` is called
 * (to stop feeding the file) when one of them grows beyond its size in `parts`.
 */
export function guardInflation(source: Readable, parts: ReadonlyMap<string, ZipPart>, relPath: string, stop: () => void): InflationGuard {
  let error: FileError | null = null;
  let fail: (e: FileError) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);

  // exceljs pipes `source` into unzipper's parser, which pushes each part as a stream the
  // inflater writes to: counting those writes sees every unpacked byte, wherever it goes
  // (exceljs writes worksheets that precede the shared strings to a temporary file first).
  const pipe = source.pipe.bind(source);
  source.pipe = (<T extends NodeJS.WritableStream>(parser: T, options?: { end?: boolean }): T => {
    const zip = parser as unknown as ZipParser;
    const push = zip.push.bind(zip);
    zip.push = (part: unknown) => {
      if (part && typeof (part as Part).write === 'function') watch(part as Part);
      return push(part);
    };
    return pipe(parser, options);
  }) as typeof source.pipe;

  const watch = (part: Part): void => {
    const declared = parts.get(part.path ?? '')?.uncompressed ?? 0;
    let unpacked = 0;
    const write = part.write.bind(part) as (chunk: Buffer, ...rest: unknown[]) => boolean;
    part.write = ((chunk: Buffer, ...rest: unknown[]) => {
      unpacked += chunk.length;
      if (unpacked <= declared) return write(chunk, ...rest);
      error ??= tooBig(relPath, part.path ?? '', declared);
      // exceljs listens for errors on the parts it reads itself, not on those it copies to a file.
      part.on('error', () => undefined);
      part.destroy(error);
      stop();
      fail(error);
      return false;
    }) as Part['write'];
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

function tooBig(relPath: string, name: string, declared: number): FileError {
  return new FileError(
    relPath,
    'too-large',
    `holds a part (${name || 'unnamed'}) that unpacks to more than the ${declared.toLocaleString('en')} bytes its zip directory declares: ` +
      'the file was crafted or damaged ("zip bomb"), so it is refused: ask for a fresh export saved from Excel',
  );
}
