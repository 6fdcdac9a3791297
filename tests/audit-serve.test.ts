import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { etl, ETL_BIN, etlEnvFor } from './support/audit-cli.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse, type TestWarehouse } from './support/warehouses.js';

const psql = promisify(execFile);

/** Starts `etl serve --port 0` and resolves with the process and the port it announced. */
function startServe(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; port: number; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [ETL_BIN, 'serve', '--port', '0'], { env, cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on 127\.0\.0\.1:(\d+)\n/.exec(output);
      if (m) resolve({ child, port: Number(m[1]), exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`etl serve ended (${code}) before listening: ${output}`)));
  });
}

describe('etl serve on pglite', () => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let served: Awaited<ReturnType<typeof startServe>>;
  beforeAll(async () => {
    t = await createTestWarehouse('pglite');
    env = etlEnvFor(t.config);
    const input = tempDir();
    writeCsv(input, 'satisfaction_2023.csv', [
      ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
      ['S1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'],
      ['S2', '即时测评', '湖南省', '热线投诉', '2023-08-02', '成功', '8', '是', '否'],
    ]);
    await etl(['run', '--year', '2023', '--input', input, '--out', tempDir('etl-out-')], env);
    served = await startServe(env);
  });
  afterAll(async () => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
    await t?.dispose();
  });

  it('answers psql', async () => {
    const { stdout } = await psql('psql', ['-h', '127.0.0.1', '-p', String(served.port), '-U', 'postgres', '-d', 'postgres', '-At', '-c', 'select province, score from satisfaction_samples order by sample_id']);
    expect(stdout).toBe('广东|9\n湖南|8\n');
    const described = await psql('psql', ['-h', '127.0.0.1', '-p', String(served.port), '-U', 'postgres', '-d', 'postgres', '-At', '-c', "select obj_description('satisfaction_by_province_quarter'::regclass, 'pg_class')"]);
    expect(described.stdout).toMatch(/^Satisfaction survey results: one row per year, quarter/);
  });

  it('answers the pg client, several connections at once, and refuses writes', async () => {
    const clients = [0, 1].map(() => new pg.Client({ host: '127.0.0.1', port: served.port, user: 'postgres', database: 'postgres' }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const [quarters, runs] = await Promise.all([
        clients[0].query('select quarter, successful_samples::int as n from satisfaction_by_province_quarter order by quarter'),
        clients[1].query('select year, status from etl.runs'),
      ]);
      expect(quarters.rows).toEqual([{ quarter: 2, n: 1 }, { quarter: 3, n: 1 }]);
      expect(runs.rows).toEqual([{ year: 2023, status: 'completed_with_errors' }]);
      await expect(clients[0].query("delete from satisfaction_samples where sample_id = 'S1'")).rejects.toThrow(/^refused: DELETE is not a statement that only reads/);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('serves a snapshot: runs can use the warehouse meanwhile, and stopping leaves it as it was', async () => {
    expect(existsSync(join(t.config.warehouseDir!, 'etl.lock'))).toBe(false);
    const during = await etl(['sql', 'select count(*) as n from satisfaction_samples', '--json'], env);
    expect(during.code, during.stderr).toBe(0);
    expect(JSON.parse(during.stdout)).toEqual([{ n: 2 }]);
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    const after = await etl(['sql', 'select count(*) as n from satisfaction_samples', '--json'], env);
    expect(JSON.parse(after.stdout)).toEqual([{ n: 2 }]);
  });
});

describe('etl serve on postgres', () => {
  it('says there is nothing to serve when DATABASE_URL is set', async () => {
    const t = await createTestWarehouse('postgres');
    try {
      const r = await etl(['serve', '--port', '0'], etlEnvFor(t.config));
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^etl: DATABASE_URL is set, so the warehouse is the PostgreSQL server postgres:\/\/\S+: there is nothing to serve\. Connect to that server directly \(psql "\$DATABASE_URL"\)/);
    } finally {
      await t.dispose();
    }
  });
});
