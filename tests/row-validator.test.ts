import { describe, expect, it } from 'vitest';
import { hrRoster } from '../pipelines/hr-roster.js';
import { hotlineTickets } from '../pipelines/hotline-tickets.js';
import { findHeader, isHeaderMatch, describeHeaderProblem, type HeaderMatch } from '../src/sources/headers.js';
import { compileRowValidator } from '../src/sources/row-validator.js';
import type { RawCell } from '../src/transform/cells.js';
import { describeReject } from '../src/cli/summary.js';

const ctx = { hashPhone: (d: string) => `h${d.length}` };
const ROSTER_HEADER = ['工号', '姓名', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'];

function rosterValidator(strictWidth = false) {
  const match = findHeader(hrRoster, [{ row: 1, cells: ['花名册'] }, { row: 2, cells: ROSTER_HEADER }]) as HeaderMatch;
  expect(match.headerRow).toBe(2);
  return compileRowValidator(hrRoster, match.mapping, match.headers, ctx, { strictWidth });
}
const employee = (over: Record<number, RawCell> = {}): RawCell[] => {
  const row: RawCell[] = ['E1', '张三', '客服部', '男', '正式', '2020-01-01', '', '是', '否', '', '是', '是', '是'];
  for (const [i, v] of Object.entries(over)) row[Number(i)] = v;
  return row;
};

describe('row validation', () => {
  it('loads a good row in column order, never loading the name, with empty talent tier as 无', () => {
    const outcome = rosterValidator()(employee());
    expect(outcome).toEqual({ kind: 'load', values: ['E1', '客服部', '男', '正式', '2020-01-01', null, true, false, '无', true, true, true] });
  });

  it('skips empty rows and 合计/总计/小计 summary rows, with the reason', () => {
    const v = rosterValidator();
    expect(v(['', '  ', null])).toEqual({ kind: 'skip', reason: 'empty row' });
    expect(v(['', '合 计', '76'])).toEqual({ kind: 'skip', reason: 'summary row (合计)' });
    expect(v(['总计：', 76])).toEqual({ kind: 'skip', reason: 'summary row (总计)' });
  });

  it('lists every problem of a rejected row with its column, raw value and message', () => {
    const outcome = rosterValidator()(employee({ 3: '未知', 5: '2023-02-30', 7: '' }));
    expect(outcome).toEqual({
      kind: 'reject',
      problems: [
        { column: '性别', value: '未知', message: 'is not one of: 男, 女' },
        { column: '入职日期', value: '2023-02-30', message: 'is not a date (no such day in that month)' },
        { column: '劳动合同签订', value: '', message: 'is empty but required' },
      ],
    });
  });

  it('applies cross-column rules only to otherwise valid rows', () => {
    const outcome = rosterValidator()(employee({ 6: '2019-05-01' }));
    expect(outcome).toEqual({ kind: 'reject', problems: [{ column: '离职日期', value: '2019-05-01', message: 'is earlier than 入职日期 (2020-01-01)' }] });
  });

  it('reads Excel error values saved as text in a CSV as errors', () => {
    const outcome = rosterValidator()(employee({ 5: '#N/A' }));
    expect(outcome).toEqual({ kind: 'reject', problems: [{ column: '入职日期', value: '#N/A', message: 'is the Excel error #N/A' }] });
  });

  it('rejects a CSV row with too few or too many fields, but tolerates trailing empty fields', () => {
    const v = rosterValidator(true);
    expect(v(employee().slice(0, 10))).toEqual({ kind: 'reject', problems: [{ column: null, value: null, message: 'the row has 10 fields but the header has 13' }] });
    expect(v([...employee(), 'extra'])).toMatchObject({ kind: 'reject' });
    expect(v([...employee(), '', ''])).toMatchObject({ kind: 'load' });
  });

  it('says when a quote made one row of several lines, so the lines read into it are not taken for lost', () => {
    // `E1001,"张三,…` with the closing quote two lines further down: one record of three lines.
    const merged = [...employee().slice(0, 4), `${employee()[4]}\r\nE1002,李四\nE1003,王五`];
    expect(rosterValidator(true)(merged)).toEqual({
      kind: 'reject',
      problems: [
        {
          column: null,
          value: null,
          message:
            'the row has 5 fields but the header has 13, and it runs over 3 lines of the file: a quote (") on its first line is probably missing or stray, which would read the next 2 lines into this row (they are rejected with it)',
        },
      ],
    });
  });

  it('words a reject the way a clerk reads it', () => {
    expect(describeReject('工单明细_2023.csv', null, 1834, { column: '办结时间', value: '2023-13-02', message: 'is not a date' })).toBe(
      '工单明细_2023.csv row 1834, column 办结时间: "2023-13-02" is not a date',
    );
  });
});

describe('header detection', () => {
  it('finds the header below title rows, with aliases, full-width brackets and stray spaces', () => {
    const header = ['工单号', '受理热线', '省公司', '受理时间', '时限', '归档时间', '渠道', '业务类型', '一解', '申诉预警', '超时预警', ' 处理时长（秒） ', '主叫号码', '备注'];
    const found = findHeader(hotlineTickets, [{ row: 1, cells: ['2023年10005热线工单明细'] }, { row: 2, cells: ['导出时间', '2024-01-02'] }, { row: 3, cells: header }]);
    expect(isHeaderMatch(found)).toBe(true);
    const match = found as HeaderMatch;
    expect(match.headerRow).toBe(3);
    expect(match.mapping.map((c) => c?.name ?? null)).toEqual([
      'ticket_id', 'hotline', 'province', 'created_at', 'deadline', 'closed_at', 'channel', 'category', 'first_contact_resolved', 'appeal_warning', 'overdue_warning', 'handle_seconds', 'customer_phone_hash', null,
    ]);
    expect(match.extras).toEqual(['备注']);
  });

  it('names the missing required columns, with their accepted spellings', () => {
    const found = findHeader(hotlineTickets, [{ row: 1, cells: ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '受理渠道', '一次解决', '申诉倾向预警', '超时警示', '处理时长(秒)'] }]);
    expect(isHeaderMatch(found)).toBe(false);
    expect(describeHeaderProblem(hotlineTickets, found as never)).toBe('the header on row 1 lacks the required column 工单类型 (also accepted: 类型, 业务类型)');
  });

  it('refuses a header that names a column twice', () => {
    const found = findHeader(hrRoster, [{ row: 1, cells: [...ROSTER_HEADER, '员工编号'] }]);
    expect(describeHeaderProblem(hrRoster, found as never)).toBe('the header on row 1 names a column twice (工号 appears in columns A and N): keep one of them');
  });
});
