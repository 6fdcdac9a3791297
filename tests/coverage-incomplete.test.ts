/**
 * Incomplete, stale or empty exports never give a wrong number: each case of a real year's
 * gaps, built from exports written here, on both warehouses. Expected values are worked out
 * by hand from the rows below.
 */
import { describe, expect, it } from 'vitest';
import { forgetFiles } from '../src/pipeline/forget.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const figureOf = (report: RunReport, id: string) => report.figures.find((f) => f.id === id)!;

/** Twelve monthly audit workbooks of two audits each: one 企业有责 proxy ticket suspected, one 企业无责. */
async function writeAudits(dir: string, months = MONTHS): Promise<void> {
  for (const m of months) {
    await writeXlsx(dir, `质量/工单审核_2023-${pad(m)}.xlsx`, [
      {
        name: '审核明细',
        rows: [
          [`2023年${m}月工单审核明细`],
          ['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单', '疑似代客'],
          [`A${m}a`, `T${m}a`, '广东', `2023-${pad(m)}-10`, '企业有责', '是', '是'],
          [`A${m}b`, `T${m}b`, '北京', `2023-${pad(m)}-11`, '企业无责', '否', ''],
        ],
      },
    ]);
  }
}

const CALL_HEADER = ['话单编号', '接入号', '呼入时间', '转人工', '排队时长(秒)', '呼叫结果', '通话时长(秒)'];
const TICKET_HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长(秒)'];

/** One 10005 call a month; in 2023 the calls of October to December end in IVR, not an agent. */
function writeCalls(dir: string, months2022: number[]): void {
  const call = (year: number, m: number, outcome: string) => [`C${year}${pad(m)}`, '10005', `${year}-${pad(m)}-15 10:00:00`, '否', '', outcome, '60'];
  writeCsv(dir, '话务/话务明细_2022.csv', [CALL_HEADER, ...months2022.map((m) => call(2022, m, '人工接通'))]);
  writeCsv(dir, '话务/话务明细_2023.csv', [CALL_HEADER, ...MONTHS.map((m) => call(2023, m, m <= 9 ? '人工接通' : 'IVR自助'))]);
}

/** One 10005 ticket a month, closed the next day, 200 s to handle in 2022 and 170 s in 2023. */
function writeTickets(dir: string, months2022: number[]): void {
  const ticket = (year: number, m: number, seconds: number) => [
    `W${year}${pad(m)}`, '10005', '广东', `${year}-${pad(m)}-01 09:00:00`, `${year}-${pad(m)}-03 09:00:00`, `${year}-${pad(m)}-02 09:00:00`,
    '电话', '投诉', '是', '否', '否', String(seconds),
  ];
  writeCsv(dir, '热线/10005热线工单明细_2022.csv', [TICKET_HEADER, ...months2022.map((m) => ticket(2022, m, 200))]);
  writeCsv(dir, '热线/10005热线工单明细_2023.csv', [TICKET_HEADER, ...MONTHS.map((m) => ticket(2023, m, 170))]);
}

const ROSTER_HEADER = ['工号', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'];
async function writeRoster(dir: string, name: string, titles: string[] = []): Promise<void> {
  await writeXlsx(dir, `人力/${name}`, [
    {
      name: '花名册',
      rows: [
        ...titles.map((t) => [t]),
        ROSTER_HEADER,
        ['E1', '综合部', '男', '正式', '2015-03-01', '', '是', '是', '核心', '是', '是', '是'],
        ['E2', '综合部', '女', '正式', '2020-07-01', '2024-03-31', '是', '否', '', '是', '是', '是'],
        ['E3', '热线部', '女', '外包', '2021-01-01', '', '是', '否', '', '是', '是', '是'],
      ],
    },
  ]);
}

describe.each(WAREHOUSE_KINDS)('incomplete exports on %s', (kind) => {
  const wh = useWarehouse(kind);
  const piiKey = 'k-0123456789abcdef0123456789abcdef';
  const run = (input: string, year = 2023) => runPipeline(wh(), { sources, year, inputDir: input, piiKey, publishedFile: undefined });
  // The warehouse keeps every file it loaded: a scenario on other exports starts from none.
  const fresh = () => forgetFiles(wh(), { all: true, paths: [], sources, piiKey });

  it('a missing monthly audit workbook stops every audit figure of the year, naming the month, and changes no other figure', async () => {
    const input = tempDir();
    await writeAudits(input);
    const complete = await run(input);
    // 24 audits, 12 企业有责, 12 proxy tickets all suspected, each month's rate 50 %.
    expect(figureOf(complete, 'audit.reviewed').value).toBe(24);
    expect(figureOf(complete, 'audit.responsible').value).toBe(12);
    expect(figureOf(complete, 'audit.proxy_reviewed').value).toBe(12);
    expect(figureOf(complete, 'audit.proxy_suspect_share').value).toBe(100);
    expect(figureOf(complete, 'audit.monthly_responsible_rate').value).toBe(50);

    const without = tempDir();
    await writeAudits(without, MONTHS.filter((m) => m !== 5));
    await fresh();
    const gap = await run(without);
    for (const id of ['audit.reviewed', 'audit.responsible', 'audit.proxy_reviewed', 'audit.proxy_suspect_share', 'audit.monthly_responsible_rate']) {
      expect(figureOf(gap, id), id).toMatchObject({ value: null, status: 'not_computable', reason: `ticket_audits (工单审核明细 (新风行动)) has no rows in 2023-05 (${id} reads 2023)` });
    }
    const others = (r: RunReport) => r.figures.filter((f) => !f.id.startsWith('audit.')).map((f) => [f.id, f.value, f.status, f.reason]);
    expect(others(gap)).toEqual(others(complete));
    expect(gap.calendar.sources.find((s) => s.id === 'ticket_audits')).toMatchObject({ gap: 'ticket_audits (工单审核明细 (新风行动)) has no rows in 2023-05', months: [...Array(12).fill(0), 2, 2, 2, 2, 0, 2, 2, 2, 2, 2, 2, 2] });
  });

  it('half a year of last year’s calls or tickets stops the year-on-year figures, not those of one year', async () => {
    const input = tempDir();
    writeCalls(input, [1, 2, 3, 4, 5, 6]);
    writeTickets(input, [1, 2, 3, 4, 5, 6]);
    const gap = await run(input);
    expect(figureOf(gap, 'calls.hotline_10005_manual_cut')).toMatchObject({
      value: null,
      status: 'not_computable',
      reason: 'call_records (话务明细) has no rows in 2022-07 … 2022-12 (calls.hotline_10005_manual_cut compares 2023 with 2022)',
    });
    expect(figureOf(gap, 'hotline.handle_time_cut')).toMatchObject({
      value: null,
      reason: 'hotline_tickets (10005 热线工单明细) has no rows in 2022-07 … 2022-12 (hotline.handle_time_cut compares 2023 with 2022)',
    });
    // The first quarters of both years are there: 3 answered calls on 10005, none on 10000 → not computable by its own SQL, not by coverage.
    expect(figureOf(gap, 'calls.manual_q1_growth').reason).not.toMatch(/has no rows in/);
    // On time: every ticket closed before its deadline.
    expect(figureOf(gap, 'hotline.on_time_rate')).toMatchObject({ value: 100, numerator: 12, denominator: 12 });

    const full = tempDir();
    writeCalls(full, MONTHS);
    writeTickets(full, MONTHS);
    await fresh();
    const complete = await run(full);
    // (1 − 9 / 12) × 100 = 25; 200 s − 170 s = 30 s.
    expect(figureOf(complete, 'calls.hotline_10005_manual_cut')).toMatchObject({ value: 25, numerator: 9, denominator: 12 });
    expect(figureOf(complete, 'hotline.handle_time_cut').value).toBe(30);
  });

  it('a self-service report whose 人工话务 cells are all empty gives no diversion rate, never 100 %', async () => {
    const input = tempDir();
    const header = ['日期', '服务项目', '服务量', '人工话务量'];
    writeCsv(input, '运营/2023年自助服务日报.csv', [header, ...MONTHS.map((m) => [`2023-${pad(m)}-01`, '互联网自助服务', '100', ''])]);
    const report = await run(input);
    expect(figureOf(report, 'selfservice.diversion_rate')).toMatchObject({
      value: null,
      status: 'not_computable',
      reason: '12 of the 12 days of 互联网自助服务 in 2023 have no 人工话务量 (manual_calls), e.g. 2023-01-01: the share of manual calls diverted needs them all',
    });
    expect(figureOf(report, 'selfservice.internet_volume').value).toBe(1200);
  });

  it('last year’s roster and experiencer list back no figure of the next year; a snapshot without an as-of date backs none', async () => {
    const input = tempDir();
    await writeRoster(input, '2023年员工花名册.xlsx');
    writeCsv(input, 'UE189/体验员名单_2023-12-31.csv', [
      ['体验员编号', '省份', '加入日期', '退出日期'],
      ['X1', '广东', '2022-05-01', ''],
      ['X2', '北京', '2023-02-01', ''],
      ['X3', '上海', '2023-03-01', '2023-11-30'],
    ]);
    const y2023 = await run(input);
    // Formal at 2023-12-31: E1 and E2 (E2 leaves in 2024); E3 is outsourced.
    expect(figureOf(y2023, 'hr.headcount').value).toBe(2);
    expect(figureOf(y2023, 'experience.new_experiencers').value).toBe(2);
    expect(figureOf(y2023, 'experience.active_experiencers').value).toBe(2);

    const y2024 = await run(input, 2024);
    for (const id of ['hr.headcount', 'hr.contract_rate', 'hr.promotion_rate', 'hr.salary_paid_rate', 'hr.health_check_rate', 'hr.charity_rate', 'hr.core_talents', 'hr.backbone_talents']) {
      expect(figureOf(y2024, id), id).toMatchObject({
        value: null,
        status: 'not_computable',
        reason: `hr_roster is as of 2023-12-31 (人力/2023年员工花名册.xlsx, file name); the figure needs one as of 2024-12-31 or later (${id} reads 2024)`,
      });
    }
    for (const id of ['experience.new_experiencers', 'experience.active_experiencers']) {
      expect(figureOf(y2024, id).reason, id).toBe(
        `experiencers is as of 2023-12-31 (UE189/体验员名单_2023-12-31.csv, file name); the figure needs one as of 2024-12-31 or later (${id} reads 2024)`,
      );
    }

    const undated = tempDir();
    await writeRoster(undated, '员工花名册.xlsx', ['导出时间：2024-01-05 09:30']);
    await fresh();
    expect(figureOf(await run(undated), 'hr.headcount').reason).toBe(
      'hr_roster (人力/员工花名册.xlsx) states no as-of date, so it cannot back a figure: if it is as of 2023-12-31 (ask the department that exported it), add a title row above its header such as 截至2023年12月31日, or put the date in its file name (…_2023-12-31…) (hr.headcount reads 2023)',
    );
    const titled = tempDir();
    await writeRoster(titled, '员工花名册.xlsx', ['员工花名册（截至2023年12月31日）']);
    await fresh();
    expect(figureOf(await run(titled), 'hr.headcount').value).toBe(2);
  });

  it('a safety register delivered for the year with no rows means zero; one not delivered is not computable', async () => {
    const input = tempDir();
    await writeXlsx(input, '综合部/2023年安全生产台账.xlsx', [
      { name: '台账', rows: [['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)']] },
    ]);
    const empty = await run(input);
    for (const id of ['safety.accidents', 'safety.hazards', 'safety.level3_hazards', 'safety.rectified_by_september', 'safety.infosec_violations']) {
      expect(figureOf(empty, id), id).toMatchObject({ value: 0, reason: null });
    }
    // An amount over no hazard at all is not a cost of 0 元: the SQL says why.
    expect(figureOf(empty, 'safety.rectification_cost').reason).toMatch(/^no hazard \(kind 隐患\) was found in 2023/);
    expect(empty.calendar.sources.find((s) => s.id === 'safety_register')!.years).toEqual([
      { year: 2022, files: [], rows: null },
      { year: 2023, files: ['综合部/2023年安全生产台账.xlsx'], rows: 0 },
    ]);

    await fresh();
    const missing = await run(tempDir());
    expect(figureOf(missing, 'safety.accidents')).toMatchObject({
      value: null,
      status: 'not_computable',
      reason: 'no export of safety_register (安全生产台账) was loaded (safety.accidents reads 2023)',
    });
    // A register of 2023 does not pass for 2024's, even with a late entry dated in 2024.
    const late = tempDir();
    await writeXlsx(late, '综合部/2023年安全生产台账.xlsx', [
      { name: '台账', rows: [['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)'], ['H1', '事故', '2024-01-03', '', '', '补录', '', '']] },
    ]);
    await fresh();
    expect(figureOf(await run(late, 2024), 'safety.accidents').reason).toMatch(/^no safety_register \(安全生产台账\) was delivered for 2024/);
    // Last year's register under this year's name: every row dated in 2022.
    const stale = tempDir();
    await writeXlsx(stale, '综合部/2023年安全生产台账.xlsx', [
      { name: '台账', rows: [['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)'], ['H1', '隐患', '2022-05-03', '', '3级', '消防通道堵塞', '', '']] },
    ]);
    await fresh();
    expect(figureOf(await run(stale), 'safety.accidents')).toMatchObject({
      value: null,
      reason:
        "综合部/2023年安全生产台账.xlsx says it is for 2023, but none of its dated rows is in 2023 (1 is in 2022): check that it is the right year's file (a year without events is handed over as the file with its header and no rows) (safety.accidents reads 2023)",
    });
  });
});
