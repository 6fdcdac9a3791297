/**
 * One masking rule for mobile numbers: every form the phone parser (cell.phone()) accepts as a
 * mobile number is masked inside free text, to the same `hmac:` + 16 hex as the parser's hash.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, type CellContext } from '../src/transform/cells.js';
import { maskPhoneNumbers, maskShownValue, phoneDigitsOf, phoneHasher, phoneMask, PHONE_DECORATION } from '../src/transform/pii.js';

const hash = phoneHasher('pii-masking-test-key-of-32-chars-at-least');
const ctx: CellContext = { hashPhone: hash };
/** The parser with an identity hash: what it accepts, as digits. */
const parsed = (raw: string): string | null => {
  const r = cell.phone().parse(raw, { hashPhone: (d) => d });
  return r.ok ? String(r.value) : null;
};
const isMobile = (digits: string | null): digits is string => digits !== null && /^1[3-9]\d{9}$/.test(digits);
const MASK = phoneMask('13800138000', hash);

/** True when the 11 digits can still be read in `text` the way the parser reads a cell. */
const readable = (text: string, digits: string) => text.normalize('NFKC').replace(PHONE_DECORATION, '').includes(digits);

describe('maskPhoneNumbers', () => {
  const forms = [
    '13800138000',
    '138 0013 8000',
    '138-0013-8000',
    '138.0013.8000',
    '(138)0013-8000',
    '（138）0013-8000',
    '138_0013_8000',
    '１３８００１３８０００',
    '１３８\u3000００１３\u3000８０００',
    '138－0013－8000',
    '+86 138 0013 8000',
    '+86-13800138000',
    '+8613800138000',
    '0086 138 0013 8000',
    '8613800138000',
    '𝟏𝟑𝟖𝟎𝟎𝟏𝟑𝟖𝟎𝟎𝟎',
  ];
  it.each(forms)('masks %s, in the text and alone, to the hash of its digits', (form) => {
    // An opening bracket before the first digit is not part of the number: it stays.
    const open = /^[(（]/.exec(form)?.[0] ?? '';
    expect(maskPhoneNumbers(form, hash)).toBe(open + MASK);
    const text = `客户${form}要求回电`;
    expect(maskPhoneNumbers(text, hash)).toBe(`客户${open}${MASK}要求回电`);
    expect(readable(maskPhoneNumbers(text, hash), '13800138000')).toBe(false);
  });

  it('gives the mask of the value the phone parser stores for the same number', () => {
    for (const form of forms.filter((f) => !f.startsWith('86'))) expect(MASK).toBe(`hmac:${String((cell.phone().parse(form, ctx) as { value: string }).value).slice(0, 16)}`);
  });

  it('leaves other numbers and text alone', () => {
    for (const text of ['10005', '2023-03-04 10:15', '12345678901', '1380013800012', 'E1', '第3行', '0755-83000000', 'hmac:0123456789abcdef']) {
      expect(maskPhoneNumbers(text, hash)).toBe(text);
    }
  });

  it('masks every number of a text, also next to other digits after a separator', () => {
    expect(maskPhoneNumbers('12 13800138000, 139-1234-5678', hash)).toBe(`12 ${MASK}, ${phoneMask('13912345678', hash)}`);
  });
});

describe('maskShownValue (a cell of a contributing row on its way out: etl explain, the reports)', () => {
  it('masks free text and a number that holds a mobile number, and leaves what the loader stored masked as it is', () => {
    expect(maskShownValue('回访客户138.0013.8000', hash)).toBe(`回访客户${MASK}`);
    expect(maskShownValue(13800138000, hash)).toBe(MASK);
    // A stored mask whose hex holds 11 digits in a row would read as a number: it stays.
    for (const stored of ['hmac:a13912345678bcd0', `${'0'.repeat(20)}13912345678${'a'.repeat(33)}`]) expect(maskShownValue(stored, hash)).toBe(stored);
    expect(maskShownValue(`x hmac:a13912345678bcd0`, hash)).not.toContain('13912345678');
    for (const other of [null, 42, 2.5, true, '2023-05-01 13:00:00', 'W20230128000002']) expect(maskShownValue(other, hash)).toBe(other);
  });
});

describe('the masking and the phone parser cannot drift apart', () => {
  const digitForms = (d: string): string[] => {
    const n = Number(d);
    return [d, String.fromCodePoint(0xff10 + n), String.fromCodePoint(0x1d7ce + n), String.fromCodePoint(0x1d7ec + n)];
  };
  const decorations = [' ', '-', '(', ')', '（', '）', '.', '_', '\u3000', '\u00a0', '－', '．', '\t'];
  const decoration = fc.array(fc.constantFrom(...decorations), { maxLength: 2 }).map((a) => a.join(''));
  const mobile = fc.tuple(fc.constantFrom(...'3456789'), fc.array(fc.constantFrom(...'0123456789'), { minLength: 9, maxLength: 9 })).map(([b, rest]) => `1${b}${rest.join('')}`);
  /** A string the phone parser accepts as the mobile number `digits`, written in any of its forms. */
  const written = mobile.chain((digits) =>
    fc
      .tuple(
        fc.constantFrom('', '+86', '+ 86', '0086', '＋８６'),
        fc.tuple(...[...digits].map((d) => fc.tuple(fc.constantFrom(...digitForms(d)), decoration))),
      )
      .map(([prefix, parts]) => ({ digits, text: prefix + parts.map(([d, sep]) => d + sep).join('') })),
  );
  // Text around it holds no digit in any script (a digit next to it would make another number).
  const around = fc.string({ unit: fc.constantFrom(...'客户要求回电，。: abcXYZ/\\'.split('')), maxLength: 6 });

  it('the phone parser accepts every generated form as its mobile number', () => {
    fc.assert(fc.property(written, ({ digits, text }) => {
          expect(parsed(text)).toBe(digits);
        }), { numRuns: 500 });
  });

  it('every string the phone parser accepts as a mobile number is masked when embedded in text', () => {
    fc.assert(
      fc.property(written, around, around, ({ digits, text }, before, after) => {
        const masked = maskPhoneNumbers(before + text + after, hash);
        expect(readable(masked, digits)).toBe(false);
        expect(masked).toContain(phoneMask(digits, hash));
      }),
      { numRuns: 1000 },
    );
  });

  it('the same holds for strings of digits, decoration and plus signs in any order the parser takes', () => {
    const junk = (units: string[], maxLength: number) => fc.string({ unit: fc.constantFrom(...units), maxLength });
    const digit = fc.constantFrom(...'0123456789').chain((d) => fc.constantFrom(...digitForms(d)));
    const candidate = fc
      .tuple(junk([...decorations, '+', '＋', '8', '６', '0', '０'], 5), junk(decorations, 2), fc.array(fc.tuple(digit, junk(decorations, 2)), { minLength: 10, maxLength: 12 }))
      .map(([head, gap, rest]) => `${head}1${gap}${rest.map(([d, g]) => d + g).join('')}`);
    fc.assert(
      fc.property(candidate, around, around, (s, before, after) => {
        const digits = parsed(s);
        fc.pre(isMobile(digits));
        expect(phoneDigitsOf(s)).toBe(digits);
        expect(readable(maskPhoneNumbers(before + s + after, hash), digits!)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('an account that may be a mobile number (elearning_records.employee_id, alias 用户账号)', () => {
  const type = cell.textMaskingPhones();
  it('stores a mobile number as its mask, in any form, and other accounts as they are', () => {
    expect(type.parse('138 0013 8000', ctx)).toEqual({ ok: true, value: MASK });
    expect(type.parse(13800138000, ctx)).toEqual({ ok: true, value: MASK });
    expect(type.parse('１３８００１３８０００', ctx)).toEqual({ ok: true, value: MASK });
    expect(type.parse(' E1 ', ctx)).toEqual({ ok: true, value: 'E1' });
    expect(type.parse('W900', ctx)).toEqual({ ok: true, value: 'W900' });
  });
});
