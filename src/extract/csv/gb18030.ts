/**
 * GB18030 (a superset of GBK and GB2312) read byte by byte: which byte sequences are valid, and
 * how much of a text is made of the characters real Chinese text is made of.
 *
 * iconv-lite decodes every two-byte pair that has the right shape, and some invalid four-byte
 * sequences to wrong characters instead of U+FFFD, so validity is decided here from the bytes:
 *
 *   0x00–0x7F                     one byte (ASCII)
 *   0x80                          one byte: the euro sign of Windows code page 936 (GBK), as Excel writes it
 *   0x81–0xFE, 0x40–0x7E|0x80–0xFE             two bytes
 *   0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39  four bytes, within 0x81308130–0x8431A439 (the
 *                                               rest of the BMP) or 0x90308130–0xE3329A35 (U+10000–U+10FFFF)
 *
 * Everything else (0xFF, a lead byte followed by a space, comma, quote, line break …) is invalid.
 * The bytes 0x0A, 0x0D, `"`, `,`, `;` and tab never occur inside a multi-byte character.
 */

/** Length of the character starting at `bytes[i]`: 1, 2 or 4; 0 when cut off by the end of `bytes`; -1 when invalid. */
export function gb18030CharLength(bytes: Uint8Array, i: number): number {
  const b1 = bytes[i];
  if (b1 <= 0x80) return 1;
  if (b1 === 0xff) return -1;
  if (i + 1 >= bytes.length) return 0;
  const b2 = bytes[i + 1];
  if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe)) return 2;
  if (b2 < 0x30 || b2 > 0x39) return -1;
  if (i + 2 >= bytes.length) return 0;
  const b3 = bytes[i + 2];
  if (b3 < 0x81 || b3 > 0xfe) return -1;
  if (i + 3 >= bytes.length) return 0;
  const b4 = bytes[i + 3];
  if (b4 < 0x30 || b4 > 0x39) return -1;
  const linear = (((b1 - 0x81) * 10 + (b2 - 0x30)) * 126 + (b3 - 0x81)) * 10 + (b4 - 0x30);
  return linear <= BMP_LAST || (linear >= SUPPLEMENTARY_FIRST && linear <= SUPPLEMENTARY_LAST) ? 4 : -1;
}

/** 0x8431A439, 0x90308130 and 0xE3329A35 counted from 0x81308130. */
const BMP_LAST = 39_419;
const SUPPLEMENTARY_FIRST = 189_000;
const SUPPLEMENTARY_LAST = SUPPLEMENTARY_FIRST + 0x10ffff - 0x10000;

/** What a sample of bytes holds when read as GB18030. */
export interface Gb18030Scan {
  /** Offset of the first invalid byte sequence, or -1. */
  invalidAt: number;
  /** Invalid sequences (each skipped by one byte, and the reading goes on). */
  invalid: number;
  /** Characters of two or four bytes. */
  multiByte: number;
  /**
   * Of those, the ones real Chinese text is made of: the hanzi of GB2312 (its 6,763 characters,
   * pairs 0xB0A1–0xF7FE, the 3,755 most common first) and its punctuation, symbols and
   * full-width forms (pairs 0xA1A1–0xA3FE: ，。、：“”（）…). The rest of GBK holds rarer and
   * traditional characters, and is where the bytes of other encodings land: `é` followed by a
   * letter (0xE9 0x65) reads as 閑.
   */
  common: number;
  /**
   * Of the multi-byte characters, those with an ASCII letter right before and right after them,
   * as accented letters inside a Latin word make (`Größe`: ö and ß read as the one hanzi 鲚).
   */
  glued: number;
}

/** Reads `bytes` as GB18030; a character cut off by the end of `bytes` is left out. */
export function scanGb18030(bytes: Uint8Array): Gb18030Scan {
  let invalidAt = -1;
  let invalid = 0;
  let multiByte = 0;
  let common = 0;
  let glued = 0;
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = gb18030CharLength(bytes, i);
    if (length === 0) break;
    if (length < 0) {
      if (invalidAt < 0) invalidAt = i;
      invalid++;
      i++;
      continue;
    }
    if (length > 1) {
      multiByte++;
      if (length === 2 && isCommonPair(bytes[i], bytes[i + 1])) common++;
      if (i > 0 && isAsciiLetter(bytes[i - 1]) && i + length < bytes.length && isAsciiLetter(bytes[i + length])) glued++;
    }
    i += length;
  }
  return { invalidAt, invalid, multiByte, common, glued };
}

const isAsciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

function isCommonPair(lead: number, trail: number): boolean {
  return trail >= 0xa1 && trail <= 0xfe && ((lead >= 0xa1 && lead <= 0xa3) || (lead >= 0xb0 && lead <= 0xf7));
}

/**
 * Enough of the text is common Chinese when read as GB18030: at least this share of its two-
 * and four-byte characters. The project's sample exports measure 100%, and ordinary Chinese
 * text over 99% (GB2312 was made of the characters in everyday use); text in another encoding
 * read this way lands mostly elsewhere (Latin-1 below 10%, Big5 about half).
 */
export const COMMON_CHINESE_SHARE = 0.8;

/**
 * The characters read (up to the first invalid sequence) are what Chinese text is made of:
 * mostly common ones, and not mostly glued between Latin letters.
 */
export function looksChinese(scan: Gb18030Scan): boolean {
  return scan.common >= COMMON_CHINESE_SHARE * scan.multiByte && 2 * scan.glued <= scan.multiByte;
}

/**
 * Checks `bytes` as GB18030 up to the first invalid sequence: `invalidAt` is its offset (or -1),
 * `whole` the length of the whole characters before it or before a character cut off at the end.
 */
export function checkGb18030(bytes: Uint8Array): { invalidAt: number; whole: number } {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    if (bytes[i] < 0x80) {
      i++;
      continue;
    }
    const length = gb18030CharLength(bytes, i);
    if (length < 0) return { invalidAt: i, whole: i };
    if (length === 0) break;
    i += length;
  }
  return { invalidAt: -1, whole: i };
}
