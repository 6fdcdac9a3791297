/** A 部门 merged over a group's rows fills down; other merged or empty cells do not. */
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../src/pipeline/run.js';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

describe.each(WAREHOUSE_KINDS)('merged cells in the data area on %s', (kind) => {
  const wh = useWarehouse(kind);

  it('fill down only in a column that declares it, only inside the merged range, and the run says how many', async () => {
    const input = tempDir();
    const yes = ['是', '否', '是', '是', '是'];
    await writeXlsx(input, '人力/2023年员工花名册.xlsx', [
      {
        name: '花名册',
        // 部门 (B) merged over rows 2–4: fills down. 性别 (C) merged over rows 5–6: does not.
        merges: ['B2:B4', 'C5:C6'],
        rows: [
          ['工号', '部门', '性别', '用工类型', '入职日期', '劳动合同签订', '本年晋升', '年度体检', '薪酬足额发放', '一日捐'],
          ['E1', '综合部', '男', '正式', '2015-03-01', ...yes],
          ['E2', null, '女', '正式', '2016-03-01', ...yes],
          ['E3', null, '女', '正式', '2017-03-01', ...yes],
          ['E4', '热线部', '男', '正式', '2018-03-01', ...yes],
          ['E5', '热线部', null, '正式', '2019-03-01', ...yes],
          ['E6', null, '男', '正式', '2020-03-01', ...yes], // empty, not merged: never filled
        ],
      },
    ]);
    const report = await runPipeline(wh(), { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
    const part = report.files[0].parts[0];
    expect(part.message).toContain('cells filled down from merged cells: 部门 (2)');
    expect(part.result).toMatchObject({ read: 6, loaded: 4, rejected: 2 });
    expect(part.result!.rejects.map((r) => [r.row, r.problems.map((p) => p.column).join()])).toEqual([
      [6, '性别'],
      [7, '部门'],
    ]);
    const { rows } = await wh().query<{ employee_id: string; department: string }>('select employee_id, department from hr_roster order by 1');
    expect(rows).toEqual([
      { employee_id: 'E1', department: '综合部' },
      { employee_id: 'E2', department: '综合部' },
      { employee_id: 'E3', department: '综合部' },
      { employee_id: 'E4', department: '热线部' },
    ]);
  });
});
