/**
 * Years side by side: the earlier year's value of each figure (latest freeze, else latest run
 * that has it), the change (pp for a rate, difference and relative change otherwise), the Y−1
 * column of report.html, report.md and figures.xlsx, and `etl figures --compare`.
 *
 * The bookkeeping rows of 2022, 2023 and 2024 are written here directly, with values whose
 * changes are worked out by hand in the comments.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeOf, compareYears, figureValuesOfYear, type DisplayFormat, type YearValue } from '../src/audit/prior-year.js';
import { migrate } from '../src/db/migrate.js';
import { openWarehouse } from '../src/db/open.js';
import type { Warehouse } from '../src/db/warehouse.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { buildReportModel } from '../src/report/report-model.js';
import { writeOutputs } from '../src/report/write-outputs.js';
import { sources } from '../pipelines/index.js';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { tempDir } from './support/fixtures.js';
import { SAMPLE_PII_KEY } from './support/sample-run.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

type Figure = { value: number | null; display: string | null; status?: string; published?: { value: number; unit: string; comparator: '=' | '>'; precision: number } };

async function insertRun(wh: Warehouse, year: number, figures: Record<string, Figure>): Promise<number> {
  const { rows } = await wh.query<{ run_id: number }>(
    `insert into etl.runs (year, input_dir, finished_at, status, tool_version) values ($1, 'exports', now(), 'succeeded', 'test') returning run_id`,
    [year],
  );
  const runId = Number(rows[0].run_id);
  for (const [id, f] of Object.entries(figures)) {
    await wh.query(
      `insert into etl.figure_values (run_id, figure_id, year, value, status, display, sql_sha256, parameters, published)
       values ($1, $2, $3, $4, $5, $6, 'sha', '{}', $7)`,
      [runId, id, year, f.value, f.status ?? (f.value === null ? 'not_computable' : 'unpublished'), f.display, f.published ? JSON.stringify(f.published) : null],
    );
  }
  return runId;
}

async function insertFreeze(wh: Warehouse, year: number, runId: number, frozenAt: string, figures: Record<string, Figure>): Promise<number> {
  const { rows } = await wh.query<{ freeze_id: number }>('insert into etl.freezes (year, run_id, frozen_at) values ($1, $2, $3) returning freeze_id', [year, runId, frozenAt]);
  const freezeId = Number(rows[0].freeze_id);
  for (const [id, f] of Object.entries(figures)) {
    await wh.query(
      `insert into etl.frozen_figures (freeze_id, figure_id, value, display, status, sql_sha256) values ($1, $2, $3, $4, $5, 'sha')`,
      [freezeId, id, f.value, f.display, f.status ?? (f.value === null ? 'not_computable' : 'match')],
    );
  }
  return freezeId;
}

// 2023 as run 2 computed it and as freeze 2 (the latest) published it.
const Y2023: Record<string, Figure> = {
  'hotline.on_time_rate': { value: 98.06, display: '98.1%' },
  'complaints.appeal_rate_change': { value: -0.41, display: '-0.41pp' },
  'audit.reviewed': { value: 452_000, display: '45.2万件' },
  'hr.headcount': { value: 520, display: '520人' },
  'survey.accuracy': { value: null, display: null },
};
// 2024 as its run computed it.
const Y2024: Record<string, Figure> = {
  'hotline.on_time_rate': { value: 98.44, display: '98.4%', status: 'match', published: { value: 98.4, unit: '%', comparator: '=', precision: 1 } },
  'complaints.appeal_rate_change': { value: 0.25, display: '0.25pp' },
  'audit.reviewed': { value: 497_200, display: '49.7万件' },
  'hr.headcount': { value: 507, display: '507人' },
  'survey.accuracy': { value: 100, display: '100.0%' },
  'training.sessions': { value: 29, display: '29次' },
  'hotline.first_contact_rate': { value: 90, display: '90.0%' },
};
// By hand, 2024 against 2023:
//   on_time_rate      98.44 − 98.06 = 0.38 pp                → +0.4pp (a rate: no relative change)
//   appeal_rate_change 0.25 − (−0.41) = 0.66 pp               → +0.66pp
//   audit.reviewed    497,200 − 452,000 = 45,200 件 = 4.52万件 → +4.5万件, 45,200 / 452,000 = 10 %
//   hr.headcount      507 − 520 = −13 人, −13 / 520 = −2.5 %  → -13人 (-2.5%)
//   training.sessions 29 − 30 (run 3 of 2023, not frozen) = −1, −1 / 30 = −3.33 % → -1次 (-3.3%)
//   survey.accuracy   not computable in 2023                  → —
//   first_contact_rate no 2023 value at all                    → new in 2024
const CHANGES: Record<string, string> = {
  'hotline.on_time_rate': '+0.4pp',
  'complaints.appeal_rate_change': '+0.66pp',
  'audit.reviewed': '+4.5万件 (+10.0%)',
  'hr.headcount': '-13人 (-2.5%)',
  'training.sessions': '-1次 (-3.3%)',
  'survey.accuracy': '—',
  'hotline.first_contact_rate': 'new in 2024',
};

describe('the change between two years', () => {
  const origin = { kind: 'run' as const, id: 1, at: '2024-01-01' };
  const was = (value: number | null): YearValue => ({ value, display: null, status: 'match', origin });
  const rate: DisplayFormat = { baseUnit: '%', unit: '%', precision: 1 };
  const count: DisplayFormat = { baseUnit: '件', unit: '万件', precision: 1 };

  it('is in percentage points for a rate, and a difference with a relative change otherwise', () => {
    expect(changeOf(98.44, was(98.06), rate, 2024)).toMatchObject({ kind: 'change', relative: null, text: '+0.4pp' });
    expect(changeOf(98.44, was(98.06), rate, 2024).difference).toBeCloseTo(0.38, 12);
    expect(changeOf(97.0, was(98.06), rate, 2024).text).toBe('-1.1pp');
    expect(changeOf(497_200, was(452_000), count, 2024)).toMatchObject({ kind: 'change', difference: 45_200, text: '+4.5万件 (+10.0%)' });
    expect(changeOf(497_200, was(452_000), count, 2024).relative).toBeCloseTo(10, 12);
    expect(changeOf(3, was(-2), { baseUnit: '件', unit: '件', precision: 0 }, 2024).text).toBe('+5件 (+250.0%)');
  });

  it('rounds as the display does, gives no sign to a change that rounds to 0, and no relative change from 0', () => {
    expect(changeOf(98.44, was(98.42), rate, 2024).text).toBe('0.0pp');
    expect(changeOf(12, was(0), { baseUnit: '次', unit: '次', precision: 0 }, 2024)).toMatchObject({ text: '+12次', relative: null });
    expect(changeOf(-0.165, was(0), { baseUnit: 'pp', unit: 'pp', precision: 2 }, 2024).text).toBe('-0.17pp');
  });

  it('is “—” when either year has no value, and says a figure is new when the earlier year lacks it', () => {
    expect(changeOf(null, was(98), rate, 2024)).toEqual({ kind: 'not_computable', difference: null, relative: null, text: '—' });
    expect(changeOf(98, was(null), rate, 2024)).toEqual({ kind: 'not_computable', difference: null, relative: null, text: '—' });
    expect(changeOf(98, undefined, rate, 2024)).toEqual({ kind: 'new', difference: null, relative: null, text: 'new in 2024' });
  });

  it('is no comparison at all when the earlier year has no value', () => {
    expect(compareYears(2024, [{ id: 'a.b', value: 1, format: rate }], 2023, {})).toBeNull();
  });
});

describe.each(WAREHOUSE_KINDS)('years side by side on %s', (kind) => {
  let t: TestWarehouse;
  let wh: Warehouse;
  let env: NodeJS.ProcessEnv;
  const ids = { run2022: 0, run2023: 0, run2023later: 0, freezeOld: 0, freeze: 0, run2024: 0 };
  let report: RunReport;
  let out: string;

  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    env = etlEnvFor(t.config);
    wh = await openWarehouse(t.config);
    await migrate(wh);
    ids.run2022 = await insertRun(wh, 2022, { 'hotline.on_time_rate': { value: 97.2, display: '97.2%' }, 'hr.headcount': { value: 500, display: '500人' } });
    ids.run2023 = await insertRun(wh, 2023, Y2023);
    ids.freezeOld = await insertFreeze(wh, 2023, ids.run2023, '2026-02-01 12:00:00+00', { ...Y2023, 'hotline.on_time_rate': { value: 97, display: '97.0%' } });
    ids.freeze = await insertFreeze(wh, 2023, ids.run2023, '2026-03-01 12:00:00+00', Y2023);
    // A later run of 2023 changes two frozen figures (the freeze still rules) and adds one the freeze lacks.
    ids.run2023later = await insertRun(wh, 2023, { ...Y2023, 'hotline.on_time_rate': { value: 99, display: '99.0%' }, 'hr.headcount': { value: 530, display: '530人' }, 'training.sessions': { value: 30, display: '30次' } });
    // A real run of 2024 (no exports: every figure not computable) gathers 2023 beside it.
    const empty = tempDir('etl-compare-input-');
    report = await runPipeline(wh, { sources, year: 2024, inputDir: empty, piiKey: SAMPLE_PII_KEY, publishedFile: undefined });
    for (const f of report.figures) {
      const v = Y2024[f.id];
      if (v) Object.assign(f, { value: v.value, display: v.display, status: v.status ?? 'unpublished', published: v.published ?? null, reason: null });
    }
    out = tempDir('etl-compare-out-');
    await writeOutputs(report, out);
    ids.run2024 = await insertRun(wh, 2024, Y2024);
    // The embedded warehouse lets one process in at a time: the `etl` below opens it itself.
    await wh.close();
  }, 300_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('takes a year’s values from its latest freeze, else from its latest run that has the figure, and says which', async () => {
    const w = await openWarehouse(t.config);
    try {
      const y2023 = await figureValuesOfYear(w, 2023);
      expect(Object.keys(y2023)).toEqual([...Object.keys(Y2023), 'training.sessions'].sort());
      expect(y2023['hotline.on_time_rate']).toMatchObject({ value: 98.06, display: '98.1%', status: 'match', origin: { kind: 'freeze', id: ids.freeze } });
      expect(y2023['hotline.on_time_rate'].origin.at).toMatch(/^2026-03-01 /);
      expect(y2023['hr.headcount']).toMatchObject({ value: 520, origin: { kind: 'freeze', id: ids.freeze } });
      expect(y2023['survey.accuracy']).toMatchObject({ value: null, display: null, status: 'not_computable', origin: { kind: 'freeze' } });
      expect(y2023['training.sessions']).toMatchObject({ value: 30, display: '30次', status: 'unpublished', origin: { kind: 'run', id: ids.run2023later } });
      const y2022 = await figureValuesOfYear(w, 2022);
      expect(y2022).toEqual({
        'hotline.on_time_rate': { value: 97.2, display: '97.2%', status: 'unpublished', origin: { kind: 'run', id: ids.run2022, at: expect.any(String) } },
        'hr.headcount': { value: 500, display: '500人', status: 'unpublished', origin: { kind: 'run', id: ids.run2022, at: expect.any(String) } },
      });
      expect(await figureValuesOfYear(w, 2021)).toEqual({});
    } finally {
      await w.close();
    }
  });

  it('a run gathers the year before beside it, and the report model carries the comparison only when that year has a value', () => {
    expect(report.audit?.priorYear?.year).toBe(2023);
    expect(Object.keys(report.audit!.priorYear!.figures)).toHaveLength(6);
    const model = buildReportModel(report);
    expect(model.compare).toMatchObject({ year: 2023, origin: { kind: 'freeze', id: ids.freeze }, heading: `2023 (frozen 2026-03-01, freeze ${ids.freeze})` });
    expect(Object.keys(model.compare!.figures).sort()).toEqual(report.figures.map((f) => f.id).sort());
    expect(model.compare!.figures['hr.headcount']).toMatchObject({ earlier: { value: 520 }, text: '520人', change: { kind: 'change', difference: -13, text: '-13人 (-2.5%)' } });
    // A year before whose runs computed nothing, or no year before: no column.
    const nothing = { 'hr.headcount': { value: null, display: null, status: 'not_computable', origin: { kind: 'run' as const, id: 1, at: '2024-01-01' } } };
    expect(buildReportModel({ ...report, audit: { ...report.audit!, priorYear: { year: 2023, figures: nothing } } }).compare).toBeNull();
    expect(buildReportModel({ ...report, audit: { ...report.audit!, priorYear: null } }).compare).toBeNull();
  });

  it('report.md and report.html show the year before beside each figure, with the change', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const heading = `2023 (frozen 2026-03-01, freeze ${ids.freeze})`;
    expect(md).toContain('Beside each figure, its 2023 value: from the latest freeze of 2023, else from the latest run of 2023 that has the figure');
    expect(md).toContain(`| figure | label | ${heading} | computed 2024 | change | published | verdict |`);
    expect(md).toContain('| [hotline.on_time_rate](#fig-hotline-on_time_rate) | 工单处理及时率 | 98.1% | 98.4% | +0.4pp | = 98.4% | 一致 match |');
    expect(md).toContain('| 申诉工单率环比变化 | -0.41pp | 0.25pp | +0.66pp |');
    expect(md).toContain('| 审核工单量 | 45.2万件 | 49.7万件 | +4.5万件 (+10.0%) |');
    expect(md).toContain('| 正式员工人数 | 520人 | 507人 | -13人 (-2.5%) |');
    expect(md).toContain(`| 专业培训班次数 | 30次 (run ${ids.run2023later}) | 29次 | -1次 (-3.3%) |`);
    expect(md).toMatch(/\[survey\.accuracy\]\(#fig-survey-accuracy\) \| [^|]+ \| — \| 100\.0% \| — \|/);
    expect(md).toMatch(/\[hotline\.first_contact_rate\]\(#fig-hotline-first_contact_rate\) \| [^|]+ \| — \| 90\.0% \| new in 2024 \|/);
    // A figure not computable in 2024 and absent from 2023.
    expect(md).toMatch(/\[hr\.contract_rate\]\(#fig-hr-contract_rate\) \| [^|]+ \| — \| — [^|]* \| new in 2024 \|/);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`<th>${heading}</th><th>computed 2024</th><th>change</th><th>published</th><th>verdict</th>`);
    expect(html).toContain('<a href="#fig-hotline-on_time_rate">hotline.on_time_rate</a></td><td>工单处理及时率</td><td>98.1%</td><td>98.4%</td><td>+0.4pp</td><td>= 98.4%</td><td><span class="match">');
    expect(html).toContain(`<td>专业培训班次数</td><td>30次 (run ${ids.run2023later})</td><td>29次</td><td>-1次 (-3.3%)</td>`);
  });

  it('figures.xlsx has the year before and the change beside the computed value, and the unrounded numbers at the end', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'figures.xlsx'));
    const sheet = wb.getWorksheet('数据 Figures')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '章节 Section', '指标 Figure', '名称 Label', `上年 2023 (frozen 2026-03-01, freeze ${ids.freeze})`, '计算值 Computed 2024', '变化 Change', '发布值 Published', '核对 Verdict',
      '原值 Value', '单位 Unit', '分子 Numerator', '分母 Denominator', '说明 Reason', '2023 原值 Value', '2023 来源 Origin', '差值 Difference', '变化率 Relative %',
    ]);
    const row = (id: string) => (sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(2).value === id)!.values as unknown[]).slice(1);
    const reviewed = row('audit.reviewed');
    expect(reviewed.slice(3, 6)).toEqual(['45.2万件', '49.7万件', '+4.5万件 (+10.0%)']);
    expect(reviewed.slice(13, 15)).toEqual([452_000, `frozen 2026-03-01, freeze ${ids.freeze}`]);
    expect(reviewed[15]).toBe(45_200);
    expect(reviewed[16]).toBeCloseTo(10, 9);
    const onTime = row('hotline.on_time_rate');
    expect(onTime.slice(3, 6)).toEqual(['98.1%', '98.4%', '+0.4pp']);
    expect(onTime[15]).toBeCloseTo(0.38, 9);
    expect(onTime[16] ?? null).toBeNull();
    const sessions = row('training.sessions');
    expect(sessions[14]).toBe(`run ${ids.run2023later}`);
    expect(row('hotline.first_contact_rate')[5]).toBe('new in 2024');
  });

  it('etl figures --compare prints both years and the change, and adds them to --json', async () => {
    const r = await etl(['figures', '--year', '2024', '--compare', '2023'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`run ${ids.run2024}, 2024, beside 2023 (frozen 2026-03-01, freeze ${ids.freeze})`);
    const line = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `))!.split(/ {2,}/);
    expect(line('hotline.on_time_rate')).toEqual(['hotline.on_time_rate', '工单处理及时率', '98.1%', '98.4%', '+0.4pp', '= 98.4%', 'match']);
    for (const [id, change] of Object.entries(CHANGES)) expect(line(id), id).toContain(change);
    expect(line('training.sessions')).toContain(`30次 (run ${ids.run2023later})`);

    const json = await etl(['figures', '--year', '2024', '--compare', '2023', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as { figure_id: string; compare: unknown; change: { text: string } }[];
    expect(rows.map((x) => x.figure_id)).toEqual(Object.keys(Y2024).sort());
    const reviewed = rows.find((x) => x.figure_id === 'audit.reviewed')!;
    expect(reviewed).toMatchObject({
      value: 497_200,
      compare: { year: 2023, value: 452_000, display: '45.2万件', status: 'match', origin: { kind: 'freeze', id: ids.freeze } },
      change: { kind: 'change', difference: 45_200, text: '+4.5万件 (+10.0%)' },
    });
    expect(rows.find((x) => x.figure_id === 'hotline.first_contact_rate')).toMatchObject({ compare: null, change: { kind: 'new', text: 'new in 2024' } });
    for (const x of rows) expect(x.change.text, x.figure_id).toBe(CHANGES[x.figure_id]);

    // Against 2022 (runs only): 98.44 − 97.2 = 1.24 → +1.2pp; 507 − 500 = 7, 7 / 500 = 1.4 %.
    const older = await etl(['figures', '--year', '2024', '--compare', '2022'], env);
    expect(older.code, older.stderr).toBe(0);
    expect(older.stdout).toContain(`beside 2022 (run ${ids.run2022})`);
    expect(older.stdout).toMatch(/^hotline\.on_time_rate +工单处理及时率 +97\.2% +98\.4% +\+1\.2pp /m);
    expect(older.stdout).toMatch(/^hr\.headcount +\S+ +500人 +507人 +\+7人 \(\+1\.4%\) /m);

    const plain = await etl(['figures', '--year', '2024', '--json'], env);
    expect(Object.keys(JSON.parse(plain.stdout)[0])).not.toContain('compare');
  });

  it('etl figures --compare refuses a year not before --year, and a year without a run', async () => {
    for (const year of ['2024', '2025']) {
      const r = await etl(['figures', '--year', '2024', '--compare', year], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`etl: --compare ${year} is not a year before 2024: a year is compared with an earlier one`);
      expect(r.stdout).toBe('');
    }
    const none = await etl(['figures', '--year', '2024', '--compare', '2021'], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^no run for 2021 in .+: nothing to compare 2024 with; run `etl run --year 2021 --input DIR` first\n$/);
    expect(none.stdout).toBe('');
  });
});
