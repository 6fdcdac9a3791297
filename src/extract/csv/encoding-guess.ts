/**
 * Tells which encoding text that is neither UTF-8 nor Chinese (GB18030) was most likely written
 * in, so that a refused file's message can say so: "it looks like a Western European
 * (Latin-1/cp1252) file". The guess only names the encoding; such a file is never read in it.
 *
 * Each test asks whether the non-ASCII bytes fall where that encoding's text puts them:
 *
 * - Western European: an accented letter sits inside a word of ASCII letters (`Année`,
 *   `Straße`, `niño`), or stands alone (`à`); a symbol (`€`, `’`, `°`) touches ASCII. Chinese,
 *   Greek or Russian bytes read this way make words of accented letters only (`ÖÐÎÄ`).
 * - Greek (ISO-8859-7/Windows-1253) and Cyrillic (Windows-1251): nearly every non-ASCII byte is
 *   a letter. Both read each other's bytes as letters; Greek lower case carries accents (ά έ ή ί
 *   ό ύ ώ) where the same bytes are rare Russian letters, and Russian's commonest letter а is a
 *   Greek ΰ that Greek text hardly uses.
 * - Traditional Chinese (Big5): two-byte characters, nearly all among its 5,401 common ones.
 */
import { looksChinese, scanGb18030 } from './gb18030.js';

/** The share of non-ASCII characters that must fit an encoding for text to look like it. */
const FITS = 0.9;
/**
 * Non-ASCII bytes it takes to name an alphabet or Big5: a few letters fit Greek, Cyrillic and
 * Big5 as well as Chinese (a cell `自助` is four letters in either). A Western guess needs an
 * accented letter in a Latin word instead.
 */
const ENOUGH = 12;

/**
 * The encoding `bytes` look like, as words for a message ("Western European (Latin-1/cp1252)"),
 * or null when none fits. Text that reads as Chinese (GB18030), but for at most one invalid
 * sequence (a damaged line), is named so only when `chinese` asks for it (text found after
 * lines that were valid UTF-8); otherwise it gets no name, rather than a wrong one.
 */
export function guessEncoding(bytes: Uint8Array, { chinese = false } = {}): string | null {
  const scan = scanGb18030(bytes);
  if (scan.invalid <= 1 && scan.multiByte > 0 && looksChinese(scan)) return chinese ? 'Chinese (GB18030)' : null;
  if (fitsWestern(bytes)) return 'Western European (Latin-1/cp1252)';
  const greek = fitsGreek(bytes);
  const cyrillic = fitsCyrillic(bytes);
  if (greek && (!cyrillic || greekAccents(bytes) >= count(bytes, 0xe0))) return 'Greek (ISO-8859-7/Windows-1253)';
  if (cyrillic) return 'Cyrillic (Windows-1251)';
  if (fitsBig5(bytes)) return 'Traditional Chinese (Big5)';
  return null;
}

const isAsciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** Letters of Windows-1252 (Š Œ Ž š œ ž Ÿ, À–ÿ without × and ÷). */
function isCp1252Letter(b: number): boolean {
  if (b >= 0xc0) return b !== 0xd7 && b !== 0xf7;
  return b === 0x8a || b === 0x8c || b === 0x8e || b === 0x9a || b === 0x9c || b === 0x9e || b === 0x9f;
}

/** Bytes Windows-1252 leaves undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/** Windows-1252 punctuation and symbols of Western text: € ‚ „ … ‹ › ‘ ’ “ ” • – — ™, NBSP ¡ ¢ £ ¥ § © ª « ® ° ± ² ³ µ · º » ¼ ½ ¾ ¿ ×. */
const CP1252_PUNCTUATION = new Set([
  0x80, 0x82, 0x84, 0x85, 0x8b, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x99, 0x9b,
  0xa0, 0xa1, 0xa2, 0xa3, 0xa5, 0xa7, 0xa9, 0xaa, 0xab, 0xae, 0xb0, 0xb1, 0xb2, 0xb3, 0xb5, 0xb7, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xd7,
]);

/**
 * Accented letters sit in words with ASCII letters (or alone: `à`), punctuation touches ASCII,
 * and at least one accented letter or punctuation mark is in a Latin word (`Année`, `It’s`).
 */
function fitsWestern(bytes: Uint8Array): boolean {
  let high = 0;
  let fits = 0;
  let inWords = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (CP1252_UNDEFINED.has(b)) return false;
    if (!isCp1252Letter(b)) {
      high++;
      const before = i > 0 ? bytes[i - 1] : 0x20;
      const after = i + 1 < bytes.length ? bytes[i + 1] : 0x20;
      if (CP1252_PUNCTUATION.has(b) && (before < 0x80 || after < 0x80)) fits++;
      if (isAsciiLetter(before) && isAsciiLetter(after)) inWords++;
      i++;
      continue;
    }
    // A word: letters, ASCII or not.
    let ascii = 0;
    for (let j = i - 1; j >= 0 && isAsciiLetter(bytes[j]); j--) ascii++;
    let end = i;
    let accented = 0;
    while (end < bytes.length && (isAsciiLetter(bytes[end]) || isCp1252Letter(bytes[end]))) {
      if (bytes[end] >= 0x80) accented++;
      else ascii++;
      end++;
    }
    high += accented;
    if (ascii > 0 || accented === 1) {
      fits += accented;
      inWords += accented;
    }
    i = end;
  }
  return inWords > 0 && fits >= FITS * high;
}

/** Greek letters of ISO-8859-7 (Ά Έ Ή Ί Ό Ύ Ώ, Α–ώ); 0xA2 is Ά in Windows-1253. */
function isGreekLetter(b: number): boolean {
  return b === 0xa2 || b === 0xb6 || b === 0xb8 || b === 0xb9 || b === 0xba || b === 0xbc || (b >= 0xbe && b <= 0xfe && b !== 0xd2);
}

/** Bytes neither ISO-8859-7 nor Windows-1253 define. */
const GREEK_UNDEFINED = new Set([0x81, 0x88, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x98, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f, 0xd2, 0xff]);

/** Letters of Windows-1251: А–я, Ё ё and the other Slavic languages' Ђ Ѓ Љ Њ Ќ Ћ Џ Ў Ј Ґ Є Ї І Ѕ … */
const CYRILLIC_LETTERS = new Set([
  0x80, 0x81, 0x83, 0x8a, 0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x9a, 0x9c, 0x9d, 0x9e, 0x9f,
  0xa1, 0xa2, 0xa3, 0xa5, 0xa8, 0xaa, 0xaf, 0xb2, 0xb3, 0xb4, 0xb8, 0xba, 0xbc, 0xbd, 0xbe, 0xbf,
]);
const isCyrillicLetter = (b: number) => b >= 0xc0 || CYRILLIC_LETTERS.has(b);

/**
 * Nearly every non-ASCII byte is a letter of the alphabet, or a symbol (« » – €) next to ASCII,
 * at least half are letters, some of them side by side as in a word;
 * no byte is one the encoding leaves undefined; and a lower-case letter is hardly ever followed
 * by a capital, as in words (Chinese bytes read this way mix the two cases throughout).
 */
function fitsAlphabet(bytes: Uint8Array, alphabet: { isLetter(b: number): boolean; undefinedByte(b: number): boolean; lower: readonly [number, number]; upper: readonly [number, number] }): boolean {
  const { isLetter, undefinedByte, lower, upper } = alphabet;
  let high = 0;
  let fits = 0;
  let letters = 0;
  let pairs = 0;
  let lowerThenUpper = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    if (undefinedByte(b)) return false;
    high++;
    if (isLetter(b)) {
      letters++;
      if (i > 0 && bytes[i - 1] >= 0x80 && isLetter(bytes[i - 1])) pairs++;
    }
    if (isLetter(b) || (i > 0 && bytes[i - 1] < 0x80) || (i + 1 < bytes.length && bytes[i + 1] < 0x80)) fits++;
    if (i > 0 && b >= upper[0] && b <= upper[1] && bytes[i - 1] >= lower[0] && bytes[i - 1] <= lower[1]) lowerThenUpper++;
  }
  return high >= ENOUGH && pairs > 0 && 2 * letters >= high && fits >= FITS * high && lowerThenUpper <= 0.02 * high;
}

const GREEK = { isLetter: isGreekLetter, undefinedByte: (b: number) => GREEK_UNDEFINED.has(b), lower: [0xdc, 0xfe], upper: [0xb6, 0xdb] } as const;
// 0x98 is the one byte Windows-1251 leaves undefined.
const CYRILLIC = { isLetter: isCyrillicLetter, undefinedByte: (b: number) => b === 0x98, lower: [0xe0, 0xff], upper: [0xc0, 0xdf] } as const;
const fitsGreek = (bytes: Uint8Array) => fitsAlphabet(bytes, GREEK);
const fitsCyrillic = (bytes: Uint8Array) => fitsAlphabet(bytes, CYRILLIC);

/** ά έ ή ί and ό ύ ώ, Greek's accented lower-case vowels. */
function greekAccents(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if ((b >= 0xdc && b <= 0xdf) || (b >= 0xfc && b <= 0xfe)) n++;
  return n;
}

function fitsBig5(bytes: Uint8Array): boolean {
  let chars = 0;
  let common = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (i + 1 >= bytes.length) break;
    const t = bytes[i + 1];
    if (b < 0x81 || b > 0xfe || !((t >= 0x40 && t <= 0x7e) || (t >= 0xa1 && t <= 0xfe))) return false;
    chars++;
    // Punctuation and full-width forms (0xA140–0xA3BF) and the common hanzi (0xA440–0xC67E).
    if (b >= 0xa1 && b <= 0xc6) common++;
    i += 2;
  }
  return 2 * chars >= ENOUGH && common >= FITS * chars;
}

function count(bytes: Uint8Array, value: number): number {
  let n = 0;
  for (const b of bytes) if (b === value) n++;
  return n;
}
