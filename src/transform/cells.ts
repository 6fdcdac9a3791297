/**
 * Cell parsers: one small, explicit parser per column type of the source contracts.
 *
 * Each parser takes what the extractor read (text from a CSV, a number, Date, boolean or
 * error value from a workbook) and returns the value to load, or a message a clerk can act
 * on. Nothing is guessed: `2023-02-30` is not a date, an empty cell is not 0.
 */
import { FORMULA_WITHOUT_RESULT, isExcelError, lineBreaks, type ExcelError, type RawCell } from '../extract/raw-cell.js';
import { maskPhoneNumbers, MOBILE_DIGITS, phoneDigitsOf, phoneMask } from './pii.js';

export { FORMULA_WITHOUT_RESULT, isExcelError, lineBreaks, type ExcelError, type RawCell };


export type CellValue = string | number | boolean | null;

export type ParseResult = { ok: true; value: CellValue } | { ok: false; message: string };

/** Run-wide services a parser may need (only phone masking needs one today). */
export interface CellContext {
  /** Keyed hash of a normalised phone number (HMAC-SHA-256, hex). */
  hashPhone(digits: string): string;
}

/** The makers of `cell` (below), by name. */
export type CellMaker = 'text' | 'int' | 'decimal' | 'date' | 'timestamp' | 'month' | 'bool' | 'enumOf' | 'province' | 'phone' | 'textMaskingPhones' | 'name';

/**
 * How a cell type was made, `cell[maker](...args)`, as plain data: a source definition can then
 * cross to a worker thread (which cannot receive functions) and be rebuilt there (cellFromSpec).
 */
export interface CellSpec {
  maker: CellMaker;
  args: unknown[];
}

/** A parser of one cell type, before it is named by its spec (the makers below). */
export interface CellParser {
  /** Short name used in messages and docs, e.g. `timestamp`. */
  readonly kind: string;
  /** Postgres type of the warehouse column. */
  readonly sqlType: string;
  /** Parses a non-empty cell. Empty cells are handled by the row validator. */
  parse(raw: Exclude<RawCell, null | undefined>, ctx: CellContext): ParseResult;
}

export interface CellType extends CellParser {
  /** How to make this type again (in a worker thread). */
  readonly spec: CellSpec;
}

const ok = (value: CellValue): ParseResult => ({ ok: true, value });

// Columns such as 省份, 受理渠道 or 是/否 hold a handful of distinct texts over millions of
// rows: their parses are remembered (up to this many distinct texts per column type).
const MEMO_LIMIT = 4096;

/** Wraps a parser of text cells so that each distinct text is parsed once. */
function memoised(parse: CellParser['parse']): CellParser['parse'] {
  const memo = new Map<string, ParseResult>();
  return (raw, ctx) => {
    if (typeof raw !== 'string') return parse(raw, ctx);
    let result = memo.get(raw);
    if (result === undefined) {
      result = parse(raw, ctx);
      if (memo.size < MEMO_LIMIT) memo.set(raw, result);
    }
    return result;
  };
}
const fail = (message: string): ParseResult => ({ ok: false, message });


/** A clerk-readable account of an error cell. */
export function excelErrorMessage(e: ExcelError): string {
  if (e.error === FORMULA_WITHOUT_RESULT) {
    return 'is a formula whose saved result is an error or missing: open the file in Excel, let it recalculate, fix the formula and save';
  }
  return `is the Excel error ${e.error}`;
}

/** Full-width → half-width (NFKC) and trimmed: `１２３` → `123`, `（秒）` → `(秒)`. */
export function normaliseText(s: string): string {
  return s.normalize('NFKC').trim();
}

/** True for a cell that holds nothing: null, undefined, or only whitespace. */
export function isEmptyCell(raw: RawCell): boolean {
  if (raw === null || raw === undefined) return true;
  if (typeof raw === 'string') return raw.trim() === '';
  return false;
}

/** Quotes a raw cell for a message: `"2023-13-02"`, `#N/A`, `45123`. */
export function showRaw(raw: RawCell): string {
  if (raw === null || raw === undefined) return '(empty)';
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? '(invalid date)' : raw.toISOString().replace('T', ' ').replace(/\.000Z$/, '');
  if (isExcelError(raw)) return raw.error;
  if (typeof raw === 'string') return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
  return String(raw);
}

// ---------------------------------------------------------------------------------------
// Numbers

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** Parses numeric text such as `1,234`, ` 42 `, `１２３`, `98.4%` (→ 0.984). */
export function parseNumber(raw: Exclude<RawCell, null | undefined>): number | string {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 'is not a finite number';
  if (typeof raw === 'boolean' || raw instanceof Date || isExcelError(raw)) return 'is not a number';
  let s = normaliseText(raw).replace(/\s+/g, '');
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  if (GROUPED_NUMBER.test(s)) s = s.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(s)) return 'is not a number';
  const n = Number(s);
  if (!Number.isFinite(n)) return 'is not a finite number';
  return percent ? n / 100 : n;
}

/**
 * True for a cell that reads as a mainland mobile number (`13800138000`, `138 0013 8000`, the
 * number 13800138000): no count, duration or amount of these exports is one, and loading it as
 * a number would store a phone number in clear. Number columns reject it (the value masked).
 */
export function readsAsMobileNumber(raw: Exclude<RawCell, null | undefined>): boolean {
  // Cheap exits first: this runs on every number cell.
  if (typeof raw === 'number') return raw >= 13e9 && raw < 2e10 && Number.isInteger(raw) && MOBILE_DIGITS.test(String(raw));
  if (typeof raw !== 'string' || raw.length < 11) return false;
  const digits = phoneDigitsOf(raw);
  return digits !== null && MOBILE_DIGITS.test(digits);
}

const MOBILE_IN_NUMBER_COLUMN = 'is a mobile phone number, not a number of this column: check that the columns were not shifted';

export function intType(options: { min?: number } = {}): CellParser {
  const min = options.min ?? 0;
  return {
    kind: 'int',
    sqlType: 'bigint',
    parse(raw) {
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      if (readsAsMobileNumber(raw)) return fail(MOBILE_IN_NUMBER_COLUMN);
      const n = parseNumber(raw);
      if (typeof n === 'string') return fail(`${n}; expected a whole number`);
      if (!Number.isInteger(n)) return fail('is not a whole number');
      if (!Number.isSafeInteger(n)) return fail('is too large');
      if (n < min) return fail(`is below the minimum ${min}`);
      return ok(n);
    },
  };
}

export function decimalType(options: { min?: number; max?: number; exclusiveMin?: boolean } = {}): CellParser {
  return {
    kind: 'decimal',
    sqlType: 'numeric',
    parse(raw) {
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      if (readsAsMobileNumber(raw)) return fail(MOBILE_IN_NUMBER_COLUMN);
      const n = parseNumber(raw);
      if (typeof n === 'string') return fail(n);
      if (options.min !== undefined) {
        if (options.exclusiveMin ? n <= options.min : n < options.min) {
          return fail(`must be ${options.exclusiveMin ? 'greater than' : 'at least'} ${options.min}`);
        }
      }
      if (options.max !== undefined && n > options.max) return fail(`must be at most ${options.max}`);
      return ok(n);
    },
  };
}

// ---------------------------------------------------------------------------------------
// Dates and times: China Standard Time wall-clock values, never shifted by a time zone.

export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;

interface WallClock {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  frac: string; // fractional seconds as written, without the dot ('' when none)
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(y: number, mo: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1];
}

const digitAt = (s: string, i: number) => s.charCodeAt(i) - 48;
const isDigitAt = (s: string, i: number) => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/**
 * The fast path for the form Postgres itself prints (`2023-03-04` or `2023-03-04 09:05:00`),
 * which most exports use: checked digit by digit, without regular expressions or allocation.
 * Returns null when `s` is not exactly in that form (the general parser then decides).
 */
function canonicalWallClock(s: string): WallClock | null {
  const n = s.length;
  if (n !== 10 && n !== 19) return null;
  for (const i of n === 10 ? CANONICAL_DATE_DIGITS : CANONICAL_TS_DIGITS) if (!isDigitAt(s, i)) return null;
  if (s[4] !== '-' || s[7] !== '-') return null;
  if (n === 19 && (s[10] !== ' ' || s[13] !== ':' || s[16] !== ':')) return null;
  const y = digitAt(s, 0) * 1000 + digitAt(s, 1) * 100 + digitAt(s, 2) * 10 + digitAt(s, 3);
  const two = (i: number) => digitAt(s, i) * 10 + digitAt(s, i + 1);
  return n === 10
    ? { y, mo: two(5), d: two(8), h: 0, mi: 0, s: 0, frac: '' }
    : { y, mo: two(5), d: two(8), h: two(11), mi: two(14), s: two(17), frac: '' };
}
const CANONICAL_DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const CANONICAL_TS_DIGITS = [...CANONICAL_DATE_DIGITS, 11, 12, 14, 15, 17, 18];

function checkWallClock(w: WallClock): string | null {
  if (w.y < MIN_YEAR || w.y > MAX_YEAR) return `has the year ${w.y}, outside ${MIN_YEAR}–${MAX_YEAR}`;
  if (w.mo < 1 || w.mo > 12) return 'is not a date (no such month)';
  if (w.d < 1 || w.d > daysInMonth(w.y, w.mo)) return 'is not a date (no such day in that month)';
  if (w.h > 23 || w.mi > 59 || w.s > 59) return 'is not a valid time of day';
  return null;
}

// Excel counts days from 1899-12-30 (serial 1 = 1900-01-01, with the fictitious 1900-02-29 at 60).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
const MIN_SERIAL = 61; // 1900-03-01: below it the 1900 leap-year bug makes serials ambiguous
const MAX_SERIAL = (Date.UTC(MAX_YEAR, 11, 31) - EXCEL_EPOCH_MS) / MS_PER_DAY + 0.99999;

function fromUtcDate(date: Date): WallClock {
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
    frac: '',
  };
}

function fromSerial(serial: number): WallClock | string {
  // NaN passes every comparison below: a numeric cell holding no number (`<v>#N/A</v>`) is not a date.
  if (!Number.isFinite(serial)) return 'is not a date';
  if (serial < MIN_SERIAL || serial > MAX_SERIAL) return `is not a date: the number ${serial} is outside the range of Excel dates ${MIN_YEAR}-03-01–${MAX_YEAR}-12-31`;
  const seconds = Math.round(serial * 86_400);
  return fromUtcDate(new Date(EXCEL_EPOCH_MS + seconds * 1000));
}

const DATE_PATTERNS: RegExp[] = [
  // 2023-03-04, 2023/3/4, 2023.3.4, optionally followed by a time; ISO 'T' accepted
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/,
  // 2023年3月4日, optionally followed by a time
  /^(\d{4})年(\d{1,2})月(\d{1,2})日?(?:\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/,
  // 20230304, optionally followed by a time
  /^(\d{4})(\d{2})(\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/,
];
const SERIAL_TEXT = /^\d{2,5}(\.\d+)?$/;

/** Reads a wall-clock value from any accepted date or timestamp form. */
export function parseWallClock(raw: Exclude<RawCell, null | undefined>): WallClock | string {
  if (isExcelError(raw)) return excelErrorMessage(raw);
  if (typeof raw === 'boolean') return 'is not a date';
  let w: WallClock | string;
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) return 'is not a date';
    // the workbook reader turns date cells into Date objects whose UTC fields are the wall clock shown.
    w = fromUtcDate(raw);
  } else if (typeof raw === 'number') {
    if (Number.isInteger(raw) && raw >= 10_000_000 && raw <= 99_999_999) {
      w = { y: Math.floor(raw / 10_000), mo: Math.floor(raw / 100) % 100, d: raw % 100, h: 0, mi: 0, s: 0, frac: '' };
    } else {
      w = fromSerial(raw);
    }
  } else {
    const canonical = canonicalWallClock(raw);
    if (canonical) {
      const problem = checkWallClock(canonical);
      return problem ?? canonical;
    }
    const s = normaliseText(raw).replace(/\s+/g, ' ');
    if (SERIAL_TEXT.test(s)) {
      w = fromSerial(Number(s));
    } else {
      const m = DATE_PATTERNS.map((p) => p.exec(s)).find((x) => x !== null);
      if (!m) return 'is not a date';
      w = {
        y: Number(m[1]),
        mo: Number(m[2]),
        d: Number(m[3]),
        h: m[4] ? Number(m[4]) : 0,
        mi: m[5] ? Number(m[5]) : 0,
        s: m[6] ? Number(m[6]) : 0,
        frac: m[7] ?? '',
      };
    }
  }
  if (typeof w === 'string') return w;
  const problem = checkWallClock(w);
  return problem ?? w;
}

export function formatDate(w: WallClock): string {
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}`;
}

export function formatTimestamp(w: WallClock): string {
  const base = `${formatDate(w)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
  return w.frac ? `${base}.${w.frac}` : base;
}

/** A calendar date; a cell that also shows a time keeps its date part. */
export function dateType(): CellParser {
  return {
    kind: 'date',
    sqlType: 'date',
    parse(raw) {
      if (typeof raw === 'string' && raw.length === 10) {
        const c = canonicalWallClock(raw);
        if (c && checkWallClock(c) === null) return ok(raw);
      }
      const w = parseWallClock(raw);
      return typeof w === 'string' ? fail(w) : ok(formatDate(w));
    },
  };
}

/** A wall-clock timestamp (no time zone); a date alone means midnight. */
export function timestampType(): CellParser {
  return {
    kind: 'timestamp',
    sqlType: 'timestamp',
    parse(raw) {
      if (typeof raw === 'string' && raw.length === 19) {
        const c = canonicalWallClock(raw);
        if (c && checkWallClock(c) === null) return ok(raw); // already in the stored form
      }
      const w = parseWallClock(raw);
      return typeof w === 'string' ? fail(w) : ok(formatTimestamp(w));
    },
  };
}

const MONTH_PATTERNS: RegExp[] = [/^(\d{4})[-/.](\d{1,2})$/, /^(\d{4})年(\d{1,2})月?$/, /^(\d{4})(\d{2})$/];

/** A calendar month (`2023-01`, `2023年1月`, `202301` or a date cell), stored as its first day. */
export function monthType(): CellParser {
  return {
    kind: 'month',
    sqlType: 'date',
    parse(raw) {
      // 202301 typed into a number cell
      if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 190_001 && raw <= 210_012) raw = String(raw);
      if (typeof raw === 'string') {
        const s = normaliseText(raw).replace(/\s+/g, '');
        const m = MONTH_PATTERNS.map((p) => p.exec(s)).find((x) => x !== null);
        if (m) {
          const w: WallClock = { y: Number(m[1]), mo: Number(m[2]), d: 1, h: 0, mi: 0, s: 0, frac: '' };
          const problem = checkWallClock(w);
          return problem ? fail(problem.replace('a date', 'a month')) : ok(formatDate(w));
        }
      }
      const w = parseWallClock(raw);
      if (typeof w === 'string') return fail(w.replace('a date', 'a month'));
      return ok(formatDate({ ...w, d: 1 }));
    },
  };
}

// ---------------------------------------------------------------------------------------
// Booleans, enumerations, provinces, text, personal data

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', '无']);

export function boolType(): CellParser {
  return {
    kind: 'bool',
    sqlType: 'boolean',
    parse: memoised((raw) => {
      if (typeof raw === 'boolean') return ok(raw);
      if (typeof raw === 'number') {
        if (raw === 1) return ok(true);
        if (raw === 0) return ok(false);
        return fail('is not yes/no (expected 是/否, Y/N, 1/0, √/×, 有/无)');
      }
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      if (raw instanceof Date) return fail('is a date, not yes/no');
      const s = normaliseText(raw).toLowerCase();
      if (TRUE_WORDS.has(s)) return ok(true);
      if (FALSE_WORDS.has(s)) return ok(false);
      return fail('is not yes/no (expected 是/否, Y/N, yes/no, true/false, 1/0, √/×, 有/无)');
    }),
  };
}

/** One of a fixed list of values; `aliases` maps other spellings onto them (`一级` → `1级`). */
export function enumType(values: readonly string[], aliases: Record<string, string> = {}): CellParser {
  const lookup = new Map<string, string>();
  for (const v of values) lookup.set(normaliseText(v).toLowerCase(), v);
  for (const [alias, v] of Object.entries(aliases)) lookup.set(normaliseText(alias).toLowerCase(), v);
  const listing = values.join(', ');
  return {
    kind: 'enum',
    sqlType: 'text',
    parse: memoised((raw) => {
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      const s = normaliseText(String(raw instanceof Date ? showRaw(raw) : raw)).toLowerCase();
      const v = lookup.get(s);
      return v === undefined ? fail(`is not one of: ${listing}`) : ok(v);
    }),
  };
}

export const PROVINCES = [
  '北京', '天津', '河北', '山西', '内蒙古', '辽宁', '吉林', '黑龙江', '上海', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南',
  '湖北', '湖南', '广东', '广西', '海南', '重庆', '四川', '贵州', '云南', '西藏', '陕西', '甘肃', '青海', '宁夏', '新疆',
] as const;
const PROVINCE_SET = new Set<string>(PROVINCES);
const PROVINCE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市'];

/** Normalises `广东省`, `广西壮族自治区`, `北京市` … to the 31 short names. */
export function provinceType(): CellParser {
  return {
    kind: 'province',
    sqlType: 'text',
    parse: memoised((raw) => {
      if (typeof raw !== 'string') return fail('is not a province');
      let s = normaliseText(raw).replace(/\s+/g, '');
      if (PROVINCE_SET.has(s)) return ok(s);
      for (const suffix of PROVINCE_SUFFIXES) {
        if (s.endsWith(suffix)) {
          s = s.slice(0, -suffix.length);
          break;
        }
      }
      return PROVINCE_SET.has(s) ? ok(s) : fail('is not one of the 31 provinces (e.g. 广东, 广东省, 广西壮族自治区)');
    }),
  };
}

/** Free text, trimmed. Numbers keep the digits as written (an id like 10005 stays `10005`). */
export function textType(): CellParser {
  return {
    kind: 'text',
    sqlType: 'text',
    parse(raw) {
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      if (raw instanceof Date) return fail('is a date, not text');
      const s = typeof raw === 'string' ? raw.trim() : String(raw);
      return ok(s);
    },
  };
}

/**
 * A customer phone number: normalised to digits (pii.ts phoneDigitsOf — the same rules the
 * masking of free text is derived from), then replaced by its keyed hash.
 */
export function phoneType(): CellParser {
  return {
    kind: 'phone',
    sqlType: 'text',
    parse(raw, ctx) {
      if (isExcelError(raw)) return fail(excelErrorMessage(raw));
      const digits = phoneDigitsOf(String(raw));
      if (digits === null) return fail('is not a phone number');
      return ok(ctx.hashPhone(digits));
    },
  };
}

/**
 * Text that may hold a mobile number (an account named after the learner's phone, 用户账号):
 * every mobile number in it is replaced by its mask (`hmac:` + 16 hex), so it is never stored in
 * clear, and the same phone gives the same value in every file and run.
 */
export function textMaskingPhonesType(): CellParser {
  const text = textType();
  return {
    kind: 'text',
    sqlType: 'text',
    parse(raw, ctx) {
      const r = text.parse(raw, ctx);
      if (!r.ok || typeof r.value !== 'string') return r;
      // A whole cell that is a mobile number (brackets and all) becomes its mask alone.
      const digits = phoneDigitsOf(r.value);
      return ok(digits !== null && MOBILE_DIGITS.test(digits) ? phoneMask(digits, ctx.hashPhone) : maskPhoneNumbers(r.value, ctx.hashPhone));
    },
  };
}

/** A person's name: recognised in the header, never parsed nor loaded. */
export function nameType(): CellParser {
  return {
    kind: 'name',
    sqlType: 'none',
    parse() {
      return ok(null);
    },
  };
}

/** A maker whose types carry their spec. */
function specified<A extends unknown[]>(maker: CellMaker, make: (...args: A) => CellParser): (...args: A) => CellType {
  return (...args: A) => ({ ...make(...args), spec: { maker, args: structuredClone(args) } });
}

/** The cell types a source definition can use. */
export const cell = {
  text: specified('text', textType),
  int: specified('int', intType),
  decimal: specified('decimal', decimalType),
  date: specified('date', dateType),
  timestamp: specified('timestamp', timestampType),
  month: specified('month', monthType),
  bool: specified('bool', boolType),
  enumOf: specified('enumOf', enumType),
  province: specified('province', provinceType),
  phone: specified('phone', phoneType),
  textMaskingPhones: specified('textMaskingPhones', textMaskingPhonesType),
  name: specified('name', nameType),
} satisfies Record<CellMaker, (...args: never[]) => CellType>;

/** The cell type a spec describes, made again (in a worker thread: see src/sources/define.ts portableSource). */
export function cellFromSpec(spec: CellSpec): CellType {
  const make = cell[spec.maker] as ((...args: unknown[]) => CellType) | undefined;
  if (!make) throw new Error(`internal: no cell type ${JSON.stringify(spec.maker)}`);
  return make(...spec.args);
}
