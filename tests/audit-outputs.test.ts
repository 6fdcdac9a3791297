import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freezeYear } from '../src/audit/freeze.js';
import { loadCatalog } from '../src/figures/catalog.js';
import { FIRST_ROWS } from '../src/audit/run-audit.js';
import { openWarehouse } from '../src/db/open.js';
import { inTransaction, type Warehouse } from '../src/db/warehouse.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { writeOutputs } from '../src/report/write-outputs.js';
import { runSummary } from '../src/cli/summary.js';
import { tempDir } from './support/fixtures.js';
import { dropLine, removeSamples, SAMPLE_PII_KEY, samplePublished, TICKET_2023, TICKETS_2023, writeSmallSamples } from './support/sample-run.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let original: string;
beforeAll(async () => {
  original = await writeSmallSamples();
});
afterAll(() => removeSamples(original));

describe.each(WAREHOUSE_KINDS)('freezing, restatements and the auditor’s outputs on %s', (kind) => {
  let t: TestWarehouse;
  let wh: Warehouse;
  let input: string;
  let first: RunReport;
  const run = () => runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY, publishedFile: samplePublished(original) });
  beforeAll(async () => {
    input = join(tempDir('etl-freeze-'), '2023');
    cpSync(original, input, { recursive: true });
    t = await createTestWarehouse(kind);
    wh = await openWarehouse(t.config);
    first = await run();
  });
  afterAll(async () => {
    await wh?.close();
    await t?.dispose();
    if (input) removeSamples(input);
  });

  it('a run before any freeze reports no restatement, and figures.json keeps its keys', async () => {
    expect(first.audit).toMatchObject({ frozen: null, restatements: [], problems: [] });
    const out = tempDir('etl-out-');
    await writeOutputs(first, out);
    const json = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(['year', 'run_id', 'published_file', 'figures', 'frozen', 'restatements']);
    expect(Object.keys(json.figures[0])).toEqual(['id', 'label', 'value', 'unit', 'display', 'numerator', 'denominator', 'published', 'status', 'reason', 'definition', 'sql', 'sql_sha256', 'parameters', 'inputs']);
    expect(json).toMatchObject({ frozen: null, restatements: [] });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).not.toContain('## Restatements');
  });

  it('report.html draws each figure’s lineage and the monthly series, and figures.xlsx lists the first 20 contributing rows', async () => {
    const out = tempDir('etl-out-');
    await writeOutputs(first, out);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg class="lineage"/g)).toHaveLength(loadCatalog(2023).length);
    const section = html.slice(html.indexOf('<section id="fig-hotline-on_time_rate">'), html.indexOf('</section>', html.indexOf('<section id="fig-hotline-on_time_rate">')));
    expect(section).toContain('<svg class="lineage" role="img" aria-label="lineage of hotline.on_time_rate"');
    expect(section).toContain(`<title>${TICKETS_2023}\nSHA-256 ${sha256(join(input, TICKETS_2023))}\n`);
    expect(section.match(/<circle /g)).toHaveLength(12);
    expect(section).toContain('monthly on-time rate of 10005 tickets');
    for (const id of ['audit.monthly_responsible_rate', 'hotline.first_contact_rate']) {
      expect(first.audit!.series[id].map((p) => p.month)).toHaveLength(12);
    }
    expect(first.audit!.series['audit.monthly_responsible_rate'].reduce((s, p) => s + p.value!, 0) / 12).toBeCloseTo(first.figures.find((f) => f.id === 'audit.monthly_responsible_rate')!.value!, 9);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'figures.xlsx'));
    const sheet = wb.getWorksheet('推导 Derivations')!;
    const rows = sheet.getRows(2, sheet.rowCount - 1)!.filter((r) => r.getCell(1).value === 'hotline.on_time_rate');
    expect(rows).toHaveLength(1 + FIRST_ROWS);
    expect(rows[0].getCell(4).value).toContain('closed_in_year');
    const contributing = rows.slice(1).map((r) => [r.getCell(7).value, r.getCell(8).value, r.getCell(10).value]);
    expect(contributing.filter(([part]) => part === 'numerator')).toHaveLength(FIRST_ROWS / 2);
    expect(contributing.filter(([part]) => part === 'denominator')).toHaveLength(FIRST_ROWS / 2);
    for (const [, file, row] of contributing) {
      expect(file).toMatch(/^客服热线\/10005热线工单明细_202[23]\.csv$/);
      expect(row).toBeGreaterThan(1);
    }
    expect(String(rows[1].getCell(12).value)).toMatch(/^ticket_id=W\d+; province=\S+; closed_at=2023-/);
  });

  it('after a freeze, a run on a changed file reports each changed figure with the file that differs', async () => {
    const freeze = await inTransaction(wh, () => freezeYear(wh, 2023));
    expect(freeze).toMatchObject({ runId: first.runId, figures: loadCatalog(2023).length });
    const unchanged = await run();
    expect(unchanged.audit).toMatchObject({ frozen: { freezeId: freeze.freezeId, runId: first.runId }, restatements: [] });

    const before = sha256(join(input, TICKETS_2023));
    dropLine(join(input, TICKETS_2023), TICKET_2023);
    const after = sha256(join(input, TICKETS_2023));
    const changed = await run();
    const restated = changed.audit!.restatements;
    const onTime = restated.find((r) => r.figureId === 'hotline.on_time_rate')!;
    const was = first.figures.find((f) => f.id === 'hotline.on_time_rate')!;
    expect(onTime).toMatchObject({
      label: '工单处理及时率',
      frozen: { value: was.value, numerator: was.numerator, denominator: was.denominator, display: was.display, status: 'match' },
      now: { numerator: was.numerator! - 1, denominator: was.denominator! - 1 },
      sqlChanged: false,
      files: [{ source: 'hotline_tickets', file: TICKETS_2023, frozenSha256: before, sha256: after }],
    });
    expect(restated.map((r) => r.figureId)).toEqual(expect.arrayContaining(['hotline.first_contact_rate', 'hotline.handle_time_cut']));
    expect(restated.map((r) => r.figureId)).not.toContain('survey.accuracy');

    const out = tempDir('etl-out-');
    await writeOutputs(changed, out);
    const json = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
    expect(json.frozen).toMatchObject({ freeze_id: freeze.freezeId, run_id: first.runId });
    expect(json.restatements.find((r: { id: string }) => r.id === 'hotline.on_time_rate')).toMatchObject({
      frozen: { numerator: was.numerator },
      now: { numerator: was.numerator! - 1 },
      sql_changed: false,
      files: [{ source: 'hotline_tickets', file: TICKETS_2023, frozen_sha256: before, sha256: after }],
    });
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain(`## Restatements\n\nThe figures of 2023 were frozen as published on`);
    expect(md).toContain(`(freeze ${freeze.freezeId}, run ${first.runId}). ${restated.length} figures changed since: restated below.`);
    expect(md).toMatch(new RegExp(`\\| hotline\\.on_time_rate \\| 工单处理及时率 \\| ${was.display!.replace('.', '\\.')} \\([\\d.]+\\) \\| [\\d.]+% \\([\\d.]+\\) \\| ${TICKETS_2023}: ${before.slice(0, 12)} → ${after.slice(0, 12)} \\|`));
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<h2 id="restatements">Restatements</h2>');
    expect(runSummary(changed, [], 1)).toContain(`  RESTATED  hotline.on_time_rate: ${was.display} when frozen, now ${onTime.now.display} (1 input file differs)`);
    expect(html).toContain(`<tr class="restated"><td>hotline.on_time_rate</td><td>工单处理及时率</td>`);
  });
});
