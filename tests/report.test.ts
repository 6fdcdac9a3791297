import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { writeOutputs } from '../src/report/write-outputs.js';
import { coveringSamples, tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

// The outputs depend only on the run's report, not on the warehouse kind; one embedded run serves.
let report: RunReport;
let out: string;
beforeAll(async () => {
  const input = tempDir();
  writeCsv(input, '满意度/测评样本_2023.csv', [
    ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
    ['S1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'],
    ['S2', '即时测评', '湖南省', '热线投诉', '2023-05-02', '成功', '8', '是', '是'],
    ['S3', '即时测评', '火星', '热线投诉', '2023-05-02', '成功', '8', '是', '是'],
    ['S4', '即时测评', '湖南', '热线投诉', '2023-05-02', '成功', '11', '否', ''],
    ...coveringSamples(),
  ]);
  writeCsv(input, 'legacy.xls', [['x']]);
  const t = await createTestWarehouse('pglite');
  const wh = await openWarehouse(t.config);
  try {
    report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
  } finally {
    await wh.close();
    await t.dispose();
  }
  out = tempDir('etl-out-');
  await writeOutputs(report, out);
});

describe('the outputs of a run', () => {
  it('report.html is one self-contained page with verdicts, the load summary and the rejects summary', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script|<link /);
    expect(html).toContain('<span class="match">一致 match</span>');
    expect(html).toMatch(/<a href="#fig-survey-instant_provinces">survey\.instant_provinces<\/a><\/td><td>[^<]+<\/td><td>2个<\/td><td>= 31个<\/td><td><span class="mismatch">/);
    expect(html).toContain('<section id="fig-survey-instant_provinces">');
    expect(html).toMatch(/<tr class="failed"><td>legacy\.xls<\/td>/);
    expect(html).toContain('满意度/测评样本_2023.csv</td><td></td><td>satisfaction_samples</td><td>loaded</td><td class="num">15</td><td class="num">13</td><td class="num">2</td><td class="num">0</td>');
    expect(html).toContain('is not one of the 31 provinces');
  });

  it('report.html draws the completeness calendar: rows per source and month, each gap and the figures it stops', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="completeness">Completeness of the exports</h2>');
    const row = (id: string) => html.split('\n').find((l) => l.startsWith(`<tr><td class="src" title="`) && l.includes(`>${id}<br><small>`))!;
    // One sample a month but two in May (S1, S2) in 2023; nothing in 2022, which no survey figure reads.
    const survey = row('satisfaction_samples');
    expect(survey.match(/<td class="(?:year )?ok" title="2023-\d\d: (\d+) rows">/g)).toHaveLength(12);
    expect(survey).toContain('title="2023-05: 2 rows">2</td>');
    expect(survey).toContain('<td class="state">every month of 2023 has rows</td>');
    const tickets = row('hotline_tickets');
    expect(tickets).toContain('<td class="state empty">no export of hotline_tickets (10005 热线工单明细) was loaded<small>stops ');
    expect(tickets).toContain('hotline.on_time_rate');
    expect(html).toMatch(/<li><code>hr\.headcount<\/code>: no export of hr_roster \(员工花名册\) was loaded \(hr\.headcount reads 2023\)<\/li>/);
  });

  it('report.md follows the report sections and gives every figure its derivation', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md.indexOf('### 一、基础信息')).toBeLessThan(md.indexOf('### 三、责任绩效 · 5 顾客与消费者权益'));
    expect(md).toContain('| [survey.accuracy](#fig-survey-accuracy) | ');
    expect(md).toContain('<a id="fig-survey-accuracy"></a>');
    expect(md).toMatch(/- Value: 100 % \(numerator 2, denominator 2\)/);
    expect(md).toMatch(/\| satisfaction_samples \| 满意度\/测评样本_2023\.csv \| `[0-9a-f]{64}` \| 13 \|/);
    expect(md).toMatch(/\| satisfaction_samples \| 满意度得分 \| must be at most N \| 1 \|/);
  });

  it('figures.xlsx has a sheet of figures and a sheet of derivations', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'figures.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数据 Figures', '推导 Derivations']);
    const figures = wb.worksheets[0];
    expect(figures.rowCount).toBe(report.figures.length + 1);
    const ids = figures.getColumn(2).values.slice(2);
    expect([...ids].sort()).toEqual(report.figures.map((f) => f.id).sort());
    const derivations = wb.worksheets[1];
    const accuracy = derivations.getRows(2, derivations.rowCount - 1)!.find((r) => r.getCell(1).value === 'survey.accuracy')!;
    expect(String(accuracy.getCell(4).value)).toContain('satisfaction_samples');
    expect(String(accuracy.getCell(6).value)).toMatch(/^satisfaction_samples, 满意度\/测评样本_2023\.csv, [0-9a-f]{64}, 13$/);
  });
});
