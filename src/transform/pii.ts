/**
 * Personal data: customer phone numbers are replaced by HMAC-SHA-256 under a secret key, so
 * repeat callers can still be matched across files and years but no number is stored.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The masking key: `ETL_PII_KEY` when set, else the key file (created once, mode 0600).
 * Losing the key file means phone hashes of later runs no longer match earlier ones.
 */
export function resolvePiiKey(env: NodeJS.ProcessEnv, keyFile: string): { key: string; origin: string } {
  const fromEnv = env.ETL_PII_KEY?.trim();
  if (fromEnv) return { key: fromEnv, origin: 'ETL_PII_KEY' };
  if (!existsSync(keyFile)) {
    writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(keyFile, 0o600);
  }
  const key = readFileSync(keyFile, 'utf8').trim();
  if (key.length < 16) throw new Error(`the key file ${keyFile} holds no usable key (expected 64 hex characters)`);
  return { key, origin: keyFile };
}

/** Returns the phone-hashing function for a key. */
export function phoneHasher(key: string): (digits: string) => string {
  return (digits) => createHmac('sha256', key).update(digits).digest('hex');
}

// A mainland mobile number, optionally with +86 and spaces or dashes: 138 0013 8000, +86-13800138000.
const MOBILE_IN_TEXT = /(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d){8}(?!\d)/g;

/** Replaces every mobile number inside free text (a rejected cell, a header) by `hmac:` and its keyed hash. */
export function maskPhoneNumbers(text: string, hashPhone: (digits: string) => string): string {
  return text.replace(MOBILE_IN_TEXT, (found) => `hmac:${hashPhone(found.replace(/\D/g, '').replace(/^86(?=\d{11}$)/, '')).slice(0, 16)}`);
}
