/**
 * A pass-through stream that fails with a FileError as soon as the bytes stop being valid
 * GB18030, so that a file whose first 64 KB read as Chinese but which goes on in another
 * encoding is refused instead of loading garbled text (iconv-lite turns such bytes into U+FFFD
 * or into wrong characters without a word).
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { FileError } from '../errors.js';
import { notGb18030On } from './detect.js';
import { guessEncoding } from './encoding-guess.js';
import { checkGb18030 } from './gb18030.js';

/** Passes bytes through unchanged and fails with FileError `encoding` on invalid GB18030. */
export class Gb18030Validator extends Transform {
  /** Bytes of a character cut by the chunk boundary, checked with the next chunk. */
  private carry: Buffer = Buffer.alloc(0);
  /** Line breaks (LF) seen in the chunks checked so far, to say where the problem is. */
  private lineBreaks = 0;

  /** `firstLine`: the line the first byte is on (a range of a file starts further down). */
  constructor(private readonly relPath: string, firstLine = 1) {
    super();
    this.lineBreaks = firstLine - 1;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const { invalidAt, whole } = checkGb18030(bytes);
    if (invalidAt >= 0) {
      callback(this.invalid(bytes, invalidAt));
      return;
    }
    this.lineBreaks += countLineBreaks(bytes, whole);
    this.carry = Buffer.from(bytes.subarray(whole));
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    // A character cut off by the end of the file.
    callback(this.carry.length > 0 ? this.invalid(this.carry, 0) : null);
  }

  private invalid(bytes: Buffer, at: number): FileError {
    const start = at > 0 ? bytes.lastIndexOf(0x0a, at - 1) + 1 : 0;
    const end = bytes.indexOf(0x0a, at);
    const guess = guessEncoding(bytes.subarray(start, end < 0 ? bytes.length : end));
    return new FileError(this.relPath, 'encoding', notGb18030On(this.lineBreaks + countLineBreaks(bytes, at) + 1, guess));
  }
}

function countLineBreaks(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
