/**
 * Guesses a CSV file's text encoding and delimiter from a sample of its first bytes.
 */
import iconv from 'iconv-lite';
import { guessEncoding } from './encoding-guess.js';
import { looksChinese, scanGb18030 } from './gb18030.js';
import type { Gb18030Scan } from './gb18030.js';
import { completeUtf8Length, notUtf8From, validUtf8Length } from './utf8-validator.js';

/** How a CSV file's bytes are decoded. GB18030 is a superset of GBK and GB2312. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** How a CSV file separates its fields: Excel writes `;` where the decimal separator is a comma. */
export type CsvDelimiter = ',' | '\t' | ';';

/**
 * Picks the encoding of a file from its first bytes: a BOM decides; otherwise valid UTF-8
 * (plain ASCII included) is UTF-8, and anything else is taken as GB18030, which is what
 * Excel on a Chinese Windows writes for "CSV (Comma delimited)". Whether the text really is
 * GB18030 is for `encodingProblem` to say.
 */
export function detectEncoding(sample: Buffer): CsvEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  // The sample may end in the middle of a multi-byte character: judge only whole characters.
  const whole = sample.subarray(0, completeUtf8Length(sample));
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(whole);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Decodes a sample for inspection (BOM removed; a cut last character may come out garbled). */
export function decodeSample(sample: Buffer, encoding: CsvEncoding): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(sample.subarray(0, completeUtf8Length(sample)));
  return iconv.decode(sample, encoding);
}

/**
 * Fewer two- and four-byte characters than this that are valid GB18030 but not common Chinese,
 * in text that fits no other encoding either, are taken as what they are (a rare name, say):
 * too few to tell.
 */
const TOO_FEW_TO_TELL = 10;

/**
 * Why a file whose first bytes are `sample` cannot be read in `encoding`, as a FileError reason,
 * or null when it can. A BOM or valid UTF-8 decides the other encodings; GB18030 is only the
 * guess for what is not UTF-8, so its text must be valid GB18030 and read as Chinese text does:
 * mostly ASCII and common hanzi and CJK punctuation (`./gb18030.ts`). Latin-1 bytes read as
 * GB18030 make invalid pairs (`é,`) or rare characters glued into Latin words (`Année` → `Ann閑`).
 */
export function encodingProblem(sample: Buffer, encoding: CsvEncoding): string | null {
  if (encoding !== 'gb18030') return null;
  const scan = scanGb18030(sample);
  if (scan.invalid === 0 && looksChinese(scan)) return null;
  if (scan.invalid > 0 && (mostlyChinese(scan) || enoughChinese(scanGb18030(sample.subarray(0, scan.invalidAt))))) {
    // Chinese text with a line in another encoding, or damaged.
    return notGb18030On(lineOf(sample, scan.invalidAt), guessEncoding(lineAt(sample, scan.invalidAt)));
  }
  const utf8 = validUtf8Length(sample);
  if (nonAscii(sample.subarray(0, utf8)) >= 2 * TOO_FEW_TO_TELL) {
    // UTF-8 text (not only ASCII) with a line in another encoding, or damaged.
    return notUtf8From(lineOf(sample, utf8), guessEncoding(lineAt(sample, utf8), { chinese: true }));
  }
  const guess = guessEncoding(sample);
  if (scan.invalid === 0 && guess === null && scan.multiByte < TOO_FEW_TO_TELL) return null;
  return `is not in a Chinese (GB18030) or UTF-8 encoding: ${guess ? `it looks like a ${guess} file` : 'its text reads as neither'}; save it again as "CSV UTF-8"`;
}

/** Chinese text with one invalid sequence, or with at most one in a hundred characters. */
function mostlyChinese(scan: Gb18030Scan): boolean {
  return scan.multiByte > 0 && looksChinese(scan) && (scan.invalid <= 1 || (enoughChinese(scan) && scan.invalid * 100 <= scan.multiByte));
}

function enoughChinese(scan: Gb18030Scan): boolean {
  return scan.multiByte >= TOO_FEW_TO_TELL && looksChinese(scan);
}

/** The reason for a file that is GB18030 up to `line`, and not on it. */
export function notGb18030On(line: number, guess: string | null): string {
  return `is not valid Chinese (GB18030) text on line ${line}, although the lines before it are (the file mixes text encodings or is damaged${guess ? `; that line looks like ${guess} text` : ''}): export it again, or correct that line and save the file as "CSV UTF-8"`;
}

/** The line holding `bytes[offset]`, without its line feed. */
function lineAt(bytes: Buffer, offset: number): Buffer {
  const start = offset > 0 ? bytes.lastIndexOf(0x0a, offset - 1) + 1 : 0;
  const end = bytes.indexOf(0x0a, offset);
  return bytes.subarray(start, end < 0 ? bytes.length : end);
}

function nonAscii(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b >= 0x80) n++;
  return n;
}

function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Lines (outside quoted fields) that vote on the delimiter: title rows, the header (within the first 20) and rows below it. */
const SAMPLE_LINES = 30;
const DELIMITERS: readonly CsvDelimiter[] = [',', '\t', ';'];

/**
 * Picks comma, tab or semicolon from the first non-empty lines of decoded text: the one that
 * splits the most lines into the same number of fields (more than one), so the header and the
 * rows below it agree, whatever title rows sit above them and whatever decimal commas
 * (`1,5`) or commas in text the cells hold. A tie goes to the one giving more fields, then to
 * comma, tab, semicolon in that order; no delimiter at all means comma (one column).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  // Per line: how many of each delimiter it holds outside quotes.
  const counts: number[][] = [];
  let line = [0, 0, 0];
  let lineHasText = false;
  let quoted = false;
  const endLine = () => {
    if (lineHasText) counts.push(line);
    line = [0, 0, 0];
    lineHasText = false;
  };
  for (let i = 0; i < text.length && counts.length < SAMPLE_LINES; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') endLine();
    else if (ch === ',') line[0]++;
    else if (ch === '\t') line[1]++;
    else if (ch === ';') line[2]++;
    if (ch !== '\n' && ch !== '\r' && ch !== '\t' && ch !== ',' && ch !== ';' && ch !== ' ' && ch !== '\ufeff') lineHasText = true;
  }
  if (counts.length < SAMPLE_LINES) endLine();
  let best: { delimiter: CsvDelimiter; lines: number; fields: number } = { delimiter: ',', lines: 0, fields: 0 };
  DELIMITERS.forEach((delimiter, d) => {
    // The commonest number of fields above one, and on how many lines.
    const lines = new Map<number, number>();
    for (const c of counts) if (c[d] > 0) lines.set(c[d], (lines.get(c[d]) ?? 0) + 1);
    for (const [n, seen] of lines) {
      if (seen > best.lines || (seen === best.lines && n + 1 > best.fields)) best = { delimiter, lines: seen, fields: n + 1 };
    }
  });
  return best.delimiter;
}
