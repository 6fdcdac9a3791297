/** The coverage rules on given facts: what a register, a continuous source and a snapshot cover. */
import { describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { sourceGap, summarise, type PartCoverage } from '../src/coverage/coverage.js';
import type { Period } from '../src/coverage/periods.js';
import { exportStatement } from '../src/coverage/stated-dates.js';

const source = (id: string) => sources.find((s) => s.id === id)!;
const YEAR_2023: Period[] = [{ label: '2023', first: '2023-01', last: '2023-12' }];

function part(sourceId: string, file: string, months: Record<string, number>, options: { titles?: string[]; rejected?: number } = {}): PartCoverage {
  const m = new Map(Object.entries(months));
  const rows = [...m.values()].reduce((a, b) => a + b, 0);
  return {
    source: sourceId,
    file,
    sheet: null,
    rows,
    rejected: options.rejected ?? 0,
    months: m,
    fileMonths: m,
    statement: exportStatement(file.split('/').at(-1)!, (options.titles ?? []).map((text, i) => ({ row: i + 1, text }))),
  };
}

const gap = (sourceId: string, parts: PartCoverage[], periods = YEAR_2023) => sourceGap(summarise(source(sourceId), parts), periods);

describe('registers', () => {
  it('are delivered for a year their file states, with rows or without', () => {
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', { '2023-03': 1, '2023-04': 1 })])).toBeNull();
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', {})])).toBeNull();
    // Open hazards of the year before, carried on in this year's register, are no contradiction.
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', { '2022-06': 6, '2023-04': 2 })])).toBeNull();
  });

  it('are not the year’s register when they state part of it, even with 年 in the name', () => {
    expect(gap('activities', [part('activities', '综合部/2023年活动台账.xlsx', { '2023-02': 3 }, { titles: ['综合部2023年1-6月活动台账'] })])).toBe(
      'the activities delivered for 2023 does not span the whole year (综合部/2023年活动台账.xlsx: 2023-01-01 … 2023-06-30): hand over the register of the whole year, saying so in its name or a title row (2023年…)',
    );
    // Two halves make the year.
    expect(gap('activities', [part('activities', '2023年上半年活动台账.xlsx', { '2023-02': 3 }), part('activities', '2023年下半年活动台账.xlsx', { '2023-09': 3 })])).toBeNull();
    expect(gap('security_ops', [part('security_ops', '网信安全运营记录_2023.xlsx', { '2023-02': 3 }, { titles: ['导出时间：2023-07-03 10:15'] })])).toMatch(/2023-01-01 … 2023-07-03/);
  });

  it('that state no year count only for years their dated rows run through', () => {
    expect(gap('safety_register', [part('safety_register', '安全生产台账.xlsx', { '2023-01': 2, '2023-11': 1 })])).toBeNull();
    expect(gap('safety_register', [part('safety_register', '安全生产台账.xlsx', { '2023-01': 2, '2023-11': 1, '2024-01': 1 })], [{ label: '2024', first: '2024-01', last: '2024-12' }])).toMatch(
      /does not span the whole year \(安全生产台账\.xlsx: states no year, rows dated 2024-01-01 … 2024-01-31\)/,
    );
    expect(gap('activities', [part('activities', '活动台账.xlsx', { '2023-07': 5, '2023-12': 5 })])).toMatch(/states no year, rows dated 2023-07-01 … 2023-12-31/);
  });

  it('stop the year they claim when none of their dated rows is in it, or every row was rejected', () => {
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', { '2022-05': 6 })])).toBe(
      "2023年安全生产台账.xlsx says it is for 2023, but none of its dated rows is in 2023 (6 are in 2022): check that it is the right year's file (a year without events is handed over as the file with its header and no rows)",
    );
    // An empty supplement does not hide it.
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', { '2022-05': 6 }), part('safety_register', '2023年安全生产台账（补充）.xlsx', {})])).toMatch(/says it is for 2023/);
    expect(gap('safety_register', [part('safety_register', '2023年安全生产台账.xlsx', {}, { rejected: 16 })])).toBe(
      'every row of 2023年安全生产台账.xlsx (16) was rejected, so its counts would be 0: correct the rows listed in rejects.csv and run again',
    );
  });
});

describe('continuous sources', () => {
  const allMonths = (year: number, n = 1) => Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${year}-${String(i + 1).padStart(2, '0')}`, n]));

  it('count a file’s rows only in whole months of the period it states', () => {
    const prior = part('call_records', '话务明细_2022.csv', Object.fromEntries(Object.entries(allMonths(2022)).filter(([m]) => m < '2022-12')));
    const current = part('call_records', '话务明细_2023.csv', { ...allMonths(2023), '2022-12': 1 });
    const both: Period[] = [...YEAR_2023, { label: '2022', first: '2022-01', last: '2022-12' }];
    expect(gap('call_records', [prior, current], both)).toBe(
      'call_records (话务明细) has no rows in 2022-12 (the rows dated in 2022-12 are in exports whose stated period does not hold the whole month)',
    );
    const halfMonth = part('ticket_audits', '工单审核_2023-12.xlsx', { '2023-12': 40 }, { titles: ['统计期间：2023年12月1日至2023年12月15日'] });
    const rest = Array.from({ length: 11 }, (_, i) => part('ticket_audits', `工单审核_2023-${String(i + 1).padStart(2, '0')}.xlsx`, { [`2023-${String(i + 1).padStart(2, '0')}`]: 40 }));
    expect(gap('ticket_audits', [...rest, halfMonth])).toMatch(/^ticket_audits \(工单审核明细 \(新风行动\)\) has no rows in 2023-12/);
    // A file that states nothing covers every month it has rows in.
    expect(gap('call_records', [part('call_records', '话务明细.csv', allMonths(2023))])).toBeNull();
  });
});

describe('snapshots', () => {
  it('are one snapshot per as-of date: a figure at D reads the earliest as of D or later, never a mix', () => {
    const june = { ...part('hr_roster', '员工花名册_2023-06-30.xlsx', {}), rows: 70 };
    const december = { ...part('hr_roster', '员工花名册_2023-12-31.xlsx', {}), rows: 0, rejected: 2 };
    const next = { ...part('hr_roster', '员工花名册_2024-12-31.xlsx', {}), rows: 75 };
    const mid2023: Period[] = [{ label: '2023-01 … 2023-06', first: '2023-01', last: '2023-06' }];
    // The June roster backs a figure at 2023-06-30; at year end the December one is read, and it holds no row.
    expect(gap('hr_roster', [june, december, next], mid2023)).toBeNull();
    expect(gap('hr_roster', [june, december, next])).toBe("hr_roster (员工花名册_2023-12-31.xlsx) holds no row that could be loaded (see rejects.csv)");
    expect(gap('hr_roster', [june, next])).toBeNull();
    expect(gap('hr_roster', [june])).toBe(
      'hr_roster is as of 2023-06-30 (员工花名册_2023-06-30.xlsx, file name); the figure needs one as of 2023-12-31 or later',
    );
    // A file stating no date beside dated ones: nobody can tell which snapshot its rows are.
    expect(gap('hr_roster', [june, { ...part('hr_roster', '员工花名册.xlsx', {}), rows: 70 }])).toBe(
      'hr_roster comes in exports of which some state no as-of date (员工花名册_2023-06-30.xlsx as of 2023-06-30, 员工花名册.xlsx with no as-of date); no figure can tell which snapshot their rows belong to: give each an as-of date (a title row such as 截至2023年12月31日, or the date in its file name), or remove it with etl forget',
    );
  });

  it('are as of their export stamp at the latest', () => {
    const roster = { ...part('hr_roster', '2023年员工花名册.xlsx', {}, { titles: ['导出时间：2023-07-03 09:30'] }), rows: 70 };
    expect(gap('hr_roster', [roster])).toBe('hr_roster is as of 2023-07-03 (2023年员工花名册.xlsx, title row 1); the figure needs one as of 2023-12-31 or later');
  });

  it('with no row back nothing', () => {
    expect(gap('hr_roster', [part('hr_roster', '员工花名册_2023-12-31.xlsx', {}, { rejected: 3 })])).toBe('hr_roster (员工花名册_2023-12-31.xlsx) holds no row that could be loaded (see rejects.csv)');
  });
});
