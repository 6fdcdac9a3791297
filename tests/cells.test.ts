import { describe, expect, it } from 'vitest';
import { cell, type CellContext, type RawCell } from '../src/transform/cells.js';
import { normaliseHeader } from '../src/sources/headers.js';

const ctx: CellContext = { hashPhone: (d) => `h(${d})` };
const parse = (type: ReturnType<(typeof cell)[keyof typeof cell]>, raw: RawCell) => type.parse(raw as Exclude<RawCell, null | undefined>, ctx);
const value = (type: Parameters<typeof parse>[0], raw: RawCell) => {
  const r = parse(type, raw);
  if (!r.ok) throw new Error(`expected ${String(raw)} to parse: ${r.message}`);
  return r.value;
};
const message = (type: Parameters<typeof parse>[0], raw: RawCell) => {
  const r = parse(type, raw);
  if (r.ok) throw new Error(`expected ${String(raw)} to be rejected, got ${String(r.value)}`);
  return r.message;
};

describe('dates and timestamps keep the wall clock shown in the cell', () => {
  const ts = cell.timestamp();
  const date = cell.date();
  it.each([
    ['2023-03-04', '2023-03-04 00:00:00'],
    ['2023/3/4 9:05', '2023-03-04 09:05:00'],
    ['2023.3.4', '2023-03-04 00:00:00'],
    ['2023年3月4日', '2023-03-04 00:00:00'],
    ['2023年3月4日 13:07:09', '2023-03-04 13:07:09'],
    ['20230304', '2023-03-04 00:00:00'],
    ['20230304 08:00', '2023-03-04 08:00:00'],
    ['２０２３－０３－０４', '2023-03-04 00:00:00'],
    ['2023-12-31 23:59:59', '2023-12-31 23:59:59'],
  ])('text %s', (raw, expected) => {
    expect(value(ts, raw)).toBe(expected);
  });

  it('reads Excel serial numbers (days since 1899-12-30), with the time of day in the fraction', () => {
    expect(value(date, 45000)).toBe('2023-03-15');
    expect(value(ts, 45291.999988425926)).toBe('2023-12-31 23:59:59');
    expect(value(ts, '45000.5')).toBe('2023-03-15 12:00:00');
  });

  it('reads a workbook date cell by its UTC fields, so 23:59:59 on 31 December stays in the year', () => {
    expect(value(ts, new Date(Date.UTC(2023, 11, 31, 23, 59, 59)))).toBe('2023-12-31 23:59:59');
    expect(value(date, new Date(Date.UTC(2023, 11, 31, 23, 59, 59)))).toBe('2023-12-31');
  });

  it('rejects impossible dates instead of rolling them over', () => {
    expect(message(date, '2023-02-30')).toMatch(/no such day/);
    expect(message(date, '2023-13-02')).toMatch(/no such month/);
    expect(message(ts, '2023-03-04 24:00:00')).toMatch(/time of day/);
    expect(message(date, '1899-12-31')).toMatch(/year 1899/);
    expect(message(date, '9999-01-01')).toMatch(/year 9999/);
    expect(message(date, 'next tuesday')).toBe('is not a date');
    expect(message(date, { error: '#N/A' })).toMatch(/#N\/A/);
    expect(message(date, 60)).toMatch(/outside the range/); // Excel's fictitious 1900-02-29
  });

  it('reads months in every accepted form', () => {
    const month = cell.month();
    for (const raw of ['2023-01', '2023年1月', '202301', 202301, new Date(Date.UTC(2023, 0, 15))]) expect(value(month, raw)).toBe('2023-01-01');
    expect(message(month, '2023-13')).toMatch(/month/);
  });
});

describe('numbers', () => {
  it('accept text with separators, spaces, full-width digits and percent', () => {
    expect(value(cell.int(), '1,234')).toBe(1234);
    expect(value(cell.int(), ' 42 ')).toBe(42);
    expect(value(cell.int(), '１２３')).toBe(123);
    expect(value(cell.decimal(), '98.4%')).toBeCloseTo(0.984, 12);
    expect(value(cell.decimal(), 7.5)).toBe(7.5);
  });
  it('reject what is not a number, never reading it as 0', () => {
    expect(message(cell.int(), 'abc')).toMatch(/not a number/);
    expect(message(cell.int(), '1.5')).toMatch(/whole number/);
    expect(message(cell.int(), '-3')).toMatch(/minimum 0/);
    expect(message(cell.int(), '1,23')).toMatch(/not a number/);
    expect(message(cell.decimal({ min: 0, max: 10 }), '11')).toMatch(/at most 10/);
    expect(message(cell.decimal(), { error: '#DIV/0!' })).toMatch(/#DIV\/0!/);
  });
});

describe('booleans, enumerations, provinces, phones', () => {
  it('booleans in every listed spelling', () => {
    for (const t of ['是', 'Y', 'yes', 'TRUE', '1', '√', '有', true, 1]) expect(value(cell.bool(), t)).toBe(true);
    for (const f of ['否', 'n', 'No', 'false', '0', '×', '无', false, 0]) expect(value(cell.bool(), f)).toBe(false);
    expect(message(cell.bool(), '也许')).toMatch(/not yes\/no/);
  });
  it('enumerations match exactly, with aliases', () => {
    const level = cell.enumOf(['1级', '2级', '3级'], { 一级: '1级', 三级: '3级' });
    expect(value(level, '三级')).toBe('3级');
    expect(value(level, '３级')).toBe('3级');
    expect(message(level, '4级')).toMatch(/not one of: 1级, 2级, 3级/);
  });
  it('provinces normalise to the 31 short names', () => {
    const p = cell.province();
    expect(value(p, '广东省')).toBe('广东');
    expect(value(p, '广西壮族自治区')).toBe('广西');
    expect(value(p, '内蒙古自治区')).toBe('内蒙古');
    expect(value(p, '北京市')).toBe('北京');
    expect(value(p, '新疆维吾尔自治区')).toBe('新疆');
    expect(value(p, ' 宁夏回族自治区 ')).toBe('宁夏');
    expect(message(p, '火星')).toMatch(/31 provinces/);
    expect(message(p, '广州')).toMatch(/31 provinces/);
  });
  it('phone numbers are normalised to digits and replaced by their keyed hash', () => {
    expect(value(cell.phone(), '+86 138-0013-8000')).toBe('h(13800138000)');
    expect(value(cell.phone(), 13800138000)).toBe('h(13800138000)');
    expect(message(cell.phone(), 'n/a')).toMatch(/phone/);
  });
});

describe('headers', () => {
  it('match after removing whitespace, folding full-width forms and case', () => {
    expect(normaliseHeader(' 处理时长（秒） ')).toBe(normaliseHeader('处理时长(秒)'));
    expect(normaliseHeader('样本 ID')).toBe(normaliseHeader('样本id'));
  });
});
