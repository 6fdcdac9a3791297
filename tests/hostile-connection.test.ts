import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copiedRows, etlEnv, runEtl, startEtl, warehouseSnapshot, writeTicketCsv } from './support/etl-process.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { TICKET_HEADER, ticket } from './support/hostile-corpus.js';
import { createTestWarehouse, SERVER_URL, type TestWarehouse } from './support/warehouses.js';

// Only a server has a connection to lose; the embedded warehouse lives in the process.
describe('a run whose connection to the PostgreSQL server is lost mid-load', () => {
  let t: TestWarehouse;
  const small = tempDir('etl-lost-small-');
  const big = tempDir('etl-lost-big-');
  const out = tempDir('etl-lost-out-');
  beforeAll(async () => {
    t = await createTestWarehouse('postgres');
    writeCsv(small, '工单明细_2023.csv', [TICKET_HEADER, ticket('S1'), ticket('S2')]);
    writeCsv(big, 'a_工单明细_2023.csv', [TICKET_HEADER, ticket('A1')]);
    writeTicketCsv(join(big, 'b_工单明细_2023.csv'), 'B', 200_000);
  });
  afterAll(async () => {
    await t.dispose();
    for (const dir of [small, big, out]) rmSync(dir, { recursive: true, force: true });
  });

  it('fails with a clear message, without a stack trace, and loads nothing of the run', async () => {
    const env = etlEnv(t.config);
    await runEtl(['run', '--year', '2023', '--input', small, '--out', out], env);
    const before = await warehouseSnapshot(t.config);

    const run = startEtl(['run', '--year', '2023', '--input', big, '--out', out], env);
    await run.waitFor(/a_工单明细_2023\.csv .*1 loaded/);
    expect(await copiedRows(t.config.databaseUrl!)).toBeGreaterThan(0);
    // As if the server restarted or an administrator ended the session.
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [`etl pid ${run.child.pid} on ${hostname()}`.slice(0, 63)]);
    await admin.end();
    expect(killed.rows).toEqual([{ ok: true }]);

    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(
      /^etl: the connection to the PostgreSQL server postgres:\/\/\S+ was lost \((terminating connection due to administrator command|read ECONNRESET|write EPIPE|Connection terminated unexpectedly)\): the server rolled back the work in progress \(for `etl run`: the whole run\), so the warehouse is as it was before; run again once the server is reachable$/m,
    );
    expect(run.output()).not.toMatch(/\n\s+at /);
    expect(await warehouseSnapshot(t.config)).toEqual(before);
  }, 120_000);
});
