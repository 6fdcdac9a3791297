/** `etl status`: the completeness calendar, from a folder before a run and from the warehouse after one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

const pad = (n: number) => String(n).padStart(2, '0');

/** Audits for every month but May, an empty safety register, and a roster named for 2023. */
async function writeExports(dir: string): Promise<void> {
  for (const m of [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]) {
    await writeXlsx(dir, `质量/工单审核_2023-${pad(m)}.xlsx`, [
      { name: '审核明细', rows: [['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单'], [`A${m}`, `T${m}`, '广东', `2023-${pad(m)}-10`, '企业有责', '否']] },
    ]);
  }
  await writeXlsx(dir, '综合部/2023年安全生产台账.xlsx', [{ name: '台账', rows: [['编号', '类别', '发现日期', '描述']] }]);
  await writeXlsx(dir, '人力/员工花名册.xlsx', [
    {
      name: '花名册',
      rows: [
        ['员工花名册（截至2023年12月31日）'],
        ['工号', '部门', '性别', '用工类型', '入职日期', '劳动合同签订', '本年晋升', '年度体检', '薪酬足额发放', '一日捐'],
        ['E1', '综合部', '男', '正式', '2015-03-01', '是', '是', '是', '是', '是'],
      ],
    },
  ]);
}

interface CalendarJson {
  year: number;
  months: string[];
  sources: { id: string; kind: string; months: number[]; years: { year: number; files: string[]; rows: number | null }[]; asOf: { date: string; where: string } | null; gap: string | null; stops: string[] }[];
  gaps: { figure: string; reason: string }[];
}

describe.each(WAREHOUSE_KINDS)('etl status on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  const input = tempDir();
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    env = etlEnvFor(t.config);
    await writeExports(input);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reads a folder before anything is loaded, and shows each gap with the figures it stops', async () => {
    const before = await etl(['status', '--year', '2023'], env);
    expect(before.code).toBe(1);
    expect(before.stderr).toContain('the warehouse holds no run yet');

    const text = await etl(['status', '--year', '2023', '--input', input], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ticket_audits +by month +1 +1 +1 +1 +· +1 +1 +1 +1 +1 +1 +1$/m);
    expect(text.stdout).toContain('safety_register       2022: not delivered, 2023: delivered empty (counts are 0)');
    expect(text.stdout).toContain('hr_roster             as of 2023-12-31 (人力/员工花名册.xlsx, title row 1)');
    expect(text.stdout).toContain('  ticket_audits: ticket_audits (工单审核明细 (新风行动)) has no rows in 2023-05\n    stops audit.monthly_responsible_rate, audit.proxy_reviewed, audit.proxy_suspect_share, audit.responsible, audit.reviewed');
    expect(text.stdout).toContain('  audit.reviewed: ticket_audits (工单审核明细 (新风行动)) has no rows in 2023-05 (audit.reviewed reads 2023)');

    const json = JSON.parse((await etl(['status', '--year', '2023', '--input', input, '--json'], env)).stdout) as CalendarJson;
    const audits = json.sources.find((s) => s.id === 'ticket_audits')!;
    expect(audits.months.slice(12)).toEqual([1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1]);
    expect(json.sources.find((s) => s.id === 'safety_register')!.gap).toBeNull();
    expect(json.sources.find((s) => s.id === 'hr_roster')!.asOf).toMatchObject({ date: '2023-12-31', where: 'title row 1' });
    // Nothing was loaded by reading the folder.
    expect((await etl(['status', '--year', '2023'], env)).code).toBe(1);
  });

  it('after a run, shows the same calendar from the warehouse, and the run lists every gap', async () => {
    const run = await etl(['run', '--year', '2023', '--input', input, '--out', tempDir('etl-out-')], env);
    expect(run.stdout).toContain('GAP       ticket_audits: ticket_audits (工单审核明细 (新风行动)) has no rows in 2023-05 — stops audit.monthly_responsible_rate');
    expect(run.stdout).toMatch(/NOT COMPUTABLE audit\.reviewed: ticket_audits \(工单审核明细 \(新风行动\)\) has no rows in 2023-05 \(audit\.reviewed reads 2023\)/);
    const fromFolder = JSON.parse((await etl(['status', '--year', '2023', '--input', input, '--json'], env)).stdout) as CalendarJson;
    const fromWarehouse = JSON.parse((await etl(['status', '--year', '2023', '--json'], env)).stdout) as CalendarJson;
    expect(fromWarehouse).toEqual(fromFolder);
    // safety.accidents counts 0 in the delivered, empty register.
    const figures = JSON.parse((await etl(['figures', '--year', '2023', '--json'], env)).stdout) as { figure_id: string; value: number | null }[];
    expect(figures.find((f) => f.figure_id === 'safety.accidents')?.value).toBe(0);
    expect(figures.find((f) => f.figure_id === 'hr.headcount')?.value).toBe(1);
  });
});
