/**
 * A pass-through stream that fails with a FileError as soon as the bytes stop being valid in
 * the file's encoding, so that a file whose first 64 KB looked right but which goes on in
 * another encoding is refused, naming the line, instead of being loaded as garbled text.
 */
import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { FileError } from '../errors.js';

export abstract class EncodingValidator extends Transform {
  /** Bytes of a character cut by the chunk boundary, checked with the next chunk. */
  private carry: Buffer = Buffer.alloc(0);
  /** Line breaks (LF) seen in the chunks checked so far, to say where the problem is. */
  private lineBreaks = 0;

  /** `firstLine`: the line the first byte is on (a range of a file starts further down). */
  constructor(private readonly relPath: string, firstLine = 1) {
    super();
    this.lineBreaks = firstLine - 1;
  }

  /** Where the first invalid byte of `bytes` is (-1: none), and how many bytes end on a whole character. */
  protected abstract check(bytes: Buffer): { invalidAt: number; whole: number };

  /** The reason for a file that stops being valid on `line`, whose bytes are `lineBytes`. */
  protected abstract reason(line: number, lineBytes: Buffer): string;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const { invalidAt, whole } = this.check(bytes);
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
    const line = this.lineBreaks + countLineBreaks(bytes, at) + 1;
    return new FileError(this.relPath, 'encoding', this.reason(line, bytes.subarray(start, end < 0 ? bytes.length : end)));
  }
}

function countLineBreaks(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}
