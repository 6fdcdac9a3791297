/**
 * A pass-through stream that fails with a FileError as soon as the bytes stop being valid
 * GB18030, so that a file whose first 64 KB read as Chinese but which goes on in another
 * encoding is refused instead of loading garbled text (iconv-lite turns such bytes into U+FFFD
 * or into wrong characters without a word).
 */
import { notGb18030On } from './detect.js';
import { guessEncoding } from './encoding-guess.js';
import { EncodingValidator } from './encoding-validator.js';
import { checkGb18030 } from './gb18030.js';

/** Passes bytes through unchanged and fails with FileError `encoding` on invalid GB18030. */
export class Gb18030Validator extends EncodingValidator {
  protected check(bytes: Buffer): { invalidAt: number; whole: number } {
    return checkGb18030(bytes);
  }

  protected reason(line: number, lineBytes: Buffer): string {
    return notGb18030On(line, guessEncoding(lineBytes));
  }
}
