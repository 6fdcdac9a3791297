/** What an export states about itself: the years of a register, the as-of date of a snapshot. */
import { describe, expect, it } from 'vitest';
import { exportStatement, statedDates } from '../src/coverage/stated-dates.js';

const asOf = (name: string, titles: string[] = []) => exportStatement(name, titles.map((text, i) => ({ row: i + 1, text }))).asOf?.date ?? null;
const years = (name: string, titles: string[] = []) => exportStatement(name, titles.map((text, i) => ({ row: i + 1, text }))).years;

describe('dates an export states', () => {
  it('reads a year in a file name as its last day, a month as its last day, a date as itself', () => {
    expect(asOf('2023年员工花名册.xlsx')).toBe('2023-12-31');
    expect(asOf('员工花名册2023.xlsx')).toBe('2023-12-31');
    expect(asOf('工单审核_2024-02.xlsx')).toBe('2024-02-29');
    expect(asOf('花名册_20231231.xlsx')).toBe('2023-12-31');
    expect(asOf('花名册_202306.xlsx')).toBe('2023-06-30');
    expect(asOf('花名册 2023.6.30.xlsx')).toBe('2023-06-30');
    expect(asOf('体验员名单（2023年12月31日）.csv')).toBe('2023-12-31');
  });

  it('finds no date in names that only hold other numbers', () => {
    expect(exportStatement('UE189体验员名单.csv', [])).toEqual({ years: [], asOf: null });
    expect(years('10005热线工单明细.csv')).toEqual([]);
    expect(years('花名册_2023-13.xlsx')).toEqual([2023]);
    expect(asOf('花名册_20230230.xlsx')).toBeNull();
  });

  it('reads a range of years as each of them', () => {
    expect(years('安全生产台账2022-2023.xlsx')).toEqual([2022, 2023]);
  });

  it('needs 年 or a month after a year in a title row, where any number may stand', () => {
    expect(statedDates('共计2000条记录', 'title row 1', 'title row')).toEqual([]);
    expect(statedDates('星河通信客户服务中心2023年员工花名册', 'title row 1', 'title row')).toMatchObject([{ date: '2023-12-31', year: 2023, asOf: false, where: 'title row 1' }]);
    expect(statedDates('统计期间 2023-01-01 至 2023-12-31', 'title row 2', 'title row').map((d) => d.date)).toEqual(['2023-01-01', '2023-12-31']);
  });

  it('takes the date said with 截至 over every other, and the earliest otherwise', () => {
    expect(asOf('2023年员工花名册.xlsx', ['员工花名册（截至2024年6月30日）'])).toBe('2024-06-30');
    expect(asOf('员工花名册.xlsx', ['截止：2023/12/31'])).toBe('2023-12-31');
    expect(asOf('花名册2024.xlsx', ['2023年员工花名册'])).toBe('2023-12-31');
    const stated = exportStatement('花名册.xlsx', [{ row: 2, text: '截至2023年12月31日' }]).asOf!;
    expect(stated).toMatchObject({ where: 'title row 2', asOf: true, text: '截至2023年12月31日' });
  });

  it('leaves out export and print stamps: they say when the file was made, not what it covers', () => {
    expect(years('2023年安全生产台账.xlsx', ['导出时间：2024-01-05 09:30　导出人：综合部'])).toEqual([2023]);
    expect(asOf('员工花名册.xlsx', ['导出时间：2024-01-05 09:30'])).toBeNull();
    expect(asOf('员工花名册.xlsx', ['打印日期 2024/1/5'])).toBeNull();
    expect(years('安全生产台账.xlsx', ['制表日期：2024年1月5日'])).toEqual([]);
  });
});

describe('ranges', () => {
  it('reads a range as of its end, while both ends name a year', () => {
    expect(exportStatement('花名册.xlsx', [{ row: 1, text: '统计期间：2023年1月1日至2023年12月31日' }])).toMatchObject({ years: [2023], asOf: { date: '2023-12-31' } });
    expect(exportStatement('安全生产台账（2022.1-2023.12）.xlsx', []).years).toEqual([2022, 2023]);
    expect(exportStatement('安全生产台账（2022.1-2023.12）.xlsx', []).asOf?.date).toBe('2023-12-31');
  });
});
