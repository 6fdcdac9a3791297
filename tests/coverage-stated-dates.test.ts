/** What an export states about itself: the periods of a register, the as-of date of a snapshot. */
import { describe, expect, it } from 'vitest';
import { exportStatement, statedPeriods } from '../src/coverage/stated-dates.js';

const statement = (name: string, titles: string[] = []) => exportStatement(name, titles.map((text, i) => ({ row: i + 1, text })));
const asOf = (name: string, titles: string[] = []) => statement(name, titles).asOf?.date ?? null;
const years = (name: string, titles: string[] = []) => statement(name, titles).years;
const spans = (text: string, kind: 'file name' | 'title row' = 'title row') => statedPeriods(text, 'here', kind).periods.map((p) => `${p.first}…${p.last}`);

describe('dates an export states', () => {
  it('reads a year in a file name as that year, a month as that month, a date as the year up to it', () => {
    expect(spans('2023年员工花名册.xlsx', 'file name')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('员工花名册2023.xlsx', 'file name')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('工单审核_2024-02.xlsx', 'file name')).toEqual(['2024-02-01…2024-02-29']);
    expect(spans('花名册_20231231.xlsx', 'file name')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('花名册_202306.xlsx', 'file name')).toEqual(['2023-06-01…2023-06-30']);
    expect(asOf('花名册 2023.6.30.xlsx')).toBe('2023-06-30');
    expect(asOf('体验员名单（2023年12月31日）.csv')).toBe('2023-12-31');
    expect(asOf('２０２３年员工花名册.xlsx')).toBe('2023-12-31');
  });

  it('reads halves, quarters and month ranges as the part of the year they name', () => {
    expect(spans('2023年1-6月安全生产台账.xlsx', 'file name')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('安全台账_2023.01-06.xlsx', 'file name')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('hr_roster_2023H1.xlsx', 'file name')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('hr_roster_2023Q4.xlsx', 'file name')).toEqual(['2023-10-01…2023-12-31']);
    expect(spans('花名册（2023年上半年）')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('2023年第三季度')).toEqual(['2023-07-01…2023-09-30']);
    expect(spans('2023年前三季度')).toEqual(['2023-01-01…2023-09-30']);
    expect(asOf('hr_roster_2023H1.xlsx')).toBe('2023-06-30');
  });

  it('reads a range as one period, as of its end', () => {
    expect(spans('统计期间：2023年1月1日至2023年6月30日')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('统计期间 2023-03-01 ~ 2023-12-31')).toEqual(['2023-03-01…2023-12-31']);
    expect(spans('安全生产台账2022-2023.xlsx', 'file name')).toEqual(['2022-01-01…2023-12-31']);
    expect(statement('安全生产台账（2022.1-2023.12）.xlsx')).toMatchObject({ years: [2022, 2023], asOf: { date: '2023-12-31' } });
  });

  it('finds nothing in names that only hold other numbers, nor in dates that could be day or month first', () => {
    expect(statement('UE189体验员名单.csv')).toMatchObject({ periods: [], years: [], asOf: null });
    expect(years('10005热线工单明细.csv')).toEqual([]);
    expect(years('花名册_2023-13.xlsx')).toEqual([2023]);
    expect(asOf('花名册_20230230.xlsx')).toBeNull();
    expect(asOf('花名册_30.06.2023.xlsx')).toBeNull();
    expect(asOf('花名册_06/30/2023.xlsx')).toBeNull();
    expect(spans('共计2000条记录')).toEqual([]);
    expect(spans('文号〔2023〕12号')).toEqual([]);
    expect(spans('编号：2023-12')).toEqual([]);
  });

  it('needs 年 or a month after a year in a title row, where any number may stand', () => {
    expect(spans('星河通信客户服务中心2023年员工花名册')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('2023')).toEqual([]);
  });

  it('takes the date said with 截至 over every other, and the earliest end otherwise', () => {
    expect(asOf('2023年员工花名册.xlsx', ['员工花名册（截至2024年6月30日）'])).toBe('2024-06-30');
    expect(asOf('员工花名册.xlsx', ['截止：2023/12/31'])).toBe('2023-12-31');
    expect(asOf('花名册2024.xlsx', ['2023年员工花名册'])).toBe('2023-12-31');
    expect(statement('花名册.xlsx', ['', '截至2023年12月31日']).asOf).toEqual({ date: '2023-12-31', where: 'title row 2', text: '截至2023年12月31日' });
  });

  it('reads stamps (a time of day, 导出, 填报 …) as when the file was made: never a period, and a bound on a snapshot’s date', () => {
    expect(years('2023年安全生产台账.xlsx', ['导出时间：2024-01-05 09:30　导出人：综合部'])).toEqual([2023]);
    expect(years('2023年安全生产台账.xlsx', ['填报日期：2024年1月5日'])).toEqual([2023]);
    expect(years('2023年安全生产台账.xlsx', ['2024-01-05 09:30'])).toEqual([2023]);
    expect(years('2023年安全生产台账.xlsx', ['本表于2024年1月5日导出'])).toEqual([2023]);
    expect(years('安全生产台账.xlsx', ['Exported 2024-01-05'])).toEqual([]);
    expect(asOf('员工花名册.xlsx', ['导出时间：2024-01-05 09:30'])).toBeNull();
    // A roster titled for 2023 but exported in July is as of July at the latest.
    expect(statement('2023年员工花名册.xlsx', ['导出时间：2023-07-03 09:30']).asOf).toMatchObject({ date: '2023-07-03', where: 'title row 1' });
    expect(asOf('2023年员工花名册.xlsx', ['导出时间：2024-01-05 09:30'])).toBe('2023-12-31');
  });
});

describe('what real offices write', () => {
  it('reads 年度 before a part of the year, quarter ranges and underscored months as parts', () => {
    expect(spans('2023年度第四季度网信安全运营记录.xlsx', 'file name')).toEqual(['2023-10-01…2023-12-31']);
    expect(spans('2023年度上半年')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('2023年第1-2季度')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('2023年前两季度')).toEqual(['2023-01-01…2023-06-30']);
    expect(spans('活动台账_2023_06.xlsx', 'file name')).toEqual(['2023-06-01…2023-06-30']);
  });

  it('reads no date at all from a day the month does not have', () => {
    expect(asOf('员工花名册.xlsx', ['截至2023年6月31日'])).toBeNull();
    expect(asOf('员工花名册_2023-11-31.xlsx')).toBeNull();
    expect(asOf('员工花名册.xlsx', ['截至2023年2月29日'])).toBeNull();
  });

  it('reads ranges written every way: the end without its year, dotted, slashed, spaced', () => {
    expect(spans('统计期间：2023年1月1日至12月31日')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('2023.01.01-2023.12.31')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('2023/01/01-2023/12/31')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('2023-01-01 - 2023-12-31')).toEqual(['2023-01-01…2023-12-31']);
    expect(spans('2022-2023年活动台账')).toEqual(['2022-01-01…2023-12-31']);
  });

  it('never takes a date said with 截至 for a stamp', () => {
    expect(asOf('员工花名册.xlsx', ['截至：2023-12-31 导出时间：2024-01-05 09:30'])).toBe('2023-12-31');
    expect(asOf('员工花名册.xlsx', ['截至2023年12月31日 24:00'])).toBe('2023-12-31');
  });

  it('reads more stamp wordings as stamps', () => {
    for (const title of ['数据提取时间：2024-01-05', 'Export date: 2024-01-05', 'Exported at 2024-01-05', '导出时间为2024年1月5日', '制表：综合部 2024年1月5日']) {
      expect(statement('安全生产台账.xlsx', [title]), title).toMatchObject({ periods: [], years: [] });
    }
  });

  it('covers nothing by a lone date that ends no month, though a snapshot is as of it', () => {
    expect(statement('活动台账_20230615.xlsx')).toMatchObject({ periods: [], years: [], asOf: { date: '2023-06-15' } });
    expect(spans('活动台账_20230630.xlsx', 'file name')).toEqual(['2023-01-01…2023-06-30']);
  });

  it('cuts what a file covers at its export stamp', () => {
    const s = statement('2023年网信安全运营记录.xlsx', ['导出时间：2023-07-03 10:15']);
    expect(s.periods.map((p) => `${p.first}…${p.last}`)).toEqual(['2023-01-01…2023-07-03']);
  });
});
