import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { removeSamples, runSamples, TICKET_2023, TICKETS_2023, writeSmallSamples, type SampleRun } from './support/sample-run.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

/** The ```sql blocks of the section "Querying the warehouse" of docs/warehouse.md, in order. */
function docQueries(): string[] {
  const doc = readFileSync(join(projectRoot(), 'docs', 'warehouse.md'), 'utf8');
  const start = doc.indexOf('\n## Querying the warehouse\n');
  if (start < 0) throw new Error('docs/warehouse.md has no section "Querying the warehouse"');
  const end = doc.indexOf('\n## ', start + 1);
  const section = doc.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1].trim());
}

const queries = docQueries();
type Row = Record<string, unknown>;

let input: string;
beforeAll(async () => {
  input = await writeSmallSamples();
});
afterAll(() => removeSamples(input));

it('the section "Querying the warehouse" of docs/warehouse.md gives five example queries', () => {
  expect(queries).toHaveLength(5);
  for (const q of queries) expect(q).toMatch(/^-- \d\. .+\nselect /);
});

describe.each(WAREHOUSE_KINDS)('the example queries of docs/warehouse.md on %s', (kind) => {
  let run: SampleRun;
  const query = async (i: number) => (await run.wh.query<Row>(queries[i])).rows;
  const figure = (id: string) => run.report.figures.find((f) => f.id === id)!;
  beforeAll(async () => {
    run = await runSamples(kind, input);
  });
  afterAll(async () => run?.dispose());

  it('1. gives the twelve monthly on-time rates of 10005, which add up to the figure', async () => {
    const rows = await query(0);
    expect(rows.map((r) => r.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2023-${String(i + 1).padStart(2, '0')}-01`));
    const onTime = figure('hotline.on_time_rate');
    expect(rows.reduce((s, r) => s + Number(r.on_time), 0)).toBe(onTime.numerator);
    expect(rows.reduce((s, r) => s + Number(r.closed), 0)).toBe(onTime.denominator);
    for (const r of rows) expect(r.on_time_rate).toBeCloseTo(Math.round((1000 * Number(r.on_time)) / Number(r.closed)) / 10, 9);
  });

  it('2. gives the average score per province and quarter of the 公众综合 survey', async () => {
    const rows = await query(1);
    expect(rows.length).toBeGreaterThan(4);
    expect(new Set(rows.map((r) => `${r.province} ${r.quarter}`)).size).toBe(rows.length);
    const { rows: direct } = await run.wh.query<{ n: number }>(
      "select count(*) as n from satisfaction_samples where survey = '公众综合' and status = '成功' and survey_date between '2023-01-01' and '2023-12-31'",
    );
    expect(rows.reduce((s, r) => s + Number(r.successful_samples), 0)).toBe(direct[0].n);
    for (const r of rows) expect(Number(r.average_score)).toBeGreaterThanOrEqual(0);
  });

  it('3. ranks the five provinces with the highest 企业有责 share', async () => {
    const rows = await query(2);
    expect(rows).toHaveLength(5);
    const rates = rows.map((r) => Number(r.responsible_rate));
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    const { rows: top } = await run.wh.query<{ rate: number }>(
      "select round(100.0 * count(*) filter (where verdict = '企业有责') / count(*), 1) as rate from ticket_audits where province = $1 and extract(year from audit_date) = 2023",
      [rows[0].province],
    );
    expect(rates[0]).toBe(top[0].rate);
  });

  it('4. gives the monthly 15-second answer rates of 10000, which add up to the figure', async () => {
    const rows = await query(3);
    expect(rows).toHaveLength(12);
    const rate = figure('calls.answer_15s_rate');
    expect(rows.reduce((s, r) => s + Number(r.answered_within_15s), 0)).toBe(rate.numerator);
    expect(rows.reduce((s, r) => s + Number(r.queued_calls), 0)).toBe(rate.denominator);
  });

  it('5. traces a ticket to its file, row, SHA-256 and run', async () => {
    const file = join(input, TICKETS_2023);
    const line = readFileSync(file).toString('latin1').split('\n').findIndex((l) => l.startsWith(TICKET_2023)) + 1;
    expect(await query(4)).toEqual([
      { ticket_id: TICKET_2023, file: TICKETS_2023, row: line, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), run_id: run.report.runId },
    ]);
  });
});
