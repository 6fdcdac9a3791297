/**
 * Guesses a CSV file's text encoding and delimiter from a sample of its first bytes.
 */
import iconv from 'iconv-lite';

/** How a CSV file's bytes are decoded. GB18030 is a superset of GBK and GB2312. */
export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** How a CSV file separates its fields. */
export type CsvDelimiter = ',' | '\t';

/**
 * Picks the encoding of a file from its first bytes: a BOM decides; otherwise valid UTF-8
 * (plain ASCII included) is UTF-8, and anything else is taken as GB18030, which is what
 * Excel on a Chinese Windows writes for "CSV (Comma delimited)".
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

const SAMPLE_LINES = 10;

/**
 * Picks tab or comma from the first non-empty lines of decoded text. Title rows sit above
 * the header, so several lines vote: the character found (outside quotes) on more lines
 * wins, then the one found more often; a tie means comma.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let tabLines = 0;
  let commaLines = 0;
  let tabs = 0;
  let commas = 0;
  let lineTabs = 0;
  let lineCommas = 0;
  let lineHasText = false;
  let lines = 0;
  let quoted = false;
  const endLine = () => {
    if (lineHasText) {
      lines++;
      if (lineTabs > 0) tabLines++;
      if (lineCommas > 0) commaLines++;
      tabs += lineTabs;
      commas += lineCommas;
    }
    lineTabs = lineCommas = 0;
    lineHasText = false;
  };
  for (let i = 0; i < text.length && lines < SAMPLE_LINES; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') endLine();
    else if (ch === '\t') lineTabs++;
    else if (ch === ',') lineCommas++;
    if (ch !== '\n' && ch !== '\r' && ch !== '\t' && ch !== ',' && ch !== ' ' && ch !== '\ufeff') lineHasText = true;
  }
  if (lines < SAMPLE_LINES) endLine();
  if (tabLines !== commaLines) return tabLines > commaLines ? '\t' : ',';
  return tabs > commas ? '\t' : ',';
}
