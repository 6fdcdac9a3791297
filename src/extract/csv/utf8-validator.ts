/**
 * A pass-through stream that fails with a FileError as soon as the bytes stop being valid
 * UTF-8, so that a file whose first 64 KB looked like UTF-8 (or plain ASCII) but which
 * continues in GBK is refused instead of being loaded as garbled text.
 */
import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { FileError } from '../errors.js';
import { completeUtf8Length } from './detect.js';
import { guessEncoding } from './encoding-guess.js';

/** Passes bytes through unchanged and fails with FileError `encoding` on invalid UTF-8. */
export class Utf8Validator extends Transform {
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
    const whole = completeUtf8Length(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) {
      callback(this.invalid(bytes.subarray(0, whole)));
      return;
    }
    this.lineBreaks += countLineBreaks(bytes, whole);
    this.carry = Buffer.from(bytes.subarray(whole));
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.carry.length > 0 ? this.invalid(this.carry) : null);
  }

  private invalid(bytes: Buffer): FileError {
    // Find the line holding the first bad byte: the longest valid prefix ends there.
    const low = validUtf8Length(bytes);
    const line = this.lineBreaks + countLineBreaks(bytes, low) + 1;
    const start = low > 0 ? bytes.lastIndexOf(0x0a, low - 1) + 1 : 0;
    const end = bytes.indexOf(0x0a, low);
    const guess = guessEncoding(bytes.subarray(start, end < 0 ? bytes.length : end), { chinese: true });
    return new FileError(this.relPath, 'encoding', notUtf8From(line, guess));
  }
}

/** The reason for a file that is UTF-8 up to `line`, and not from there on. */
export function notUtf8From(line: number, guess: string | null): string {
  return `is not valid UTF-8 from line ${line} on, although the lines before it are (the file mixes text encodings${guess ? `; that line looks like ${guess} text` : ''}): open it in Excel and save it again as "CSV UTF-8"`;
}

/** Length of the longest prefix of `bytes` that is valid UTF-8. */
export function validUtf8Length(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (isUtf8(bytes.subarray(0, completeUtf8Length(bytes.subarray(0, mid))))) low = mid;
    else high = mid - 1;
  }
  return low;
}

function countLineBreaks(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
