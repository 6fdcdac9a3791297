/**
 * The facilities and compliance sources read end to end from realistic
 * workbooks: safety_register, security_ops, energy and contracts; and how file names pick them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { sourcesByFileName } from '../src/sources/file-patterns.js';
import type { PartOutcome } from '../src/pipeline/load-file.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

type Part = PartOutcome & { file: string };
const partsOf = (report: RunReport): Part[] => report.files.flatMap((f) => f.parts.map((p) => ({ file: f.relPath, ...p })));
/** Each problem of a part's rejected rows as `row|column|value|message`. */
const problemsOf = (part: Part) => part.result!.rejects.flatMap((r) => r.problems.map((p) => `${r.row}|${p.column}|${p.value}|${p.message}`));

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

const SECURITY_HEADER = ['记录编号', '发生日期', '事件类型', '次数', '危险等级'];

async function writeExports(input: string): Promise<void> {
  await writeXlsx(input, '安全/2023年安全生产台账.xlsx', [
    {
      name: '台账',
      merges: ['A1:H1'],
      rows: [
        ['2023年安全生产台账'],
        ['填报单位：综合部'],
        ['隐患编号', '记录类别', '日期', '地点', '隐患等级', '情况说明', '整改日期', '费用'],
        ['S1', '隐患', day(2023, 4, 1), '3号楼配电间', '一级', '线缆老化', '2023-04-10', '1,500.50'],
        ['S2', '事故', '2023/6/2', null, null, '电梯困人', null, null],
        ['S3', '信息安全违规', '20230701', null, '3级', 'U盘违规外联', null, null],
        ['S4', '隐患', '2023-08-01', '食堂', null, '消防通道堵塞', null, null],
        ['S5', '隐患', '2023-09-10', '机房', '二级', '空调漏水', '2023-09-01', 800],
        ['S6', '隐患', '2023-10-01', '机房', 1, 'UPS 告警', null, null],
        ['小计', null, null, null, null, null, null, 2300.5],
      ],
    },
  ]);
  await writeXlsx(input, '网信/2023年网信安全运营记录.xlsx', [
    {
      name: '运营记录',
      rows: [
        SECURITY_HEADER,
        ['N1', day(2023, 1, 31), '攻击拦截', '12,345', '高危'],
        ['N2', '2023/2/1', 'ip封堵', 300, null],
        ['N3', '2023-03-01', '应急演练', 0, '低危'],
        ['N4', '2023-03-02', '漏洞处置', 2, '严重'],
      ],
    },
  ]);
  await writeXlsx(input, '后勤/2023年用电台账.xlsx', [
    {
      name: '用电',
      rows: [
        ['2023年各楼宇用电台账'],
        ['统计月份', '楼宇', '实际用电量', '考核计划'],
        ['2023-01', 'A座', '12,345.6', 13000],
        ['2023年2月', 'A座', 11000, '12,000'],
        [202303, 'A座', 10000.25, 12000],
        ['202304', 'A座', 9000, 12000],
        [day(2023, 5, 15), 'A座', 9500, 12000],
        ['2023-13', 'A座', 9000, 12000],
        ['2023-06', 'B座', 500, 0],
        ['2023年1月', 'A座', 99, 13000],
        ['合计', null, 51944.85, 61000],
      ],
    },
  ]);
  await writeXlsx(input, '合同台账.xlsx', [
    {
      name: '合同',
      rows: [
        ['合同编号', '类型', '签约对象', '签约日期', '合同金额', '状态'],
        ['HT-001', '采购', 'XX科技有限公司', day(2023, 3, 1), '1,234,567.89', '履约中'],
        ['HT-002', '责任书', '客服一部', '2023/1/3', null, '履约完成'],
        ['HT-003', '框架协议', 'YY公司', '2023-05-05', 1000, '履约中'],
        ['HT-004', '服务', 'ZZ公司', '2023-06-06', '#DIV/0!', '终止'],
      ],
    },
  ]);
}

describe('file names', () => {
  it('pick the sources whose file-name patterns pipelines/ defines, several where the patterns overlap', () => {
    const matched = (name: string) => sourcesByFileName(name, sources).map((s) => s.id);
    expect(matched('2023年安全生产台账.xlsx')).toEqual(['safety_register']);
    expect(matched('2023年网信安全运营记录.xlsx')).toEqual(['security_ops']);
    expect(matched('2023年用电台账.xlsx')).toEqual(['energy']);
    expect(matched('合同台账.xlsx')).toEqual(['contracts']);
    expect(matched('UE189体验任务.csv')).toEqual(['experience_tasks']);
    expect(matched('体验员名单.csv')).toEqual(['experiencers']);
    expect(matched('工单审核明细_2023-01.xlsx')).toEqual(['ticket_audits']);
    // `*安全*台账*` (safety_register) is broad: these names promise two or more sources.
    expect(matched('2023年网信安全台账.xlsx')).toEqual(['safety_register', 'security_ops']);
    expect(matched('安全用电台账.xlsx')).toEqual(['safety_register', 'energy']);
    expect(matched('2023年安全培训台账.xlsx')).toEqual(['training_sessions', 'training_attendance', 'safety_register']);
    expect(matched('志愿活动台账.xlsx')).toEqual(['activities', 'volunteer_service']);
  });
});

describe.each(WAREHOUSE_KINDS)('facilities sources on %s', (kind) => {
  const warehouse = useWarehouse(kind);
  let parts: Part[];
  const part = (source: string) => parts.find((p) => p.source === source)!;

  beforeAll(async () => {
    const input = tempDir();
    await writeExports(input);
    const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: 'test-key-0123456789abcdef0123456789abcdef' });
    parts = partsOf(report);
  });

  it('loads the safety register: 一级 is 1级, a hazard needs its level, rectification cannot precede discovery', async () => {
    const register = part('safety_register');
    expect(register).toMatchObject({ file: '安全/2023年安全生产台账.xlsx', headerRow: 3 });
    expect(register.result).toMatchObject({ read: 7, loaded: 3, rejected: 3, skipped: 1 });
    expect(problemsOf(register)).toEqual([
      '7|隐患等级||is required for 隐患 records',
      '8|整改日期|2023-09-01|is earlier than 发现日期 (2023-09-10)',
      // The contract lists 一级/二级/三级 as other spellings, not a bare 1.
      '9|隐患等级|1|is not one of: 1级, 2级, 3级',
    ]);
    const { rows } = await warehouse().query('select record_id, kind, found_date, location, level, description, rectified_date, cost from safety_register order by 1');
    expect(rows).toEqual([
      { record_id: 'S1', kind: '隐患', found_date: '2023-04-01', location: '3号楼配电间', level: '1级', description: '线缆老化', rectified_date: '2023-04-10', cost: 1500.5 },
      { record_id: 'S2', kind: '事故', found_date: '2023-06-02', location: null, level: null, description: '电梯困人', rectified_date: null, cost: null },
      { record_id: 'S3', kind: '信息安全违规', found_date: '2023-07-01', location: null, level: '3级', description: 'U盘违规外联', rectified_date: null, cost: null },
    ]);
  });

  it('loads security operations and rejects a count of 0', async () => {
    const ops = part('security_ops');
    expect(ops.result).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(problemsOf(ops)).toEqual(['4|次数|0|is below the minimum 1', '5|危险等级|严重|is not one of: 高危, 中危, 低危']);
    const { rows } = await warehouse().query('select record_id, record_date, type, count, severity from security_ops order by 1');
    expect(rows).toEqual([
      { record_id: 'N1', record_date: '2023-01-31', type: '攻击拦截', count: 12345, severity: '高危' },
      { record_id: 'N2', record_date: '2023-02-01', type: 'IP封堵', count: 300, severity: null },
    ]);
  });

  it('reads every month spelling of the energy register and keys it by month and building', async () => {
    const meter = part('energy');
    expect(meter).toMatchObject({ headerRow: 2 });
    expect(meter.result).toMatchObject({ read: 9, loaded: 5, rejected: 3, skipped: 1 });
    expect(problemsOf(meter)).toEqual([
      '8|统计月份|2023-13|is not a month (no such month)',
      '9|考核计划|0|must be greater than 0',
      '10|月份 + 楼宇|2023-01-01 / A座|has the same 月份 + 楼宇 as 后勤/2023年用电台账.xlsx row 3 but different values; that first row is kept',
    ]);
    const { rows } = await warehouse().query('select month, site, kwh, plan_kwh from energy order by month, site');
    expect(rows).toEqual([
      { month: '2023-01-01', site: 'A座', kwh: 12345.6, plan_kwh: 13000 },
      { month: '2023-02-01', site: 'A座', kwh: 11000, plan_kwh: 12000 },
      { month: '2023-03-01', site: 'A座', kwh: 10000.25, plan_kwh: 12000 },
      { month: '2023-04-01', site: 'A座', kwh: 9000, plan_kwh: 12000 },
      { month: '2023-05-01', site: 'A座', kwh: 9500, plan_kwh: 12000 },
    ]);
  });

  it('loads the contract register, amounts optional', async () => {
    const register = part('contracts');
    expect(register.result).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(problemsOf(register)).toEqual(['4|类型|框架协议|is not one of: 采购, 服务, 租赁, 责任书, 其他', '5|合同金额|#DIV/0!|is the Excel error #DIV/0!']);
    const { rows } = await warehouse().query('select contract_id, type, counterparty, signed_date, amount, status from contracts order by 1');
    expect(rows).toEqual([
      { contract_id: 'HT-001', type: '采购', counterparty: 'XX科技有限公司', signed_date: '2023-03-01', amount: 1234567.89, status: '履约中' },
      { contract_id: 'HT-002', type: '责任书', counterparty: '客服一部', signed_date: '2023-01-03', amount: null, status: '履约完成' },
    ]);
  });

  it('loads a security workbook named 网信安全台账 as security_ops only, though its name also fits 安全生产台账', async () => {
    const input = tempDir();
    await writeXlsx(input, '2023年网信安全台账.xlsx', [{ name: 'Sheet1', rows: [['编号', '日期', '类型', '数量', '等级'], ['N91', '2023-01-31', '攻击拦截', 5, '高危']] }]);
    const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: 'test-key-0123456789abcdef0123456789abcdef' });
    // The files held from the run of this suite's other exports are not read again.
    const overlap = partsOf({ ...report, files: report.files.filter((f) => !f.heldFrom) });
    expect(overlap).toHaveLength(1);
    expect(overlap[0]).toMatchObject({ source: 'security_ops', status: 'loaded', result: { loaded: 1 } });
    expect(report.files.flatMap((f) => f.parts).some((p) => p.status === 'failed')).toBe(false);
  });

  it('still fails a workbook whose name promises a source when no sheet holds its header', async () => {
    const input = tempDir();
    await writeXlsx(input, '2023年安全生产台账.xlsx', [{ name: 'Sheet1', rows: [['编号', '类别', '发现日期'], ['A1', '隐患', '2023-01-31']] }]);
    const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: 'test-key-0123456789abcdef0123456789abcdef' });
    expect(partsOf(report).find((p) => p.source === 'safety_register')).toMatchObject({
      status: 'failed',
      message: 'sheet Sheet1: the header on row 1 lacks the required column 描述 (also accepted: 隐患描述, 情况说明)',
    });
    expect(report.status).toBe('completed_with_errors');
  });
});
