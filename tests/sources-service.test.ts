/**
 * The customer-service sources read end to end from realistic exports:
 * call_records, ticket_audits, self_service_daily, experience_tasks and experiencers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartOutcome } from '../src/pipeline/load-file.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { phoneHasher } from '../src/transform/pii.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const PII_KEY = 'test-key-0123456789abcdef0123456789abcdef';
const hash = phoneHasher(PII_KEY);

type Part = PartOutcome & { file: string };
const partsOf = (report: RunReport): Part[] => report.files.flatMap((f) => f.parts.map((p) => ({ file: f.relPath, ...p })));
/** Each problem of a part's rejected rows as `row|column|value|message`. */
const problemsOf = (part: Part) => part.result!.rejects.flatMap((r) => r.problems.map((p) => `${r.row}|${p.column}|${p.value}|${p.message}`));

async function writeExports(input: string): Promise<void> {
  writeCsv(
    input,
    '话务/话务明细_2023-01.csv',
    [
      ['流水号', '被叫号码', '来电时间', '是否转人工', '排队时长（秒）', '呼叫结果', '通话时长', '话务中心', '主叫号码'],
      ['C1', '10005', '2023/1/5 8:03', '是', '35', '人工接通', '1,234', '北京中心', '138-0013-8000'],
      ['C2', '10000', '2023-01-05 23:59:59', 'N', '', 'IVR自助', '60', '', '+86 139 0000 0001'],
      ['C3', '国漫', '20230106 12:00', '√', '', '放弃', '0', '', ''],
      ['C4', '18900110119', '2023.1.7 10:00:00', '否', '', '溢出', ' 42 ', '', ''],
      ['C5', '10005', '2023-01-08 09:00:00', 'yes', '12', '挂断', '30', '', '13800138000'],
      ['C6', '10005', '2023年1月9日 10:00', 'true', '５', '人工接通', '100', '南京中心', '13800138000'],
      ['合计', '', '', '', '', '', '1,366'],
    ],
    { encoding: 'gb18030' },
  );
  await writeXlsx(input, '新风行动/工单审核_2023-01.xlsx', [
    {
      name: '1月',
      merges: ['A1:G1'],
      rows: [
        ['2023年1月工单审核明细'],
        ['导出时间：2023-02-01 08:00'],
        ['审核编号', '工单号', '省公司', '审核日期', '定责', '是否代客工单', '疑似代客', '备注'],
        ['A1', 'T100', '广西壮族自治区', new Date(Date.UTC(2023, 0, 3)), '企业有责', '是', '否', null],
        ['A2', 20230001, '新疆维吾尔自治区', 44936, '用户原因', 'N', null, '复核'],
        ['A3', 'T102', '广东', '2023/1/12', '不清楚', '否', null, null],
        ['合计', null, null, null, null, null, null, null],
      ],
    },
  ]);
  await writeXlsx(input, '新风行动/工单审核_2023-02.xlsx', [
    {
      name: 'Sheet1',
      rows: [
        ['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单', '是否疑似代客'],
        ['A4', 'T200', '北京市', '2023年2月1日', '企业无责', '√', '×'],
        // Exported again in February, with the same values: loaded once.
        ['A1', 'T100', '广西', '2023-01-03', '企业有责', 'Y', 'N'],
      ],
    },
  ]);
  writeCsv(
    input,
    '自助服务/2023年自助服务日报.csv',
    [
      ['统计日期', '服务', '登录人次', '人工话务'],
      ['2023/1/1', '互联网自助服务', '1,234', '56'],
      ['2023/1/1', '国漫智能服务专区', '１２３', ''],
      ['2023.1.2', '国漫知识库', '98', '0'],
      ['20230102', '国漫知识库', '99', '1'],
      ['2023-01-03', '短信服务', '5', ''],
      ['2023-01-03', '互联网自助服务', '-5', ''],
      ['总计', '', '1,486', ''],
    ],
    { encoding: 'utf-8-bom', delimiter: '\t' },
  );
  writeCsv(input, 'UE189/UE189体验任务.csv', [
    ['UE189 体验任务清单（2023年）'],
    ['编号', '名称', '发布日期', '样本数'],
    ['UE-001', '营业厅体验', '2023年3月4日', '1,200'],
    ['UE-002', 'APP 体验, 新版', '20230410', '0'],
    ['UE-003', '宽带装维体验', '2023-05-01', ''],
    ['UE-004', '国漫体验', '2023-02-30', '5'],
  ]);
  writeCsv(
    input,
    'UE189/体验员名单.csv',
    [
      ['体验员编号', '省份', '入库日期', '退出日期'],
      ['X1', '广东省', '2022/12/1', ''],
      ['X2', '', '2023-01-15', '2023-06-30'],
      ['X3', '火星', '2023-01-01', ''],
    ],
    { encoding: 'gb18030' },
  );
}

describe.each(WAREHOUSE_KINDS)('customer-service sources on %s', (kind) => {
  const warehouse = useWarehouse(kind);
  let parts: Part[];
  const part = (source: string, file?: string): Part => {
    const found = parts.find((p) => p.source === source && (file === undefined || p.file.endsWith(file)));
    // Say what became of every file rather than fail later on "undefined".
    if (!found) throw new Error(`no ${source} part${file ? ` in *${file}` : ''}; the run gave: ${parts.map((p) => `${p.file} [${p.source ?? '-'}] ${p.status}${p.message ? `: ${p.message}` : ''}`).join(' | ')}`);
    return found;
  };

  beforeAll(async () => {
    const input = tempDir();
    await writeExports(input);
    const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: PII_KEY });
    parts = partsOf(report);
  });

  it('loads a GB18030 call export with aliased headers, requires the wait when queued, and stores callers only as hashes', async () => {
    const calls = part('call_records');
    expect(calls).toMatchObject({ status: 'loaded', headerRow: 1 });
    expect(calls.result).toMatchObject({ read: 7, loaded: 4, rejected: 2, skipped: 1 });
    expect([...calls.result!.skippedBy]).toEqual([['summary row (合计)', 1]]);
    expect(problemsOf(calls)).toEqual([
      '4|排队时长（秒）||is required when the call went to an agent (转人工 = 是)',
      '6|呼叫结果|挂断|is not one of: 人工接通, IVR自助, 放弃, 溢出',
    ]);
    const { rows } = await warehouse().query('select * from call_records order by call_id');
    expect(rows.map(({ _file_id, ...r }: Record<string, unknown>) => r)).toEqual([
      { call_id: 'C1', hotline: '10005', start_time: '2023-01-05 08:03:00', queued: true, wait_seconds: 35, outcome: '人工接通', talk_seconds: 1234, site: '北京中心', caller_phone_hash: hash('13800138000'), _row: 2 },
      { call_id: 'C2', hotline: '10000', start_time: '2023-01-05 23:59:59', queued: false, wait_seconds: null, outcome: 'IVR自助', talk_seconds: 60, site: null, caller_phone_hash: hash('13900000001'), _row: 3 },
      { call_id: 'C4', hotline: '18900110119', start_time: '2023-01-07 10:00:00', queued: false, wait_seconds: null, outcome: '溢出', talk_seconds: 42, site: null, caller_phone_hash: null, _row: 5 },
      // The same caller as C1, written without separators: the same hash, so repeat callers can be counted.
      { call_id: 'C6', hotline: '10005', start_time: '2023-01-09 10:00:00', queued: true, wait_seconds: 5, outcome: '人工接通', talk_seconds: 100, site: '南京中心', caller_phone_hash: hash('13800138000'), _row: 7 },
    ]);
  });

  it('never stores a caller number in clear text, neither in call_records nor in the rejects', async () => {
    const stored = await warehouse().query<{ t: string }>(
      "select string_agg(c::text, ' ') as t from call_records c union all select string_agg(r::text, ' ') from etl.rejects r where source = 'call_records'",
    );
    const text = stored.rows.map((r) => r.t).join(' ');
    expect(text).toContain('C1');
    for (const digits of ['13800138000', '138-0013-8000', '13900000001', '139 0000 0001']) expect(text).not.toContain(digits);
  });

  it('loads monthly ticket-audit workbooks below a title, lists extra columns, and loads an audit exported twice once', async () => {
    const january = part('ticket_audits', '2023-01.xlsx');
    expect(january).toMatchObject({ sheet: '1月', headerRow: 3, extras: ['备注'] });
    expect(january.result).toMatchObject({ read: 4, loaded: 2, rejected: 1, skipped: 1 });
    expect(problemsOf(january)).toEqual(['6|定责|不清楚|is not one of: 企业有责, 企业无责, 用户原因, 其他']);
    const february = part('ticket_audits', '2023-02.xlsx');
    expect(february.result).toMatchObject({ read: 2, loaded: 1, rejected: 0, skipped: 1 });
    const { rows } = await warehouse().query('select audit_id, ticket_id, province, audit_date, verdict, proxy_ticket, proxy_suspect from ticket_audits order by audit_id');
    expect(rows).toEqual([
      { audit_id: 'A1', ticket_id: 'T100', province: '广西', audit_date: '2023-01-03', verdict: '企业有责', proxy_ticket: true, proxy_suspect: false },
      { audit_id: 'A2', ticket_id: '20230001', province: '新疆', audit_date: '2023-01-10', verdict: '用户原因', proxy_ticket: false, proxy_suspect: null },
      { audit_id: 'A4', ticket_id: 'T200', province: '北京', audit_date: '2023-02-01', verdict: '企业无责', proxy_ticket: true, proxy_suspect: false },
    ]);
  });

  it('loads a tab-separated self-service report keyed by day and service', async () => {
    const daily = part('self_service_daily');
    expect(daily.result).toMatchObject({ read: 7, loaded: 3, rejected: 3, skipped: 1 });
    expect(problemsOf(daily)).toEqual([
      '6|服务|短信服务|is not one of: 互联网自助服务, 国漫智能服务专区, 国漫知识库',
      '7|登录人次|-5|is below the minimum 0',
      '5|日期 + 服务项目|2023-01-02 / 国漫知识库|has the same 日期 + 服务项目 as 自助服务/2023年自助服务日报.csv row 4 but different values; that first row is kept',
    ]);
    const { rows } = await warehouse().query('select day, service, volume, manual_calls from self_service_daily order by day, service');
    expect(rows).toEqual([
      { day: '2023-01-01', service: '互联网自助服务', volume: 1234, manual_calls: 56 },
      { day: '2023-01-01', service: '国漫智能服务专区', volume: 123, manual_calls: null },
      { day: '2023-01-02', service: '国漫知识库', volume: 98, manual_calls: 0 },
    ]);
  });

  it('loads the two UE189 files: tasks below a title row, experiencers in GB18030 with the column "left"', async () => {
    const tasks = part('experience_tasks');
    expect(tasks).toMatchObject({ file: 'UE189/UE189体验任务.csv', headerRow: 2 });
    expect(tasks.result).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(problemsOf(tasks)).toEqual(['5|样本数||is empty but required', '6|发布日期|2023-02-30|is not a date (no such day in that month)']);
    expect((await warehouse().query('select task_id, title, launched, samples from experience_tasks order by 1')).rows).toEqual([
      { task_id: 'UE-001', title: '营业厅体验', launched: '2023-03-04', samples: 1200 },
      { task_id: 'UE-002', title: 'APP 体验, 新版', launched: '2023-04-10', samples: 0 },
    ]);

    const people = part('experiencers');
    expect(people).toMatchObject({ file: 'UE189/体验员名单.csv' });
    expect(people.result).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(problemsOf(people)).toEqual(['4|省份|火星|is not one of the 31 provinces (e.g. 广东, 广东省, 广西壮族自治区)']);
    expect((await warehouse().query('select experiencer_id, province, joined, "left" from experiencers order by 1')).rows).toEqual([
      { experiencer_id: 'X1', province: '广东', joined: '2022-12-01', left: null },
      { experiencer_id: 'X2', province: null, joined: '2023-01-15', left: '2023-06-30' },
    ]);
  });
});
