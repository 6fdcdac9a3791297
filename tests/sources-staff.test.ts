/**
 * The staff sources read end to end from realistic exports:
 * elearning_records (with its soft reference to hr_roster), activities and volunteer_service.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PartOutcome } from '../src/pipeline/load-file.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

type Part = PartOutcome & { file: string };
const partsOf = (report: RunReport): Part[] => report.files.flatMap((f) => f.parts.map((p) => ({ file: f.relPath, ...p })));
/** Each problem of a part's rejected rows as `row|column|value|message`. */
const problemsOf = (part: Part) => part.result!.rejects.flatMap((r) => r.problems.map((p) => `${r.row}|${p.column}|${p.value}|${p.message}`));

async function writeExports(input: string): Promise<void> {
  await writeXlsx(input, '人力/员工花名册.xlsx', [
    {
      name: '花名册',
      rows: [
        ['工号', '姓名', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'],
        ['E1', '张三', '客服一部', '男', '正式', new Date(Date.UTC(2020, 0, 1)), null, '是', '否', '核心', '是', '是', '是'],
        ['E2', '李四', '客服一部', '女', '正式', '2021-07-01', null, '是', '否', '', '是', '是', '是'],
      ],
    },
  ]);
  writeCsv(
    input,
    '培训/轻学堂学习记录_2023.csv',
    [
      ['流水号', '工号', '课程', '学习时间', '学习时长', '获得学分'],
      ['L1', 'E1', '安全生产法解读', '2023-03-04 10:15', '45.5', '0.5'],
      // W900 and W901 are outsourced learners, not in the roster: kept, with a note.
      ['L2', 'W900', '服务礼仪', '2023/3/5', '30', '1'],
      ['L3', 'E2', '反诈知识', '2023-03-06', '#N/A', '1'],
      ['L4', 'W901', '服务礼仪', '2023年3月7日', '1,020', '2'],
      ['L5', 'W900', '投诉处理技巧', '20230308', '20', '0'],
    ],
    { encoding: 'gb18030' },
  );
  await writeXlsx(input, '办公室/2023年活动台账.xlsx', [
    {
      name: '活动台账',
      merges: ['A1:G1'],
      rows: [
        ['XX中心2023年活动台账'],
        ['编号', '活动日期', '类型', '主题', '对象省份', '人数', '件数'],
        ['AC1', new Date(Date.UTC(2023, 1, 10)), '主题党日', '学习二十大精神', null, 35, null],
        ['AC2', '2023.3.15', '远程质检', '远程质检抽查', '四川省', null, '1,200'],
        ['AC3', 44991, '督办', '督办重庆投诉', '重庆市', '', { formula: '10+2', result: 12 }],
        ['AC4', '2023-04-01', '联欢会', '新春联欢', null, 200, null],
        ['AC5', '2023-04-02', '走访调研', '走访宁夏', '宁夏回族自治区', '-3', null],
        ['合计', null, null, null, null, 235, 1212],
      ],
    },
  ]);
  await writeXlsx(input, '工会/2023年志愿服务记录.xlsx', [
    {
      name: 'Sheet1',
      rows: [
        ['活动编号', '日期', '名称', '志愿者工号', '志愿者', '时长'],
        ['V1', new Date(Date.UTC(2023, 2, 5)), '学雷锋进社区', 'E1', '张三', 2.5],
        ['V1', new Date(Date.UTC(2023, 2, 5)), '学雷锋进社区', 'E2', '李四', '3'],
        ['V2', '2023/5/1', '敬老院陪护', 'E1', '张三', 0],
        // Entered twice by hand: the same volunteer in the same activity is loaded once.
        ['V1', '2023-03-05', '学雷锋进社区', 'E1', '张三', '2.5'],
      ],
    },
  ]);
}

describe.each(WAREHOUSE_KINDS)('staff sources on %s', (kind) => {
  const warehouse = useWarehouse(kind);
  let parts: Part[];
  const part = (source: string) => parts.find((p) => p.source === source)!;

  beforeAll(async () => {
    const input = tempDir();
    await writeExports(input);
    const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: 'test-key-0123456789abcdef0123456789abcdef' });
    parts = partsOf(report);
  });

  it('loads e-learning records of learners missing from the roster and says how many there are', async () => {
    const records = part('elearning_records');
    expect(records).toMatchObject({ file: '培训/轻学堂学习记录_2023.csv', status: 'loaded' });
    expect(records.result).toMatchObject({ read: 5, loaded: 4, rejected: 1, skipped: 0 });
    expect(problemsOf(records)).toEqual(['4|学习时长|#N/A|is the Excel error #N/A']);
    expect(records.message).toBe('3 rows (2 distinct 学员工号) are not in 员工花名册; kept');
    const { rows } = await warehouse().query('select record_id, employee_id, course, study_date, minutes, credits from elearning_records order by 1');
    expect(rows).toEqual([
      { record_id: 'L1', employee_id: 'E1', course: '安全生产法解读', study_date: '2023-03-04', minutes: 45.5, credits: 0.5 },
      { record_id: 'L2', employee_id: 'W900', course: '服务礼仪', study_date: '2023-03-05', minutes: 30, credits: 1 },
      { record_id: 'L4', employee_id: 'W901', course: '服务礼仪', study_date: '2023-03-07', minutes: 1020, credits: 2 },
      { record_id: 'L5', employee_id: 'W900', course: '投诉处理技巧', study_date: '2023-03-08', minutes: 20, credits: 0 },
    ]);
  });

  it('loads the hand-kept activity register below its title, with formula cells and optional columns', async () => {
    const register = part('activities');
    expect(register).toMatchObject({ sheet: '活动台账', headerRow: 2 });
    expect(register.result).toMatchObject({ read: 6, loaded: 3, rejected: 2, skipped: 1 });
    expect(problemsOf(register)).toEqual([
      expect.stringMatching(/^6\|类型\|联欢会\|is not one of: 专题学习, 领导班子党课, .*, 数字化产品体验, 其他$/),
      '7|人数|-3|is below the minimum 0',
    ]);
    const { rows } = await warehouse().query('select activity_id, activity_date, type, title, province, participants, items from activities order by 1');
    expect(rows).toEqual([
      { activity_id: 'AC1', activity_date: '2023-02-10', type: '主题党日', title: '学习二十大精神', province: null, participants: 35, items: null },
      { activity_id: 'AC2', activity_date: '2023-03-15', type: '远程质检', title: '远程质检抽查', province: '四川', participants: null, items: 1200 },
      { activity_id: 'AC3', activity_date: '2023-03-06', type: '督办', title: '督办重庆投诉', province: '重庆', participants: null, items: 12 },
    ]);
  });

  it('loads volunteer hours keyed by activity and volunteer, rejects zero hours, and never loads names', async () => {
    const service = part('volunteer_service');
    expect(service.result).toMatchObject({ read: 4, loaded: 2, rejected: 1, skipped: 1 });
    expect(problemsOf(service)).toEqual(['4|时长|0|must be greater than 0']);
    const { rows } = await warehouse().query('select * from volunteer_service order by activity_id, employee_id');
    expect(rows.map(({ _file_id, _row, ...r }: Record<string, unknown>) => r)).toEqual([
      { activity_id: 'V1', service_date: '2023-03-05', title: '学雷锋进社区', employee_id: 'E1', hours: 2.5 },
      { activity_id: 'V1', service_date: '2023-03-05', title: '学雷锋进社区', employee_id: 'E2', hours: 3 },
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/张三|李四/);
  });
});
