/**
 * No mobile number leaves a run in clear, on both warehouses: written in any form the phone
 * parser accepts, in an account column (用户账号), in a duplicate key, in a reference to
 * nothing, in a sheet name — neither in the report (rejects, notes, messages), nor in the
 * output folder (rejects.csv …), nor in the etl tables, nor in elearning_records.employee_id.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { elearningRecords } from '../pipelines/elearning-records.js';
import { sources } from '../pipelines/index.js';
import { removeBrokenReferences, removeDuplicates } from '../src/load/dedupe.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { writeOutputs } from '../src/report/write-outputs.js';
import { phoneHasher, phoneMask, PHONE_DECORATION } from '../src/transform/pii.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

const PII_KEY = 'pii-masking-run-test-key-0123456789';
const mask = (digits: string) => phoneMask(digits, phoneHasher(PII_KEY));

/** Each number as digits, and as written in the exports. */
const PHONES = {
  dotted: ['13800138000', '138.0013.8000'],
  bracketed: ['13912345678', '(139)1234-5678'],
  underscored: ['13700001111', '137_0000_1111'],
  fullWidth: ['13600002222', '１３６００００２２２２'],
  countryCode: ['13500003333', '+86 135 0000 3333'],
  duplicateKey: ['15000004444', '150 0000 4444'],
  reference: ['15100005555', '151-0000-5555'],
  sheet: ['15200006666', '152 0000 6666'],
  ambiguousA: ['15300007777', '153.0000.7777'],
  ambiguousB: ['15500008888', '(155)0000-8888'],
  validator: ['15800009999', '+86 158 0000 9999'],
  folder: ['13312341234', '133.1234.1234'],
  fileName: ['15600001234', '156 0000 1234'],
  countNumber: ['13900001111', '13900001111'],
  countText: ['15700002222', '157 0000 2222'],
  inputDir: ['13011112222', '130 1111 2222'],
} as const;

async function writeExports(input: string): Promise<void> {
  writeCsv(input, '培训/轻学堂学习记录_2023.csv', [
    ['流水号', '用户账号', '课程', '学习时间', '学习时长', '获得学分'],
    ['L1', PHONES.dotted[1], '安全生产法解读', '2023-03-04', '45', '0.5'],
    ['L2', PHONES.bracketed[1], '服务礼仪', '2023-03-05', '30', '1'],
    ['L3', PHONES.underscored[1], '反诈知识', '2023-03-06', '20', '1'],
    ['L4', PHONES.fullWidth[1], '服务礼仪', '2023-03-07', '10', '1'],
    ['L5', PHONES.countryCode[1], '服务礼仪', '2023-03-08', '10', '1'],
    ['L6', 'E1', '服务礼仪', '2023-03-09', '10', '1'],
    // The same account again in another form: the same mask.
    ['L7', PHONES.dotted[0], '投诉处理技巧', '2023-03-10', '15', '0'],
    // A phone number in the key, twice with different values: a duplicate-key reject.
    [PHONES.duplicateKey[1], 'E1', '服务礼仪', '2023-03-11', '10', '1'],
    [PHONES.duplicateKey[1], 'E1', '服务礼仪', '2023-03-11', '99', '1'],
    // A phone number inside a number of minutes: a validator reject.
    ['L8', 'E1', '服务礼仪', '2023-03-12', `约${PHONES.validator[1]}分钟`, '1'],
  ]);
  await writeXlsx(input, '培训/2023年培训台账.xlsx', [
    { name: '培训班', rows: [['培训编号', '培训名称', '培训类别', '开始日期', '结束日期', '学时'], ['S1', '新员工入职', '专业管理类', '2023-03-01', '2023-03-02', 8]] },
    // A session number that is a phone number and no session: a reference reject.
    { name: '签到', rows: [['培训编号', '工号', '姓名', '签到'], ['S1', 'E1', '张三', '是'], [PHONES.reference[1], 'E2', '李四', '是']] },
  ]);
  // A sheet named after a caller's phone number, in a folder named after another; phone numbers
  // typed into number columns (as a number, and as text).
  await writeXlsx(input, `办公室/回访${PHONES.folder[1]}/2023年活动台账.xlsx`, [
    {
      name: PHONES.sheet[1],
      rows: [
        ['编号', '活动日期', '类型', '主题', '对象省份', '人数', '件数'],
        ['AC1', '2023-02-10', '主题党日', '学习', null, 35, null],
        ['AC2', '2023-02-11', '主题党日', '学习', null, Number(PHONES.countNumber[1]), null],
        ['AC3', '2023-02-12', '主题党日', '学习', null, 12, PHONES.countText[1]],
      ],
    },
  ]);
  // A file named after a phone number that is no export.
  writeFileSync(join(input, '办公室', `客户${PHONES.fileName[1]}回电记录.txt`), 'notes\n');
  // Two sheets named after phone numbers with the same header: the file fails, naming both.
  const volunteers = [['活动编号', '日期', '名称', '志愿者工号', '志愿者', '时长'], ['V1', '2023-03-05', '学雷锋进社区', 'E1', '张三', 2.5]];
  await writeXlsx(input, '工会/2023年志愿服务记录.xlsx', [
    { name: PHONES.ambiguousA[1], rows: volunteers },
    { name: PHONES.ambiguousB[1], rows: volunteers },
  ]);
}

/** The numbers whose digits can still be read in `text` (NFKC, decoration dropped, as the phone parser reads). */
function clearIn(text: string, except: readonly string[] = []): string[] {
  const read = text.normalize('NFKC').replace(PHONE_DECORATION, '');
  return Object.values(PHONES).filter(([digits]) => !except.includes(digits)).flatMap(([digits, written]) => (read.includes(digits) || text.includes(written) ? [digits] : []));
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

describe.each(WAREHOUSE_KINDS)('no mobile number in clear after a run on %s', (kind) => {
  const warehouse = useWarehouse(kind);
  let report: RunReport;
  let out: string;

  beforeAll(async () => {
    // The input folder itself is named after a phone number.
    const input = join(tempDir('etl-pii-mask-'), `回访${PHONES.inputDir[1]}`);
    await writeExports(input);
    report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: PII_KEY, workers: 1 });
    out = tempDir('etl-pii-mask-out-');
    await writeOutputs(report, out);
  }, 120_000);

  const reportText = () => JSON.stringify(report, (_k, v) => (v instanceof Map ? [...v] : v));
  // A record number that is a phone number stays what it is in its own (text, key) column, and so
  // in the rows a figure is computed from (report.audit, the audit outputs): only its rejects,
  // messages and notes are masked.
  const KEPT_KEY = [PHONES.duplicateKey[0]];
  const parts = () => report.files.flatMap((f) => f.parts.map((p) => ({ file: f.relPath, ...p })));
  const problems = () => parts().flatMap((p) => (p.result?.rejects ?? []).flatMap((r) => r.problems.map((q) => ({ source: p.source, row: r.row, ...q }))));

  it('stores an account that is a mobile number as its mask, the same in every form', async () => {
    const { rows } = await warehouse().query<{ record_id: string; employee_id: string }>(`select record_id, employee_id from elearning_records where record_id like 'L%' and record_id <> 'L8' order by 1`);
    expect(rows).toEqual([
      { record_id: 'L1', employee_id: mask(PHONES.dotted[0]) },
      { record_id: 'L2', employee_id: mask(PHONES.bracketed[0]) },
      { record_id: 'L3', employee_id: mask(PHONES.underscored[0]) },
      { record_id: 'L4', employee_id: mask(PHONES.fullWidth[0]) },
      { record_id: 'L5', employee_id: mask(PHONES.countryCode[0]) },
      { record_id: 'L6', employee_id: 'E1' },
      { record_id: 'L7', employee_id: mask(PHONES.dotted[0]) },
    ]);
  });

  it('masks the duplicate key, the reference to nothing and the validator reject', () => {
    const all = problems();
    const duplicate = all.find((p) => p.source === 'elearning_records' && /has the same/.test(p.message));
    expect(duplicate?.value).toMatch(/^hmac:[0-9a-f]{16}$/);
    const reference = all.find((p) => p.source === 'training_attendance' && /refers to/.test(p.message));
    expect(reference?.value).toMatch(/^hmac:[0-9a-f]{16}$/);
    expect(reference?.message).toMatch(/^refers to hmac:[0-9a-f]{16}, which is not in /);
    const minutes = all.find((p) => p.source === 'elearning_records' && p.column === '学习时长');
    expect(minutes?.value).toBe(`约${mask(PHONES.validator[0])}分钟`);
    for (const p of all) expect(clearIn(`${p.value} ${p.message} ${p.column}`)).toEqual([]);
  });

  it('masks sheet names, in the part and in the message of a file that fails', () => {
    const activities = parts().find((p) => p.source === 'activities');
    expect(activities).toMatchObject({ status: 'loaded', sheet: mask(PHONES.sheet[0]) });
    const volunteers = report.files.find((f) => f.relPath.includes('志愿服务'))!;
    const text = JSON.stringify(volunteers);
    expect(text).toContain(mask(PHONES.ambiguousA[0]));
    expect(clearIn(text)).toEqual([]);
  });

  it('masks file and folder names, and rejects a phone number typed into a number column, masked', () => {
    expect(report.inputDir).toMatch(new RegExp(`/回访${mask(PHONES.inputDir[0])}$`));
    const names = report.files.map((f) => f.relPath);
    expect(names).toEqual(expect.arrayContaining([`办公室/回访${mask(PHONES.folder[0])}/2023年活动台账.xlsx`, `办公室/客户${mask(PHONES.fileName[0])}回电记录.txt`]));
    const activities = parts().find((p) => p.source === 'activities')!;
    expect(activities.result).toMatchObject({ loaded: 1, rejected: 2 });
    const typed = problems().filter((p) => p.source === 'activities');
    expect(typed).toEqual([
      expect.objectContaining({ column: '人数', value: mask(PHONES.countNumber[0]), message: expect.stringMatching(/^is a mobile phone number, not a number of this column/) }),
      expect.objectContaining({ column: '件数', value: expect.stringContaining(mask(PHONES.countText[0])), message: expect.stringMatching(/^is a mobile phone number, not a number of this column/) }),
    ]);
    expect(clearIn(JSON.stringify(report.files))).toEqual([]);
  });

  it('has none of the numbers in clear in the report, the output folder or the etl tables', async () => {
    expect(clearIn(JSON.stringify({ ...report, audit: undefined }, (_k, v) => (v instanceof Map ? [...v] : v)))).toEqual([]);
    expect(clearIn(reportText(), KEPT_KEY)).toEqual([]);
    for (const file of filesBelow(out)) expect({ file, clear: clearIn(readFileSync(file, 'utf8'), KEPT_KEY) }).toEqual({ file, clear: [] });
    const { rows: tables } = await warehouse().query<{ table_schema: string; table_name: string }>(
      `select table_schema, table_name from information_schema.tables where table_schema = 'etl' and table_type = 'BASE TABLE' order by 2`,
    );
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      const { rows } = await warehouse().query<{ r: string }>(`select t::text as r from etl.${t.table_name} as t`);
      expect({ table: t.table_name, clear: clearIn(rows.map((r) => r.r).join('\n')) }).toEqual({ table: t.table_name, clear: [] });
    }
    const { rows } = await warehouse().query<{ r: string }>(`select employee_id as r from elearning_records`);
    expect(clearIn(rows.map((r) => r.r).join('\n'))).toEqual([]);
  });

  // Given the run's key, the masks are the run's masks (inside a transaction rolled back, as a run's own).
  it('masks duplicate keys and references with the key it is given', async () => {
    const wh = warehouse();
    await wh.exec('begin');
    try {
    await wh.exec(`insert into elearning_records (_file_id, _row, record_id, employee_id, course, study_date, minutes, credits)
      select _file_id, _row + 100, record_id, employee_id, course, study_date, minutes + 1, credits from elearning_records where record_id = '${PHONES.duplicateKey[1]}'`);
    const duplicates = await removeDuplicates(wh, elearningRecords, phoneHasher(PII_KEY));
    expect(duplicates).toMatchObject([{ kind: 'reject', value: mask(PHONES.duplicateKey[0]) }]);
    expect(clearIn(JSON.stringify(duplicates))).toEqual([]);
    await wh.exec(`update training_attendance set session_id = '${PHONES.reference[1]}'`);
    const attendance = sources.find((x) => x.id === 'training_attendance')!;
    const orphans = await removeBrokenReferences(wh, attendance, sources, [], phoneHasher(PII_KEY));
    expect(orphans).toMatchObject([{ kind: 'reject', value: mask(PHONES.reference[0]), message: expect.stringContaining(`refers to ${mask(PHONES.reference[0])}`) }]);
    } finally {
      await wh.exec('rollback');
    }
  });
});
