/** The periods a figure reads, from its header, resolved for a report year. */
import { describe, expect, it } from 'vitest';
import { parseFigureFile } from '../src/figures/catalog.js';
import { describeMonths, parsePeriods, resolvePeriods } from '../src/coverage/periods.js';

const resolve = (spec: string, params: Record<string, string | number> = { year: 2023, month: '2023-07' }) => resolvePeriods(parsePeriods(spec), params);
const labels = (spec: string, params?: Record<string, string | number>) => {
  const periods = resolve(spec, params);
  if ('missing' in periods) throw new Error(`missing ${periods.missing}`);
  return periods.map((p) => p.label);
};

describe('figure periods', () => {
  it('resolves years, quarters, month ranges and the month parameter', () => {
    expect(resolve('Y, Y-1')).toEqual([
      { label: '2023', first: '2023-01', last: '2023-12' },
      { label: '2022', first: '2022-01', last: '2022-12' },
    ]);
    expect(labels('Y Q1, Y-1 Q1')).toEqual(['2023 Q1', '2022 Q1']);
    expect(resolve('Y 01-10')).toEqual([{ label: '2023-01 … 2023-10', first: '2023-01', last: '2023-10' }]);
    expect(resolve('Y 10')).toEqual([{ label: '2023-10', first: '2023-10', last: '2023-10' }]);
    expect(labels('M, M-1', { year: 2024, month: '2024-01' })).toEqual(['2024-01', '2023-12']);
    expect(resolve('M', { year: 2024 })).toEqual({ missing: 'month' });
  });

  it('refuses what is not a period', () => {
    expect(() => parsePeriods('Y 13')).toThrow(/months that a year does not have/);
    expect(() => parsePeriods('last year')).toThrow(/"last year" is not a period/);
    expect(() => parsePeriods('M Q1')).toThrow(/months that a month does not have/);
  });

  it('says months as runs', () => {
    expect(describeMonths(['2022-12', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2023-03'])).toBe('2022-07 … 2022-12, 2023-03');
    expect(describeMonths(['2023-05', '2023-06'])).toBe('2023-05, 2023-06');
  });

  it('defaults to Y, or M for a figure of the month parameter, and makes a query that reads the year before say so', () => {
    const header = (extra: string) => `-- id: a.b\n-- label: x\n-- unit: 件\n-- precision: 0\n-- sources: call_records\n${extra}-- definition: d\n`;
    expect(parseFigureFile('a.b.sql', `${header('')}select count(*) as value from call_records where extract(year from start_time) = :year`).periods.map((p) => p.text)).toEqual(['Y']);
    expect(parseFigureFile('a.b.sql', `${header('')}select :month as value`).periods.map((p) => p.text)).toEqual(['M']);
    expect(() => parseFigureFile('a.b.sql', `${header('')}select count(*) as value from call_records where start_time >= make_date(:year::int - 1, 1, 1)`)).toThrow(
      /reads the year before \(:year - 1\), so its header must list Y-1/,
    );
    expect(parseFigureFile('a.b.sql', `${header('-- periods: Y, Y-1\n')}select make_date(:year::int - 1, 1, 1) as value`).periods).toHaveLength(2);
  });
});
