/** Property-based tests of the cell parsers: any input gives a value or a message, never an exception. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, PROVINCES, type CellContext, type CellType, type RawCell } from '../src/transform/cells.js';

const ctx: CellContext = { hashPhone: (digits) => `h(${digits})` };
const parse = (type: CellType, raw: unknown) => type.parse(raw as Exclude<RawCell, null | undefined>, ctx);
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Anything an extractor might hand over, and then some: text of every kind, numbers, Dates, error values. */
const anyCell: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.stringMatching(/^[0-9０-９年月日:./\- T%,+]{0,24}$/),
  fc.double(),
  fc.integer(),
  fc.bigInt({ min: 0n, max: 10n ** 12n }).map(Number),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.record({ error: fc.oneof(fc.constantFrom('#REF!', '#N/A', '#DIV/0!', '#ERROR!'), fc.string()) }),
);

const PARSERS: [string, CellType][] = [
  ['date', cell.date()],
  ['timestamp', cell.timestamp()],
  ['month', cell.month()],
  ['int', cell.int()],
  ['decimal', cell.decimal({ min: 0, max: 100 })],
  ['bool', cell.bool()],
  ['province', cell.province()],
  ['enum', cell.enumOf(['投诉', '咨询'], { 申诉: '投诉' })],
  ['text', cell.text()],
  ['phone', cell.phone()],
];

describe('every cell parser', () => {
  it.each(PARSERS)('%s never throws and answers a value or a message', (_, type) => {
    fc.assert(
      fc.property(anyCell, (raw) => {
        const result = parse(type, raw);
        if (result.ok) expect(['string', 'number', 'boolean']).toContain(typeof result.value);
        else expect(result.message).toMatch(/\S/);
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives dates and timestamps only of 1900–2100, numbers only finite, provinces only of the 31', () => {
    fc.assert(
      fc.property(anyCell, (raw) => {
        for (const [kind, type] of PARSERS) {
          const r = parse(type, raw);
          if (!r.ok) continue;
          if (kind === 'date' || kind === 'month') expect(r.value).toMatch(/^(19\d\d|20\d\d|2100)-\d\d-\d\d$/);
          if (kind === 'timestamp') expect(r.value).toMatch(/^(19\d\d|20\d\d|2100)-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/);
          if (kind === 'int') expect(Number.isSafeInteger(r.value)).toBe(true);
          if (kind === 'decimal') expect(Number.isFinite(r.value)).toBe(true);
          if (kind === 'province') expect(PROVINCES).toContain(r.value);
        }
      }),
      // NaN once came out as the date '0NaN-NaN-NaN': a numeric cell holding no number.
      { numRuns: 2_000, examples: [[Number.NaN], [Infinity], [-Infinity], [new Date(Number.NaN)], [-0], [{ error: '' }]] },
    );
  });
});

describe('round trips: a valid value written in any accepted form reads back as itself', () => {
  const wallClock = fc.date({ min: new Date(Date.UTC(1900, 2, 1)), max: new Date(Date.UTC(2100, 11, 31, 23, 59, 59)), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

  it('timestamps and dates, as text in every format, as a workbook Date and as an Excel serial number', () => {
    fc.assert(
      fc.property(wallClock, fc.nat(7), fc.boolean(), (d, form, withTime) => {
        const [y, mo, da, h, mi, s] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
        const time = withTime ? ` ${h}:${pad(mi)}:${pad(s)}` : '';
        const texts = [`${y}-${pad(mo)}-${pad(da)}`, `${y}/${mo}/${da}`, `${y}.${mo}.${da}`, `${y}年${mo}月${da}日`, `${y}${pad(mo)}${pad(da)}`];
        const serial = (d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
        const raw: unknown = form < 5 ? texts[form] + time : form === 5 ? fullWidth(texts[0] + time) : form === 6 ? d : serial;
        const timeShown = withTime || form >= 6;
        const expected = `${y}-${pad(mo)}-${pad(da)} ${timeShown ? `${pad(h)}:${pad(mi)}:${pad(s)}` : '00:00:00'}`;
        expect(parse(cell.timestamp(), raw)).toEqual({ ok: true, value: expected });
        expect(parse(cell.date(), raw)).toEqual({ ok: true, value: expected.slice(0, 10) });
      }),
      { numRuns: 3_000 },
    );
  });

  it('whole numbers as digits, with thousands separators, full-width, padded with spaces, or as numbers', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), fc.nat(4), (n, form) => {
        const raw = [String(n), n.toLocaleString('en-US'), fullWidth(String(n)), `  ${n}\t`, n][form];
        expect(parse(cell.int(), raw)).toEqual({ ok: true, value: n });
      }),
      { numRuns: 2_000 },
    );
  });

  it('decimals as text, as numbers, and as percentages', () => {
    // Text has no -0 and no exponent form (1e-7) in exports: those are left out.
    const decimal = fc.double({ min: -1e9, max: 1e9, noNaN: true }).filter((x) => !Object.is(x, -0) && !String(x).includes('e'));
    fc.assert(
      fc.property(decimal, (x) => {
        const any = cell.decimal();
        expect(parse(any, String(x))).toEqual({ ok: true, value: x });
        expect(parse(any, x)).toEqual({ ok: true, value: x });
        expect(parse(any, `${x}%`)).toEqual({ ok: true, value: x / 100 });
      }),
      { numRuns: 2_000 },
    );
  });

  it('yes and no in every listed spelling, any case, with spaces', () => {
    const words = fc.oneof(
      fc.constantFrom('是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有').map((w) => [w, true] as const),
      fc.constantFrom('否', 'n', 'no', 'false', '0', '×', '✗', '✘', '无').map((w) => [w, false] as const),
    );
    fc.assert(
      fc.property(words, fc.boolean(), fc.constantFrom('', ' ', '\t', '　'), ([word, meaning], upper, space) => {
        const raw = `${space}${upper ? word.toUpperCase() : word}${space}`;
        expect(parse(cell.bool(), raw)).toEqual({ ok: true, value: meaning });
        expect(parse(cell.bool(), meaning)).toEqual({ ok: true, value: meaning });
      }),
    );
  });

  it('provinces by short name or with 省, 市 or 自治区 and spaces', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROVINCES), fc.constantFrom('', '省', '市', '自治区'), fc.constantFrom('', ' ', '　'), (province, suffix, space) => {
        expect(parse(cell.province(), `${space}${province}${suffix}${space}`)).toEqual({ ok: true, value: province });
      }),
    );
  });

  it('mobile numbers however they are written hash as their eleven digits', () => {
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([b, rest]) => `1${b}${String(rest).padStart(9, '0')}`);
    fc.assert(
      fc.property(mobile, fc.nat(5), (digits, form) => {
        const raw = [digits, `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`, `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`, `+86 ${digits}`, `0086${digits}`, Number(digits)][form];
        expect(parse(cell.phone(), raw)).toEqual({ ok: true, value: `h(${digits})` });
      }),
    );
  });
});
