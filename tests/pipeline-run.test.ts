import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import type { Warehouse } from '../src/db/warehouse.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const TICKET_HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长（秒）', '联系电话'];
const ticket = (id: string, over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    工单编号: id, 热线号码: '10005', 省份: '广东省', 建单时间: '2023/3/4 9:05', 处理时限: '2023-03-06 09:05:00', 办结时间: '2023-03-05 10:00:00',
    受理渠道: '电话', 工单类型: '投诉', 一次解决: '是', 申诉倾向预警: 'N', 超时警示: '0', '处理时长（秒）': '1,234', 联系电话: '13800138000',
  };
  const row = { ...base, ...over };
  return TICKET_HEADER.map((h) => row[h] ?? null);
};

async function run(t: TestWarehouse, input: string): Promise<{ report: RunReport; wh: Warehouse }> {
  const wh = await openWarehouse(t.config);
  const report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'test-key-0123456789abcdef0123456789abcdef' });
  return { report, wh };
}

describe.each(WAREHOUSE_KINDS)('a run on %s', (kind) => {
  let t: TestWarehouse;
  let wh: Warehouse | undefined;
  beforeEach(async () => {
    t = await createTestWarehouse(kind);
  });
  afterEach(async () => {
    await wh?.close();
    wh = undefined;
    await t.dispose();
  });

  it('loads a GB18030 ticket export, rejects bad rows with reasons, skips duplicates, and balances the counts', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [
      TICKET_HEADER,
      ticket('T1'),
      ticket('T2', { 建单时间: '2023-02-30 10:00:00' }),
      ticket('T3', { 省份: '火星' }),
      ticket('T4', { 办结时间: '2023-12-31 23:59:59', 处理时限: '2024-01-02 00:00:00' }),
      ticket('T5', { 办结时间: '' }),
      [],
    ], { encoding: 'gb18030' });
    writeCsv(input, '热线/10005热线工单明细_2022.csv', [TICKET_HEADER, ticket('T1'), ticket('T4', { 工单类型: '咨询' }), ticket('T9', { 建单时间: '2022-05-01 08:00:00', 处理时限: '2022-05-02 08:00:00', 办结时间: '2022-05-01 09:00:00' })], { encoding: 'gb18030' });
    writeCsv(input, 'notes.txt', [['not an export']]);
    let r = await run(t, input);
    wh = r.wh;
    const { report } = r;
    const parts = report.files.flatMap((f) => f.parts.map((p) => ({ file: f.relPath, ...p })));
    const y2023 = parts.find((p) => p.file.endsWith('_2023.csv'))!;
    const y2022 = parts.find((p) => p.file.endsWith('_2022.csv'))!;
    expect(y2022.result).toMatchObject({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    // 2022 sorts first, so its T1 and T4 are kept: T1 in 2023 is an identical duplicate (skipped),
    // T4 in 2023 differs (rejected, naming the row kept).
    expect(y2023.result).toMatchObject({ read: 6, loaded: 1, rejected: 3, skipped: 2 });
    const messages = y2023.result!.rejects.flatMap((x) => x.problems.map((p) => `${x.row}|${p.column}|${p.value}|${p.message}`));
    expect(messages).toContain('3|建单时间|2023-02-30 10:00:00|is not a date (no such day in that month)');
    expect(messages.some((m) => m.startsWith('4|省份|火星|'))).toBe(true);
    expect(messages.some((m) => m.startsWith('5|工单编号|T4|has the same 工单编号 as 热线/10005热线工单明细_2022.csv row 3'))).toBe(true);
    expect(parts.find((p) => p.file === 'notes.txt')?.status).toBe('unmatched');

    const stored = await wh.query<{ ticket_id: string; created_at: string; closed_at: string | null; handle_seconds: number; customer_phone_hash: string; province: string }>(
      'select ticket_id, created_at, closed_at, handle_seconds, customer_phone_hash, province from hotline_tickets order by ticket_id',
    );
    expect(stored.rows.map((x) => x.ticket_id)).toEqual(['T1', 'T4', 'T5', 'T9']);
    expect(stored.rows[0]).toMatchObject({ created_at: '2023-03-04 09:05:00', handle_seconds: 1234, province: '广东' });
    expect(stored.rows[0].customer_phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain('13800138000');

    const counts = await wh.query<{ rows_read: number; rows_loaded: number; rows_rejected: number; rows_skipped: number }>(
      "select rows_read, rows_loaded, rows_rejected, rows_skipped from etl.run_files where status = 'loaded'",
    );
    for (const c of counts.rows) expect(c.rows_read).toBe(c.rows_loaded + c.rows_rejected + c.rows_skipped);

    // A second run on the same files changes no row and no figure.
    const snapshot = async (w: Warehouse) =>
      (await w.query<{ h: string }>("select md5(string_agg(t::text, ',' order by t::text)) as h from hotline_tickets t")).rows[0].h;
    const before = await snapshot(wh);
    const figuresBefore = report.figures.map((f) => [f.id, f.value, f.status]);
    await wh.close();
    r = await run(t, input);
    wh = r.wh;
    expect(await snapshot(wh)).toBe(before);
    expect(r.report.figures.map((f) => [f.id, f.value, f.status])).toEqual(figuresBefore);
  });

  it('fails a file that lacks a required column, naming the column, and still loads the others', async () => {
    const input = tempDir();
    writeCsv(input, '10005热线工单明细.csv', [TICKET_HEADER.filter((h) => h !== '工单类型'), ticket('T1').filter((_, i) => TICKET_HEADER[i] !== '工单类型')]);
    await writeXlsx(input, '人力/员工花名册.xlsx', [
      {
        name: '花名册',
        merges: ['A1:F1'],
        rows: [
          ['XX中心2023年员工花名册'],
          ['导出时间：2024-01-05'],
          ['工号', '姓名', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'],
          ['E1', '张三', '客服一部', '男', '正式', new Date(Date.UTC(2020, 0, 1)), null, '是', '否', '核心', '是', '是', '是'],
          ['E2', '李四', '客服一部', '女', '正式', 44927, '2023-12-31', '是', '是', '', '是', '是', '是'],
          [],
          ['合计', '', '2人'],
        ],
      },
    ]);
    const r = await run(t, input);
    wh = r.wh;
    const tickets = r.report.files.find((f) => f.relPath === '10005热线工单明细.csv')!;
    expect(tickets.parts[0].status).toBe('failed');
    expect(tickets.parts[0].message).toContain('工单类型');
    const roster = r.report.files.find((f) => f.relPath.endsWith('员工花名册.xlsx'))!.parts[0];
    expect(roster.headerRow).toBe(3);
    // The empty row is not stored in the workbook at all; the 合计 footer is read and skipped.
    expect(roster.result).toMatchObject({ read: 3, loaded: 2, rejected: 0, skipped: 1 });
    expect([...roster.result!.skippedBy]).toEqual([['summary row (合计)', 1]]);
    expect(r.report.status).toBe('completed_with_errors');
    const rows = await wh.query<{ employee_id: string; hire_date: string; leave_date: string | null; talent_tier: string }>('select employee_id, hire_date, leave_date, talent_tier from hr_roster order by 1');
    expect(rows.rows).toEqual([
      { employee_id: 'E1', hire_date: '2020-01-01', leave_date: null, talent_tier: '核心' },
      { employee_id: 'E2', hire_date: '2023-01-01', leave_date: '2023-12-31', talent_tier: '无' },
    ]);
  });

  it('reads a two-sheet training workbook and a tab-separated UTF-8-BOM survey export with aliased headers', async () => {
    const input = tempDir();
    await writeXlsx(input, '培训/2023年培训台账.xlsx', [
      {
        name: '培训班',
        rows: [
          ['2023年培训台账'],
          ['培训编号', '培训班名称', '类别', '培训日期', '结束日期', '培训学时'],
          ['S1', '质检专题', '专业管理类', new Date(Date.UTC(2023, 9, 8)), null, 4],
          ['S2', '跨年班', '员工讲堂', new Date(Date.UTC(2023, 11, 31, 23, 59, 59)), null, { formula: '1+1', result: 2 }],
        ],
      },
      {
        name: '签到表',
        rows: [
          ['班次编号', '员工编号', '姓名', '是否签到'],
          ['S1', 'E1', '张三', null],
          ['S1', 'E2', '李四', '否'],
          ['S2', 'E1', '张三', '√'],
          ['S9', 'E3', '王五', '是'],
        ],
      },
    ]);
    writeCsv(
      input,
      '满意度/2023年满意度测评样本.csv',
      [
        ['样本ID', '调查项目', '省公司', '服务触点', '测评时间', '状态', '评分', '稽核', '稽核是否通过'],
        ['P1', '即时测评', '内蒙古自治区', '营业厅', '2023-12-31 23:59:59', '成功', '9.5', '是', '是'],
        ['P2', '即时测评', '北京', '', '2023-06-01', '成功', '8', '否', ''],
        ['P3', '公众综合', '上海市', '', '45000', '失败', '', 'N', ''],
      ],
      { encoding: 'utf-8-bom', delimiter: '\t' },
    );
    const r = await run(t, input);
    wh = r.wh;
    const parts = r.report.files.flatMap((f) => f.parts);
    expect(parts.find((p) => p.source === 'training_sessions')).toMatchObject({ sheet: '培训班', headerRow: 2, status: 'loaded' });
    expect(parts.find((p) => p.source === 'training_attendance')?.result).toMatchObject({ read: 4, loaded: 3, rejected: 1 });
    expect(parts.find((p) => p.source === 'training_attendance')?.result?.rejects[0]).toMatchObject({
      row: 5,
      problems: [{ column: '培训编号', value: 'S9', message: 'refers to S9, which is not in 培训台账 · 培训班' }],
    });
    const survey = parts.find((p) => p.source === 'satisfaction_samples')!;
    expect(survey.result).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(survey.result!.rejects[0].problems[0]).toMatchObject({ column: '服务触点', message: 'is required for 即时测评 samples' });
    const sessions = await wh.query<{ session_id: string; start_date: string; hours: number }>('select session_id, start_date, hours from training_sessions order by 1');
    expect(sessions.rows).toEqual([
      { session_id: 'S1', start_date: '2023-10-08', hours: 4 },
      { session_id: 'S2', start_date: '2023-12-31', hours: 2 },
    ]);
    const attendance = await wh.query<{ employee_id: string; signed_in: boolean }>("select employee_id, signed_in from training_attendance where session_id = 'S1' order by 1");
    expect(attendance.rows).toEqual([
      { employee_id: 'E1', signed_in: true },
      { employee_id: 'E2', signed_in: false },
    ]);
    const samples = await wh.query<{ sample_id: string; province: string; survey_date: string }>('select sample_id, province, survey_date from satisfaction_samples order by 1');
    expect(samples.rows).toEqual([
      { sample_id: 'P1', province: '内蒙古', survey_date: '2023-12-31' },
      { sample_id: 'P3', province: '上海', survey_date: '2023-03-15' },
    ]);
    const byId = new Map(r.report.figures.map((f) => [f.id, f]));
    expect(byId.get('training.sessions')?.value).toBe(2);
    expect(byId.get('training.attendances')?.value).toBe(2);
    // The survey export has rows in March and December only: its figures are not computed from part of the year.
    expect(byId.get('survey.instant_provinces')).toMatchObject({
      value: null,
      reason: 'satisfaction_samples (满意度测评样本) has no rows in 2023-01, 2023-02, 2023-04 … 2023-11 (survey.instant_provinces reads 2023)',
    });
  });

  it('fails a workbook whose two sheets hold the same source, rather than reading one and dropping the other', async () => {
    const input = tempDir();
    const header = ['工号', '姓名', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'];
    await writeXlsx(input, '员工花名册.xlsx', [
      { name: '正式', rows: [header, ['E1', '张三', '客服部', '男', '正式', '2020-01-01', null, '是', '否', '', '是', '是', '是']] },
      { name: '外包', rows: [header, ['W1', '李四', '客服部', '女', '外包', '2021-01-01', null, '是', '否', '', '是', '是', '是']] },
    ]);
    const r = await run(t, input);
    wh = r.wh;
    expect(r.report.files[0].parts).toMatchObject([
      { status: 'failed', message: 'sheets 正式 and 外包 both hold the header of 员工花名册; only one sheet per source is read, so the other\'s rows would be lost: put all rows on one sheet' },
    ]);
    expect((await wh.query<{ n: number }>('select count(*) as n from hr_roster')).rows[0].n).toBe(0);
  });
});
