import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/figures/catalog.js';
import { projectRoot } from '../src/paths.js';
import { coveringSamples, tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

const run = promisify(execFile);
const bin = join(projectRoot(), 'bin', 'etl.js');

async function etl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, cwd: projectRoot() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(WAREHOUSE_KINDS)('the etl command on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  const input = tempDir();
  const out = tempDir('etl-out-');
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    env = t.config.databaseUrl
      ? { DATABASE_URL: t.config.databaseUrl, ETL_PII_KEY: 'cli-test-key-0123456789abcdef0123456789abcdef' }
      : { DATABASE_URL: '', ETL_WAREHOUSE_DIR: t.config.warehouseDir, ETL_PII_KEY: 'cli-test-key-0123456789abcdef0123456789abcdef' };
    writeCsv(input, 'survey/satisfaction_2023.csv', [
      ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
      ['S1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'],
      ['S2', '即时测评', '湖南省', '热线投诉', '2023-05-02', '成功', '8', '是', '否'],
      ['S3', '即时测评', '湖南省', '热线投诉', '2023-05-02', '成功', '12', '是', '否'],
      ...coveringSamples(),
    ]);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('run writes figures.json and rejects.csv, summarises, and exits 1 when figures are not computable', async () => {
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', out], env);
    expect(r.code).toBe(1); // the HR and training figures have no data here
    expect(r.stdout).toMatch(/rows: +14 read = 13 loaded \+ 1 rejected \+ 0 skipped/);
    expect(r.stdout).toContain('NOT COMPUTABLE hr.contract_rate');
    expect(r.stderr).toContain('survey/satisfaction_2023.csv');
    const json = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
    expect(json).toMatchObject({ year: 2023, run_id: expect.any(Number) });
    const accuracy = json.figures.find((f: { id: string }) => f.id === 'survey.accuracy');
    expect(accuracy).toMatchObject({
      id: 'survey.accuracy',
      value: 50,
      unit: '%',
      display: '50%',
      numerator: 1,
      denominator: 2,
      published: { value: 100, unit: '%', comparator: '=' },
      status: 'mismatch',
      parameters: { year: 2023 },
      inputs: [{ source: 'satisfaction_samples', file: 'survey/satisfaction_2023.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rows_loaded: 13 }],
    });
    expect(accuracy.sql).toContain('satisfaction_samples');
    expect(accuracy.sql_sha256).toMatch(/^[0-9a-f]{64}$/);
    const rejects = readFileSync(join(out, 'rejects.csv'), 'utf8').split('\n');
    expect(rejects[0]).toBe('source,file,sheet,row,column,value,message');
    expect(rejects[1]).toBe('satisfaction_samples,survey/satisfaction_2023.csv,,4,满意度得分,12,must be at most 10');
  });

  it('figures prints the latest run, and sql queries the warehouse', async () => {
    const figures = await etl(['figures', '--year', '2023', '--json'], env);
    expect(figures.code).toBe(0);
    const rows = JSON.parse(figures.stdout) as { figure_id: string; value: number | null }[];
    expect(rows.find((f) => f.figure_id === 'survey.instant_provinces')?.value).toBe(2);
    const table = await etl(['figures', '--year', '2023'], env);
    expect(table.stdout).toMatch(/survey\.instant_touchpoints +\S+ +2个 +=\s*3个 +mismatch/);
    const sql = await etl(['sql', 'select province, count(*) as n from satisfaction_samples group by 1 order by 1', '--json'], env);
    expect(JSON.parse(sql.stdout)).toEqual([
      { province: '广东', n: 12 },
      { province: '湖南', n: 1 },
    ]);
  });

  it('run --published reconciles against another file of published values', async () => {
    const published = join(tempDir('etl-pub-'), 'draft-2023.json');
    writeFileSync(published, JSON.stringify({ year: 2023, figures: { 'survey.accuracy': { value: 50, unit: '%', comparator: '=', precision: 0 } } }));
    const draftOut = tempDir('etl-out-');
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', draftOut, '--published', published], env);
    expect(r.stdout).toMatch(new RegExp(`figures: ${loadCatalog(2023).length} computed: 1 match, 0 mismatch, \\d+ not computable, \\d+ unpublished`));
    const json = JSON.parse(readFileSync(join(draftOut, 'figures.json'), 'utf8'));
    expect(json.published_file).toBe(published);
    expect(json.figures.find((f: { id: string }) => f.id === 'survey.accuracy')).toMatchObject({ status: 'match', published: { value: 50, unit: '%', comparator: '=' } });
    expect(json.figures.find((f: { id: string }) => f.id === 'survey.instant_provinces')).toMatchObject({ status: 'unpublished', published: null });
  });

  it('explains what is wrong instead of showing a stack trace', async () => {
    const missing = await etl(['run', '--year', '2023', '--input', join(input, 'nope')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^etl: .*nope/m);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badYear = await etl(['figures', '--year', '23'], env);
    expect(badYear.code).not.toBe(0);
    expect(badYear.stderr).toContain('four-digit year');
  });
});
