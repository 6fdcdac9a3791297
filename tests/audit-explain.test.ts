import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import { loadCatalog } from '../src/figures/catalog.js';
import { parse } from 'csv-parse/sync';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { sources } from '../pipelines/index.js';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { removeSamples, SAMPLE_PII_KEY, samplePublished, writeSmallSamples } from './support/sample-run.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const TICKET_FILES = ['客服热线/10005热线工单明细_2022.csv', '客服热线/10005热线工单明细_2023.csv'];
// A phone number in clear text: 11 digits starting 13–19, not part of a longer number or id.
const PHONE = /(?<![\dA-Za-z])1[3-9]\d{9}(?!\d)/;

let input: string;
beforeAll(async () => {
  input = await writeSmallSamples();
});
afterAll(() => removeSamples(input));

describe.each(WAREHOUSE_KINDS)('etl explain on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let onTime: { numerator: number; denominator: number; display: string };
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    env = etlEnvFor(t.config);
    const out = tempDir('etl-out-');
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', out, '--published', samplePublished(input)], env);
    expect(r.code, r.stderr).toBe(0);
    onTime = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8')).figures.find((f: { id: string }) => f.id === 'hotline.on_time_rate');
  });
  afterAll(async () => t?.dispose());

  it('shows the definition, the SQL and its SHA-256, each ticket file with its SHA-256, and 5 contributing rows per part', async () => {
    const r = await etl(['explain', 'hotline.on_time_rate', '--year', '2023', '--rows', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    const figure = loadCatalog(2023).find((f) => f.id === 'hotline.on_time_rate')!;
    expect(out).toMatch(/^hotline\.on_time_rate {2}工单处理及时率 {2}— {2}2023, run \d+ \(succeeded, started /);
    expect(out).toContain('Definition   hotline 10005 tickets with closed_at in Y: closed_at <= deadline / all of them');
    expect(out).toContain(`Value        98.4% = `);
    expect(out).toContain(`numerator ${onTime.numerator.toLocaleString('en-US')}   denominator ${onTime.denominator.toLocaleString('en-US')}   match (published = 98.4%)`);
    expect(out).toContain('Parameters   year = 2023');
    expect(out).toMatch(/Code {9}0\.1\.0, git \S+/);
    expect(out).toContain(`SQL          sql/figures/hotline.on_time_rate.sql   SHA-256 ${figure.sha256}`);
    expect(out).toContain('    |     count(*) filter (where closed_at <= deadline) as numerator,');
    for (const file of TICKET_FILES) expect(out).toMatch(new RegExp(`hotline_tickets +${file} +${sha256(join(input, file))} +[\\d,]+ +\\d+ +[\\d,]+ +[\\d,]+`));
    expect(out).toContain(`the contributing rows add up to: numerator ${onTime.numerator.toLocaleString('en-US')} = recorded, denominator ${onTime.denominator.toLocaleString('en-US')} = recorded`);
    for (const part of ['numerator', 'denominator']) {
      const total = (part === 'numerator' ? onTime.numerator : onTime.denominator).toLocaleString('en-US');
      const start = out.indexOf(`Contributing rows of the ${part}: first 5 of ${total} (by file and row`);
      expect(start, part).toBeGreaterThan(0);
      const lines = out.slice(start).split('\n').slice(3, 8);
      for (const line of lines) expect(line).toMatch(/^客服热线\/10005热线工单明细_202[23]\.csv +\d+ +1 +W\d{14} +\S+ +2023-\d\d-\d\d \d\d:\d\d:\d\d +/);
    }
    expect(out).not.toMatch(PHONE);
    expect(out).not.toMatch(/[0-9a-f]{64}\s+\d{4}-/); // no phone hash among the row columns
  });

  it('writes every contributing row to a CSV file with --csv', async () => {
    const file = join(tempDir('etl-rows-'), 'on-time.csv');
    const r = await etl(['explain', 'hotline.on_time_rate', '--year', '2023', '--csv', file], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${(onTime.numerator + onTime.denominator).toLocaleString('en-US')} contributing rows written to ${file}`);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('part,source,file,sheet,row,contribution,ticket_id,province,closed_at,deadline,month');
    expect(lines).toHaveLength(1 + onTime.numerator + onTime.denominator);
    expect(lines.filter((l) => l.startsWith('numerator,hotline_tickets,客服热线/10005热线工单明细_'))).toHaveLength(onTime.numerator);
    expect(lines[1]).toMatch(/^denominator,hotline_tickets,客服热线\/10005热线工单明细_2022\.csv,,\d+,1,W\d{14},/);
  });

  it('names the sheet of rows that come from a workbook', async () => {
    const r = await etl(['explain', 'audit.reviewed', '--year', '2023', '--rows', '2'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Contributing rows of the value: first 2 of [\d,]+/);
    expect(r.stdout).toMatch(/\n质量管理部\/工单审核\/工单审核_2023-01\.xlsx +审核明细 +\d+ +1 +\S+/);
  });

  it('says what is wrong for an unknown figure or a year without a run', async () => {
    const unknown = await etl(['explain', 'hotline.nope', '--year', '2023'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('etl: there is no figure hotline.nope; `etl figures --year 2023` lists them\n');
    const noRun = await etl(['explain', 'hotline.on_time_rate', '--year', '2021'], env);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toMatch(/^etl: no run for 2021 in .*; run `etl run --year 2021 --input DIR` first\n$/);
  });
});

describe.each(WAREHOUSE_KINDS)('etl explain of rows from a hostile file on %s', (kind) => {
  // An ESC colour, an OSC that retitles the terminal (ended by BEL) and a bidi override.
  const HOSTILE = '\x1b[31m红\x1b]0;pwn\x07\u202e';
  const SHOWN = '\\x1b[31m红\\x1b]0;pwn\\x07\\u202e';
  const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  const MASKED = /回访客户hmac:[0-9a-f]{16}(?![0-9a-f])/;
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let report: RunReport;
  beforeAll(async () => {
    const input = tempDir();
    writeCsv(input, `党建/活动台账_2023${HOSTILE}.csv`, [
      ['活动编号', '日期', '活动类型', '主题'],
      ['A1', '2023-03-01', '专题学习', '回访客户138.0013.8000'],
      ['A2', '2023-03-02', '专题学习', '=HYPERLINK("http://x")'],
      ['A3', '2023-03-03', '专题学习', `标题${HOSTILE}`],
    ]);
    t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY });
    } finally {
      await wh.close();
    }
    env = etlEnvFor(t.config);
  });
  afterAll(async () => t?.dispose());

  it('shows control and bidi characters of file names and values as escapes, never raw', async () => {
    const r = await etl(['explain', 'party.study_sessions', '--year', '2023', '--rows', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(r.stdout).toMatch(new RegExp(`^activities +党建/活动台账_2023${SHOWN.replace(/[\\[\]]/g, '\\$&')}\\.csv +[0-9a-f]{64} +3 `, 'm'));
    expect(r.stdout).toContain(`标题${SHOWN}`);
  });

  it('masks a phone number in loaded free text in every row it shows, as text and in --csv', async () => {
    const r = await etl(['explain', 'party.study_sessions', '--year', '2023', '--rows', '5'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('138.0013.8000');
    expect(r.stdout).toMatch(MASKED);
    const file = join(tempDir('etl-rows-'), 'rows.csv');
    expect((await etl(['explain', 'party.study_sessions', '--year', '2023', '--csv', file], env)).code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('138.0013.8000');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.activity_id)).toEqual(['A1', 'A2', 'A3']);
    expect(rows[0].title).toMatch(MASKED);
    // The rows the run's outputs show (figures.xlsx, report.html) are masked with the run's key.
    const shown = report.audit!.rows['party.study_sessions'].map((row) => row.columns.title);
    expect(shown).toHaveLength(3);
    expect(String(shown[0])).toMatch(MASKED);
    expect(JSON.stringify(report.audit!.rows)).not.toContain('138.0013.8000');
  });

  it('writes a formula-like cell to --csv with a quote in front, so a spreadsheet never runs it', async () => {
    const file = join(tempDir('etl-rows-'), 'rows.csv');
    expect((await etl(['explain', 'party.study_sessions', '--year', '2023', '--csv', file], env)).code).toBe(0);
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows[1].title).toBe(`'=HYPERLINK("http://x")`);
    for (const row of rows) for (const v of Object.values(row)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });
});
