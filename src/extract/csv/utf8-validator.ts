/**
 * A pass-through stream that fails with a FileError as soon as the bytes stop being valid
 * UTF-8, so that a file whose first 64 KB looked like UTF-8 (or plain ASCII) but which
 * continues in GBK is refused instead of being loaded as garbled text.
 */
import { isUtf8 } from 'node:buffer';
import { guessEncoding } from './encoding-guess.js';
import { EncodingValidator } from './encoding-validator.js';

/**
 * The length of `bytes` without a UTF-8 sequence cut off at its end, so that a chunk can be
 * checked on its own: the lead byte of a 2-, 3- or 4-byte character tells how long it is.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i];
    if (byte < 0x80) return end;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return i + length > end ? i : end;
    }
  }
  return end;
}

/** Passes bytes through unchanged and fails with FileError `encoding` on invalid UTF-8. */
export class Utf8Validator extends EncodingValidator {
  protected check(bytes: Buffer): { invalidAt: number; whole: number } {
    const whole = completeUtf8Length(bytes);
    // The longest valid prefix ends at the first bad byte.
    return { invalidAt: isUtf8(bytes.subarray(0, whole)) ? -1 : validUtf8Length(bytes.subarray(0, whole)), whole };
  }

  protected reason(line: number, lineBytes: Buffer): string {
    return notUtf8From(line, guessEncoding(lineBytes, { chinese: true }));
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
