/**
 * Personal data: customer phone numbers are replaced by HMAC-SHA-256 under a secret key, so
 * repeat callers can still be matched across files and years but no number is stored.
 */
import { createHmac, randomBytes } from 'node:crypto';

/**
 * The shortest masking key accepted, wherever it comes from (ETL_PII_KEY, the key file, a
 * caller of runPipeline): a short key can be found by trying keys against a known number's hash.
 * A generated key is 64 hex characters. Where the key comes from: pii-key.ts.
 */
export const PII_KEY_MIN_LENGTH = 32;

/** How to make a key, for messages. */
export const MAKE_PII_KEY = '`openssl rand -hex 32` makes one';

/** Throws unless `key` is long enough; `what` names where it came from (e.g. `ETL_PII_KEY`). */
export function checkPiiKeyLength(key: string, what: string): void {
  if (key.length >= PII_KEY_MIN_LENGTH) return;
  throw new Error(
    `${what} is ${key.length === 0 ? 'empty' : `${key.length} characters long`}; a phone-masking key must be at least ${PII_KEY_MIN_LENGTH} characters ` +
      `(a generated one is 64 hex characters: ${MAKE_PII_KEY})`,
  );
}

/** Returns the phone-hashing function for a key (at least PII_KEY_MIN_LENGTH characters: every run, worker and caller goes through here). */
export function phoneHasher(key: string): (digits: string) => string {
  checkPiiKeyLength(key, 'the phone-masking key');
  // The key as bytes once: a string key is converted again on every call (~10 % of the hash's time).
  const bytes = Buffer.from(key, 'utf8');
  return (digits) => createHmac('sha256', bytes).update(digits).digest('hex');
}

// ── The phone parser's rules (cell.phone() uses these; the masking below is derived from them) ──

/** Characters the phone parser drops after NFKC normalisation: spaces, dashes, brackets, dots, underscores. */
export const PHONE_DECORATION = /[\s\-()（）._]/g;

/** A mainland mobile number, as digits after the phone parser's normalisation. */
export const MOBILE_DIGITS = /^1[3-9]\d{9}$/;

/**
 * The phone parser's normalisation: NFKC (full-width digits become ASCII), decoration dropped,
 * a +86 / 0086 country code removed. Returns the digits, or null when it is not a phone number.
 */
export function phoneDigitsOf(text: string): string | null {
  let s = text.normalize('NFKC').trim().replace(PHONE_DECORATION, '');
  if (s.startsWith('+86')) s = s.slice(3);
  else if (s.startsWith('0086')) s = s.slice(4);
  return /^\d{5,20}$/.test(s) ? s : null;
}

/** The mask of a mobile number, as every message and value of the loader shows it. */
export function phoneMask(digits: string, hashPhone: (digits: string) => string): string {
  return `hmac:${hashPhone(digits).slice(0, 16)}`;
}

// Each code point of a text is read the way the parser reads it: its NFKC form, with the
// parser's decoration as ' '. Digits in any script NFKC maps to 0-9 (full-width １, 𝟏 …) and
// decoration in any form NFKC maps to it (full-width space, －, ．, （ …) are found alike.
const DECORATION_CHAR = new RegExp(`^${PHONE_DECORATION.source}$`);
const readCache = new Map<string, string>();
function readAsParser(cp: string): string {
  let read = readCache.get(cp);
  if (read !== undefined) return read;
  const nfkc = cp.normalize('NFKC');
  read = [...nfkc].every((c) => /[0-9+]/.test(c) || DECORATION_CHAR.test(c))
    ? [...nfkc].map((c) => (DECORATION_CHAR.test(c) ? ' ' : c)).join('')
    : 'x';
  if (readCache.size < 10_000) readCache.set(cp, read);
  return read;
}

// In the text as the parser reads it: an optional country code, then 1[3-9] and nine digits,
// any decoration between them, not inside a longer run of digits.
const MOBILE_READ = /(?<![0-9])(?:\+ *8 *6 *|0 *0 *8 *6 *|8 *6 *)?1 *[3-9](?: *[0-9]){9}(?![0-9])/g;

/**
 * Replaces every mobile number inside free text (a rejected cell, a header, a sheet name, a key
 * in a message) by `hmac:` and 16 hex digits of its keyed hash — every form the phone parser
 * accepts as a mobile number: 138 0013 8000, 138.0013.8000, (138)0013-8000, 138_0013_8000,
 * full-width digits, +86 / 0086 / 86 in front.
 */
export function maskPhoneNumbers(text: string, hashPhone: (digits: string) => string): string {
  // Cheap exit: ASCII text without a digit holds no mobile number.
  if (!/[0-9]|[^\x00-\x7f]/.test(text)) return text;
  let read = '';
  const starts: number[] = []; // for each char of `read`, the offset in `text` of its code point
  const ends: number[] = [];
  let offset = 0;
  for (const cp of text) {
    const r = readAsParser(cp);
    for (let i = 0; i < r.length; i++) {
      starts.push(offset);
      ends.push(offset + cp.length);
    }
    read += r;
    offset += cp.length;
  }
  let out = '';
  let last = 0;
  for (const m of read.matchAll(MOBILE_READ)) {
    const from = starts[m.index!];
    const to = ends[m.index! + m[0].length - 1];
    if (from < last) continue;
    const digits = m[0].replace(/\D/g, '').replace(/^(0086|86)(?=\d{11}$)/, '');
    out += text.slice(last, from) + phoneMask(digits, hashPhone);
    last = to;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** A value the loader stored already masked (phoneMask) or hashed: its hex may hold 11 decimal digits in a row, which masking again would change. */
const STORED_MASK = /^(hmac:[0-9a-f]{16}|[0-9a-f]{64})$/;

/**
 * A value read back from the warehouse (a cell of a contributing row), as it may be shown: its
 * mobile numbers masked by maskPhoneNumbers — free text is stored as loaded, so `回访客户138.0013.8000`
 * is masked here, on its way out. A mask or hash the loader stored stays as it is; a number or
 * other non-text value is returned as it is unless its text holds a mobile number.
 */
export function maskShownValue(value: unknown, hashPhone: (digits: string) => string): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return STORED_MASK.test(value) ? value : maskPhoneNumbers(value, hashPhone);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  const masked = maskPhoneNumbers(text, hashPhone);
  return masked === text ? value : masked;
}

/** A hasher with a key of the moment, for what is shown and never stored (etl inspect, etl explain): masks hide every number, but match no mask in the warehouse. */
export function momentaryPhoneHasher(): (digits: string) => string {
  return phoneHasher(randomBytes(32).toString('hex'));
}
