import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eachRowBatch, monthlySeries, partTotals, sampleRows, type ContributingRow } from '../src/audit/contributing-rows.js';
import { loadRowsDefinition } from '../src/audit/figure-rows.js';
import { loadCatalog, reportParameters } from '../src/figures/catalog.js';
import { momentaryPhoneHasher } from '../src/transform/pii.js';
import { removeSamples, runSamples, writeSmallSamples, type SampleRun } from './support/sample-run.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

// Figures whose value is not a sum of one part: they are recomputed from their rows below.
const RECOMPUTED = ['audit.monthly_responsible_rate', 'complaints.appeal_rate_change', 'hotline.handle_time_cut'];

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

let input: string;
beforeAll(async () => {
  input = await writeSmallSamples();
});
afterAll(() => removeSamples(input));

describe.each(WAREHOUSE_KINDS)('the contributing rows of every figure on %s', (kind) => {
  let run: SampleRun;
  const params = reportParameters(2023);
  beforeAll(async () => {
    run = await runSamples(kind, input);
  });
  afterAll(async () => run?.dispose());

  async function allRows(id: string): Promise<ContributingRow[]> {
    const rows: ContributingRow[] = [];
    await eachRowBatch(run.wh, loadRowsDefinition(id), params, run.report.runId, momentaryPhoneHasher(), (batch) => void rows.push(...batch), 700);
    return rows;
  }

  it('add up, part by part, to the numerator, denominator or value of every figure', async () => {
    const catalog = loadCatalog(2023);
    expect(catalog.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const figure of catalog) {
      const computed = run.report.figures.find((f) => f.id === figure.id)!;
      expect(computed.value, figure.id).not.toBeNull();
      const def = loadRowsDefinition(figure);
      const totals = await partTotals(run.wh, def, params);
      const sum = (part: string) => totals.filter((t) => t.part === part).reduce((s, t) => s + (t.total ?? 0), 0);
      if (computed.value !== 0) expect(totals.length, `${figure.id} has contributing rows`).toBeGreaterThan(0);
      if (RECOMPUTED.includes(figure.id)) continue;
      if (computed.numerator !== null) {
        expect(Object.keys(def.parts).sort(), figure.id).toEqual(['denominator', 'numerator']);
        if (!close(sum('numerator'), computed.numerator)) wrong.push(`${figure.id} numerator ${sum('numerator')} ≠ ${computed.numerator}`);
        if (!close(sum('denominator'), computed.denominator)) wrong.push(`${figure.id} denominator ${sum('denominator')} ≠ ${computed.denominator}`);
      } else if (!close(sum('value'), computed.value)) {
        wrong.push(`${figure.id} value ${sum('value')} ≠ ${computed.value}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('recompute the mean of monthly rates, the change of a share and the cut of an average', async () => {
    const value = (id: string) => run.report.figures.find((f) => f.id === id)!.value!;
    const months = await monthlySeries(run.wh, loadRowsDefinition('audit.monthly_responsible_rate'), params);
    expect(months.map((m) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}-01`));
    expect(mean(months.map((m) => m.value!))).toBeCloseTo(value('audit.monthly_responsible_rate'), 9);

    const tickets = await allRows('complaints.appeal_rate_change');
    const share = (month: string) => {
      const inMonth = tickets.filter((t) => t.columns.month === month);
      return (100 * inMonth.reduce((s, t) => s + t.contribution!, 0)) / inMonth.length;
    };
    expect(share('2023-07-01') - share('2023-06-01')).toBeCloseTo(value('complaints.appeal_rate_change'), 9);

    const closed = await allRows('hotline.handle_time_cut');
    const average = (year: number) => mean(closed.filter((t) => t.columns.closed_year === year).map((t) => t.contribution!));
    expect(average(2022) - average(2023)).toBeCloseTo(value('hotline.handle_time_cut'), 6);
  });

  it('name the file, sheet and row of each row, and the first rows come in file and row order', async () => {
    const rows = await sampleRows(run.wh, loadRowsDefinition('training.coverage'), params, 3, run.report.runId, momentaryPhoneHasher());
    expect(rows.map((r) => r.part)).toEqual(['numerator', 'numerator', 'numerator', 'denominator', 'denominator', 'denominator']);
    for (const r of rows) {
      expect(r.file).toBe('人力资源部/2023年员工花名册.xlsx');
      expect(r.sheet).not.toBeNull();
      expect(r.row).toBeGreaterThan(1);
      expect(Object.keys(r.columns)).toEqual(['employee_id', 'session_id']);
    }
    const audits = await sampleRows(run.wh, loadRowsDefinition('audit.reviewed'), params, 5, run.report.runId, momentaryPhoneHasher());
    const order = audits.map((r) => [r.fileId, r.row]);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    expect(audits[0].file).toMatch(/^质量管理部\/工单审核\/工单审核_2023-\d\d\.xlsx$/);
  });
});
