/**
 * The warehouse keeps every file it has loaded (src/pipeline/holdings.ts): a run reads only what
 * it does not hold yet, a new version at the same place replaces the old one's rows, a changed
 * definition reads a file again, keys are settled across everything held, and `etl forget`
 * removes a file's rows. Every expected value below is counted by hand from the rows written here.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainFigure } from '../src/audit/explain.js';
import { heldElsewhere } from '../src/cli/status-command.js';
import { freezeYear } from '../src/audit/freeze.js';
import { SKIP_DUPLICATE } from '../src/load/dedupe.js';
import { writeOutputs } from '../src/report/write-outputs.js';
import { ForgetError, forgetFiles } from '../src/pipeline/forget.js';
import { runPipeline, type RunProgress, type RunReport } from '../src/pipeline/run.js';
import { latestRunOf, verifyYear } from '../src/pipeline/verify.js';
import type { SourceDefinition } from '../src/sources/define.js';
import { momentaryPhoneHasher } from '../src/transform/pii.js';
import { sources } from '../pipelines/index.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

const piiKey = 'holdings-test-key-0123456789abcdef0123';
const figureOf = (report: RunReport, id: string) => report.figures.find((f) => f.id === id)!;

const TICKET_HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长（秒）'];
const ticket = (id: string, day: string, seconds = 100) => [id, '10005', '广东', `${day} 09:00:00`, `${day} 18:00:00`, `${day} 10:00:00`, '电话', '投诉', '是', '否', '否', String(seconds)];

const SAFETY_HEADER = ['编号', '类别', '发现日期', '位置', '等级', '描述', '整改完成日期', '整改费用(元)'];
async function writeSafety(dir: string, year: number, accidents: number): Promise<void> {
  const rows = Array.from({ length: accidents }, (_, i) => [`A${year}-${i + 1}`, '事故', `${year}-0${i + 1}-10`, '机房', '', '擦伤', '', '']);
  await writeXlsx(dir, `综合部/${year}年安全生产台账.xlsx`, [{ name: '台账', rows: [SAFETY_HEADER, ...rows] }]);
}

const ROSTER_HEADER = ['工号', '部门', '性别', '用工类型', '入职日期', '离职日期', '劳动合同签订', '本年晋升', '人才类别', '年度体检', '薪酬足额发放', '一日捐'];
const employee = (id: string, promoted: '是' | '否', hired = '2015-03-01') => [id, '综合部', '男', '正式', hired, '', '是', promoted, '', '是', '是', '是'];

/** Writes a run's outputs into a new folder; returns it. */
async function outputsOf(report: RunReport): Promise<string> {
  const out = tempDir('etl-holdings-out-');
  await writeOutputs(report, out);
  return out;
}

/** Which files a run read (a part started), by path. */
function reading(): { progress: RunProgress; read: string[] } {
  const read: string[] = [];
  return { read, progress: { partStart: (relPath) => void read.push(relPath) } };
}

describe.each(WAREHOUSE_KINDS)('the warehouse keeps what it loaded, on %s', (kind) => {
  const wh = useWarehouse(kind, { holdNothing: true });
  const run = (input: string, year: number, more: { progress?: RunProgress; sources?: readonly SourceDefinition[] } = {}) =>
    runPipeline(wh(), { sources: more.sources ?? sources, year, inputDir: input, piiKey, publishedFile: undefined, progress: more.progress });
  const count = async (sql: string, params: unknown[] = []) => Number((await wh().query<{ n: number }>(sql, params)).rows[0].n);

  it('a new year’s folder adds its files and keeps the last year’s; a ticket in both is loaded once, and reported', async () => {
    // Side by side, as a clerk keeps them: the 2023 folder sorts first, so its rows come first.
    const root = tempDir();
    const y2023 = join(root, '2023');
    const y2024 = join(root, '2024');
    await writeSafety(y2023, 2023, 2);
    writeCsv(y2023, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01'), ticket('T2', '2023-06-01'), ticket('T3', '2023-12-31')]);
    const first = await run(y2023, 2023);
    expect(figureOf(first, 'safety.accidents').value).toBe(2);

    await writeSafety(y2024, 2024, 1);
    // The same name as last year's: another folder, so another file. T3 again, exactly as in 2023.
    writeCsv(y2024, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T3', '2023-12-31'), ticket('T4', '2024-01-02')]);
    const { progress, read } = reading();
    const second = await run(y2024, 2024, { progress });
    expect(read.sort()).toEqual(['热线/10005热线工单明细.csv', '综合部/2024年安全生产台账.xlsx']);
    expect(figureOf(second, 'safety.accidents').value).toBe(1);

    const tickets = await wh().query<{ ticket_id: string }>('select ticket_id from hotline_tickets order by ticket_id');
    expect(tickets.rows.map((r) => r.ticket_id)).toEqual(['T1', 'T2', 'T3', 'T4']);
    const fresh = second.files.find((f) => !f.heldFrom && f.relPath.startsWith('热线/'))!;
    expect(fresh.parts[0].result).toMatchObject({ read: 2, loaded: 1, skipped: 1, rejected: 0 });
    expect([...fresh.parts[0].result!.skippedBy]).toEqual([[SKIP_DUPLICATE, 1]]);
    // Last year's files are part of this run's inputs, held from run 1, not read.
    const held = second.files.filter((f) => f.heldFrom);
    expect(held.map((f) => [f.relPath, f.heldFrom!.runId, f.heldFrom!.inFolder]).sort()).toEqual([
      ['热线/10005热线工单明细.csv', first.runId, false],
      ['综合部/2023年安全生产台账.xlsx', first.runId, false],
    ]);
    expect(await count(`select count(*) as n from etl.run_files where run_id = $1 and status = 'loaded' and read_in_run = $2`, [second.runId, first.runId])).toBe(2);
    expect(await count(`select count(*) as n from etl.run_files where run_id = $1 and status = 'loaded' and read_in_run = $1`, [second.runId])).toBe(2);
    // etl status --input on the next year's folder counts the years held from other folders; not the folder's own held files.
    expect((await heldElsewhere(wh(), sources, y2024)).map((p) => p.file).sort()).toEqual(['热线/10005热线工单明细.csv', '综合部/2023年安全生产台账.xlsx']);
    expect((await heldElsewhere(wh(), sources, y2023)).map((p) => p.file).sort()).toEqual(['热线/10005热线工单明细.csv', '综合部/2024年安全生产台账.xlsx']);
    // 2023's rows are still there: its register holds 2 accidents.
    expect(await count(`select count(*) as n from safety_register where extract(year from found_date) = 2023`)).toBe(2);
    expect(await count('select count(*) as n from etl.holdings')).toBe(4);
  });

  it('a run on a folder holding only some sources keeps every other source’s rows, and the figures over them', async () => {
    const all = tempDir();
    await writeSafety(all, 2023, 2);
    writeCsv(all, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01'), ticket('T2', '2023-06-01')]);
    await run(all, 2023);
    const some = tempDir();
    writeCsv(some, '热线/10005热线工单明细_补录.csv', [TICKET_HEADER, ticket('T7', '2023-05-01')]);
    const second = await run(some, 2023);
    expect(figureOf(second, 'safety.accidents').value).toBe(2);
    expect(await count('select count(*) as n from safety_register')).toBe(2);
    const tickets = await wh().query<{ ticket_id: string }>('select ticket_id from hotline_tickets order by 1');
    expect(tickets.rows.map((r) => r.ticket_id)).toEqual(['T1', 'T2', 'T7']);
  });

  it('the same folder twice: the second run reads nothing, changes no row and no figure', async () => {
    const input = tempDir();
    await writeSafety(input, 2023, 3);
    writeCsv(input, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01'), ticket('T1', '2023-03-01'), ticket('T2', '2023-02-30')]);
    const first = await run(input, 2023);
    const rows = async () => (await wh().query('select * from hotline_tickets order by ticket_id')).rows.concat((await wh().query('select * from safety_register order by _file_id, _row')).rows);
    const before = await rows();
    const { progress, read } = reading();
    const second = await run(input, 2023, { progress });
    expect(read).toEqual([]);
    for (const f of second.files) expect(f.heldFrom, f.relPath).toMatchObject({ runId: first.runId, inFolder: true, note: `unchanged, loaded in run ${first.runId}` });
    expect(await rows()).toEqual(before);
    const values = (r: RunReport) => r.figures.map((f) => [f.id, f.value, f.status, f.reason]);
    expect(values(second)).toEqual(values(first));
    // Counts as the first run recorded them (1 loaded, 1 duplicate skipped, 1 rejected), no reject recorded twice.
    const parts = await wh().query<{ run_id: number; rows_read: number; rows_loaded: number; rows_rejected: number; rows_skipped: number }>(
      `select run_id, rows_read, rows_loaded, rows_rejected, rows_skipped from etl.run_files where source = 'hotline_tickets' and run_id = any($1::bigint[]) order by run_id`,
      [[first.runId, second.runId]],
    );
    expect(parts.rows.map((p) => [Number(p.rows_read), Number(p.rows_loaded), Number(p.rows_rejected), Number(p.rows_skipped)])).toEqual([
      [3, 1, 1, 1],
      [3, 1, 1, 1],
    ]);
    expect(await count('select count(*) as n from etl.rejects where run_id = $1', [second.runId])).toBe(0);
    // T2's three dates (2023-02-30) are its three problems, one row.
    expect(await count('select count(distinct row_number) as n from etl.rejects where run_id = $1', [first.runId])).toBe(1);
  });

  it('a run over exactly the rows of the year’s last run takes its figure values over; any change of rows computes them again', async () => {
    const input = tempDir();
    await writeSafety(input, 2023, 2);
    const first = await run(input, 2023);
    // Marked in the bookkeeping: a value taken over shows the mark, a value computed does not.
    await wh().query(`update etl.figure_values set numerator = 42 where run_id = $1 and figure_id = 'safety.accidents'`, [first.runId]);
    const second = await run(input, 2023);
    expect(figureOf(second, 'safety.accidents')).toMatchObject({ value: 2, numerator: 42 });
    // Another year's run in between that changes no row of this year's files still changes the rows held.
    const other = tempDir();
    await writeSafety(other, 2024, 1);
    await run(other, 2024);
    const third = await run(input, 2023);
    expect(figureOf(third, 'safety.accidents')).toMatchObject({ value: 2, numerator: null });
  });

  it('a new version at the same place replaces the rows of the old one, and says so', async () => {
    const input = tempDir();
    await writeSafety(input, 2023, 2);
    const first = await run(input, 2023);
    await writeSafety(input, 2023, 3);
    const second = await run(input, 2023);
    expect(figureOf(second, 'safety.accidents').value).toBe(3);
    const file = second.files.find((f) => f.relPath === '综合部/2023年安全生产台账.xlsx')!;
    expect(file.heldFrom).toBeUndefined();
    expect(file.replaced).toMatchObject({ runId: first.runId, rowsRemoved: 2, why: 'a new version of the file at the same place', sources: ['safety_register'] });
    expect(await count('select count(*) as n from safety_register')).toBe(3);
    expect(await count('select count(*) as n from etl.holdings')).toBe(1);
    // Both versions stay in etl.files: run 1's figures still name the first.
    const ids = [first.files[0].fileId, file.fileId];
    expect(ids[0]).not.toBe(ids[1]);
    expect(await count(`select count(*) as n from etl.files where file_id = any($1::bigint[])`, [ids])).toBe(2);
  });

  it('a changed source definition reads its files again; one that cannot be read again is kept and says why', async () => {
    const here = tempDir();
    await writeSafety(here, 2023, 2);
    await run(here, 2023);
    const elsewhere = tempDir();
    writeCsv(elsewhere, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01')]);
    await run(elsewhere, 2023);
    rmSync(elsewhere, { recursive: true, force: true });

    // A header spelling added to both sources: their definitions change.
    const changed = sources.map((s) =>
      s.id === 'safety_register' || s.id === 'hotline_tickets' ? { ...s, columns: s.columns.map((c, i) => (i === 0 ? { ...c, aliases: [...(c.aliases ?? []), '序号X'] } : c)) } : s,
    );
    const { progress, read } = reading();
    const report = await run(here, 2023, { progress, sources: changed });
    expect(read).toEqual(['综合部/2023年安全生产台账.xlsx']);
    const safety = report.files.find((f) => f.relPath.startsWith('综合部/'))!;
    expect(safety.replaced?.why).toBe('the definition of its source or the reading code changed since');
    const tickets = report.files.find((f) => f.relPath.startsWith('热线/'))!;
    expect(tickets.heldFrom?.note).toMatch(/should be read again \(the definition of its source or the reading code changed since\), but .* is missing or changed/);
    expect(await count('select count(*) as n from hotline_tickets')).toBe(1);
    expect(await count('select count(*) as n from safety_register')).toBe(2);
  });

  it('a new file whose row comes first takes the key from a held row; forgetting it gives the row back', async () => {
    const root = tempDir();
    const b = join(root, 'b');
    const a = join(root, 'a');
    mkdirSync(a);
    mkdirSync(b);
    writeCsv(b, '工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01', 100), ticket('T2', '2023-03-02')]);
    const first = await run(b, 2023);
    // Folder a sorts before folder b: a build from both at once keeps a's T1 (its values differ).
    writeCsv(a, '工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01', 999)]);
    const second = await run(a, 2023);
    const heldPart = second.files.find((f) => f.heldFrom)!.parts[0];
    expect(heldPart.result).toMatchObject({ read: 2, loaded: 1, rejected: 1, skipped: 0 });
    const seconds = await wh().query<{ ticket_id: string; handle_seconds: number }>('select ticket_id, handle_seconds from hotline_tickets order by 1');
    expect(seconds.rows.map((r) => [r.ticket_id, Number(r.handle_seconds)])).toEqual([['T1', 999], ['T2', 100]]);
    const rejects = await wh().query<{ message: string; file_id: number }>('select message, file_id from etl.rejects where run_id = $1', [second.runId]);
    expect(rejects.rows.map((r) => r.message)).toEqual([`has the same 工单编号 as 工单明细.csv row 2 but different values; that first row is kept`]);
    expect(Number(rejects.rows[0].file_id)).toBe(first.files[0].fileId);

    const forgot = await forgetFiles(wh(), { paths: [a], sources, piiKey });
    expect(forgot.forgotten.map((f) => [f.rowsRemoved, f.sources])).toEqual([[1, ['hotline_tickets']]]);
    expect(forgot.staleYears).toEqual([2023]);
    // b's file is read again: its T1 loads now that a's is gone.
    expect(forgot.readAgain.map((f) => f.relPath)).toEqual(['工单明细.csv']);
    const back = await wh().query<{ ticket_id: string; handle_seconds: number }>('select ticket_id, handle_seconds from hotline_tickets order by 1');
    expect(back.rows.map((r) => [r.ticket_id, Number(r.handle_seconds)])).toEqual([['T1', 100], ['T2', 100]]);
    const recorded = await wh().query<{ kind: string; year: number | null; status: string }>('select kind, year, status from etl.runs where run_id = $1', [forgot.runId]);
    expect(recorded.rows[0]).toEqual({ kind: 'forget', year: null, status: 'succeeded' });
    expect(await count(`select count(*) as n from etl.run_files where run_id = $1 and status = 'loaded' and rows_loaded = 2`, [forgot.runId])).toBe(1);
  });

  it('forget refuses a path it does not hold and changes nothing; --all empties the warehouse', async () => {
    const input = tempDir();
    await writeSafety(input, 2023, 2);
    await run(input, 2023);
    const runs = await count('select count(*) as n from etl.runs');
    await expect(forgetFiles(wh(), { paths: [join(input, 'nothing.xlsx')], sources, piiKey })).rejects.toThrow(ForgetError);
    expect(await count('select count(*) as n from etl.runs')).toBe(runs);
    expect(await count('select count(*) as n from safety_register')).toBe(2);
    // By its path inside its folder, as etl files lists it.
    const byPath = await forgetFiles(wh(), { paths: ['综合部/2023年安全生产台账.xlsx'], sources, piiKey });
    expect(byPath.forgotten).toHaveLength(1);
    expect(await count('select count(*) as n from safety_register')).toBe(0);
    await run(input, 2023);
    await forgetFiles(wh(), { paths: [], all: true, sources, piiKey });
    expect(await count('select count(*) as n from etl.holdings')).toBe(0);
    expect(await count('select count(*) as n from safety_register')).toBe(0);
  });

  it('each year’s roster is its own snapshot: a figure reads the one as of its year end', async () => {
    const y2023 = tempDir();
    await writeXlsx(y2023, '人力/员工花名册_2023-12-31.xlsx', [{ name: '花名册', rows: [ROSTER_HEADER, employee('E1', '是'), employee('E2', '否')] }]);
    const first = await run(y2023, 2023);
    // Formal at 2023-12-31: E1, E2; promoted: E1 → 50 %.
    expect(figureOf(first, 'hr.promotion_rate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    const y2024 = tempDir();
    await writeXlsx(y2024, '人力/员工花名册_2024-12-31.xlsx', [
      { name: '花名册', rows: [ROSTER_HEADER, employee('E1', '否'), employee('E2', '是'), employee('E3', '否', '2024-04-01')] },
    ]);
    const second = await run(y2024, 2024);
    // The 2024 roster only: E1, E2, E3 formal; E2 promoted → 1 / 3. The 2023 rows are no duplicates of these.
    expect(figureOf(second, 'hr.promotion_rate')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(second.files.find((f) => !f.heldFrom)!.parts[0].result).toMatchObject({ read: 3, loaded: 3, rejected: 0, skipped: 0 });
    expect(await count('select count(*) as n from hr_roster')).toBe(5);
    // 2023 again over everything held: still its own roster.
    const again = await run(y2023, 2023);
    expect(figureOf(again, 'hr.promotion_rate')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
  });

  it('a late row of a frozen year in the next year’s export is a restatement of that year; explain still shows the year’s files', async () => {
    const root = tempDir();
    const y2023 = join(root, '2023');
    const y2024 = join(root, '2024');
    await writeSafety(y2023, 2023, 2);
    const first = await run(y2023, 2023);
    expect(figureOf(first, 'safety.accidents').value).toBe(2);
    await freezeYear(wh(), 2023);
    // The 2024 register brings one accident of 2024 and one of 2023-12-30 found late.
    await writeXlsx(y2024, '综合部/2024年安全生产台账.xlsx', [
      { name: '台账', rows: [SAFETY_HEADER, ['B1', '事故', '2024-02-01', '机房', '', '擦伤', '', ''], ['B2', '事故', '2023-12-30', '食堂', '', '烫伤', '', '']] },
    ]);
    const second = await run(y2024, 2024);
    expect(figureOf(second, 'safety.accidents').value).toBe(1);
    const earlier = second.audit!.earlier!;
    expect(earlier.map((e) => [e.year, e.restatements.map((r) => [r.figureId, r.frozen.value, r.now.value])])).toEqual([[2023, [['safety.accidents', 2, 3]]]]);
    const markdown = readFileSync(join(await outputsOf(second), 'report.md'), 'utf8');
    expect(markdown).toContain('## Restatements of 2023');
    expect(markdown).toContain('| safety.accidents | 安全生产事故数 | 2起 (2) | 3起 (3) | 综合部/2024年安全生产台账.xlsx: new (');
    // The frozen values stay as they were.
    const frozen = await wh().query<{ value: number }>(`select value from etl.frozen_figures where figure_id = 'safety.accidents'`);
    expect(frozen.rows.map((r) => Number(r.value))).toEqual([2]);

    // 2023's figure is still explained by 2023's run and its file; the late row now counts too.
    const explained = await explainFigure(wh(), 'safety.accidents', 2023, 5, momentaryPhoneHasher());
    expect(explained.run.run_id).toBe(first.runId);
    expect(explained.inputs.map((i) => i.file)).toEqual(['综合部/2023年安全生产台账.xlsx']);
    expect(explained.totals?.value?.rows).toBe(3);
    expect(explained.warnings.join(' ')).toMatch(/rows of files read after run \d+ count in 2023 now: 综合部\/2024年安全生产台账\.xlsx/);
  });

  it('verify rebuilds a year from the folders of the files held, and names a file changed or a folder gone', async () => {
    const root = tempDir();
    const y2023 = join(root, '2023');
    const y2024 = join(root, '2024');
    await writeSafety(y2023, 2023, 2);
    writeCsv(y2023, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01'), ticket('T2', '2023-12-31')]);
    await run(y2023, 2023);
    await writeSafety(y2024, 2024, 1);
    writeCsv(y2024, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T2', '2023-12-31'), ticket('T3', '2024-01-02')]);
    await run(y2024, 2024);
    const verify = async () => verifyYear(wh().config, await latestRunOf(wh(), 2024), { year: 2024, piiKey, sources });
    const ok = await verify();
    expect(ok.differences).toEqual([]);
    expect(ok.rebuilt.files.size).toBe(4);

    writeCsv(y2023, '热线/10005热线工单明细.csv', [TICKET_HEADER, ticket('T1', '2023-03-01'), ticket('T2', '2023-12-31'), ticket('T9', '2023-05-01')]);
    const changed = await verify();
    expect(changed.differences).toContainEqual(expect.stringMatching(new RegExp(`^file ${y2023}/热线/10005热线工单明细\\.csv: SHA-256 was [0-9a-f]{64} in run \\d+, is now [0-9a-f]{64}$`)));
    rmSync(y2023, { recursive: true, force: true });
    const gone = await verify();
    expect(gone.differences[0]).toMatch(new RegExp(`^folder ${y2023}: where files of run \\d+ were read, missing now$`));
    expect(gone.differences).toContainEqual(expect.stringMatching(new RegExp(`^file ${y2023}/综合部/2023年安全生产台账\\.xlsx: in run \\d+ \\([0-9a-f]{12}…\\), missing now$`)));
  }, 120_000);

  it('a run that dies changes nothing: no file held, no row, no run', async () => {
    const input = tempDir();
    await writeSafety(input, 2023, 2);
    await run(input, 2023);
    const other = tempDir();
    await writeSafety(other, 2024, 1);
    const state = async () => [await count('select count(*) as n from etl.holdings'), await count('select count(*) as n from safety_register'), await count('select count(*) as n from etl.runs')];
    const before = await state();
    const dying: RunProgress = {
      stage: (message) => {
        if (message.startsWith('computing')) throw new Error('killed');
      },
    };
    await expect(run(other, 2024, { progress: dying })).rejects.toThrow('killed');
    expect(await state()).toEqual(before);
  });
});
