/**
 * The server warehouse's hygiene against analysts and careless colleagues: a run's lock that a
 * read-only role cannot take, a run that waits for an analyst's open transaction at most
 * ETL_LOCK_TIMEOUT seconds and names it, `etl grant` that refuses a role able to do more than
 * read, and reading commands that a read-only role can use (no migration attempted).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { grantAnalyst } from '../src/audit/analyst-role.js';
import { migrate } from '../src/db/migrate.js';
import { openWarehouse } from '../src/db/open.js';
import { quoteIdent, type Warehouse } from '../src/db/warehouse.js';
import { runPipeline } from '../src/pipeline/run.js';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { hotlineTicket } from './support/rows.js';
import { SAMPLE_PII_KEY } from './support/sample-run.js';
import { createTestWarehouse, insertRows, SERVER_URL, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const ROLE = `etl_reader_${process.pid}`;

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A connection to the test warehouse as `role` (the server trusts local connections). */
async function connectAs(role: string, databaseUrl: string, applicationName = 'vitest analyst'): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  url.username = role;
  const client = new pg.Client({ connectionString: url.toString(), application_name: applicationName });
  await client.connect();
  return client;
}

const asRole = (role: string, databaseUrl: string) => {
  const url = new URL(databaseUrl);
  url.username = role;
  return url.toString();
};

async function errorOf(work: Promise<unknown>): Promise<{ code?: string; message: string } | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return { code: (error as { code?: string }).code, message: (error as Error).message };
  }
}

const TICKET_CSV_HEADER = '工单编号,热线号码,省份,建单时间,处理时限,办结时间,受理渠道,工单类型,一次解决,申诉倾向预警,超时警示,处理时长(秒)';

describe('the run lock and lock waits on postgres', () => {
  let t: TestWarehouse;
  let wh: Warehouse;
  let input: string;
  let analyst: pg.Client | undefined;
  beforeAll(async () => {
    await admin((c) => c.query(`drop role if exists ${quoteIdent(ROLE)}`));
    t = await createTestWarehouse('postgres');
    wh = await openWarehouse(t.config);
    await migrate(wh);
    await insertRows(wh, 'hotline_tickets', [hotlineTicket({ ticket_id: 'T-LOCK' })]);
    await grantAnalyst(wh, ROLE);
    input = mkdtempSync(join(tmpdir(), 'etl-lock-input-'));
  });
  afterEach(async () => {
    await analyst?.end().catch(() => undefined);
    analyst = undefined;
    vi.unstubAllEnvs();
  });
  afterAll(async () => {
    await wh?.close();
    await t?.dispose();
    rmSync(input, { recursive: true, force: true });
    await admin((c) => c.query(`drop role if exists ${quoteIdent(ROLE)}`));
  });

  it('a read-only role cannot take the run lock, and the advisory lock of earlier versions no longer holds a run up', async () => {
    analyst = await connectAs(ROLE, t.config.databaseUrl!);
    await analyst.query('begin');
    expect(await errorOf(analyst.query('select * from etl.run_lock for update'))).toMatchObject({ code: '42501' });
    await analyst.query('rollback');
    // The lock earlier versions took: anyone could take it.
    await analyst.query('select pg_advisory_lock(4543564, 1)');
    const report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY });
    expect(report.runId).toBeGreaterThan(0);
  });

  it('a second run while one holds the lock is refused at once, naming the first', async () => {
    const other = await openWarehouse(t.config);
    const holder = await connectAs('postgres', t.config.databaseUrl!, 'the first run');
    try {
      await holder.query('begin');
      await holder.query('select 1 from etl.run_lock where id = 1 for update');
      const refused = await errorOf(runPipeline(other, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY }));
      expect(refused?.message).toMatch(/^another run is loading the PostgreSQL server .*\(the first run from [0-9a-f.:/]+, server process \d+, connected since .*\); runs never interleave/);
    } finally {
      await holder.end();
      await other.close();
    }
  });

  it("an analyst's open transaction no longer holds a run up: a run adds rows and truncates nothing", async () => {
    analyst = await connectAs(ROLE, t.config.databaseUrl!, 'dbeaver of a colleague');
    await analyst.query('begin');
    await analyst.query('select count(*) from hotline_tickets');
    const report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY });
    expect(report.runId).toBeGreaterThan(0);
    await analyst.query('rollback');
  });

  it("a session holding a table the run writes stops the run after ETL_LOCK_TIMEOUT seconds, naming it; nothing is changed", async () => {
    vi.stubEnv('ETL_LOCK_TIMEOUT', '1');
    await insertRows(wh, 'hotline_tickets', [hotlineTicket({ ticket_id: 'T-LOCK-2' })]);
    const runsBefore = (await wh.query<{ n: number }>('select count(*) as n from etl.runs')).rows[0].n;
    const newTickets = mkdtempSync(join(tmpdir(), 'etl-lock-tickets-'));
    writeFileSync(join(newTickets, 'hotline_tickets.csv'), `${TICKET_CSV_HEADER}\nT-NEW,10005,广东,2023-03-01 08:00:00,2023-03-03 08:00:00,2023-03-02 08:00:00,电话,投诉,是,否,否,100\n`);
    const other = await connectAs('postgres', t.config.databaseUrl!, 'dbeaver of a colleague');
    try {
      await other.query('begin');
      await other.query('lock table hotline_tickets in share mode');
      const failed = await errorOf(runPipeline(wh, { sources, year: 2023, inputDir: newTickets, piiKey: SAMPLE_PII_KEY }));
      expect(failed?.message).toMatch(
        new RegExp(
          `^the run waited 1 s for a table of the PostgreSQL server .* that another session holds, and stopped: user postgres \\(application "dbeaver of a colleague", from [0-9a-f.:/]+, server process \\d+\\) with a transaction open for \\d+ s, idle in transaction\\. ` +
            'Nothing was changed \\(the run was rolled back\\)\\. Ask them to end that transaction \\(COMMIT or ROLLBACK, or close the client\\), then run again; ETL_LOCK_TIMEOUT sets how many seconds a run waits$',
        ),
      );
    } finally {
      await other.end();
      rmSync(newTickets, { recursive: true, force: true });
    }
    expect((await wh.query<{ n: number }>('select count(*) as n from etl.runs')).rows[0].n).toBe(runsBefore);
    expect((await wh.query('select ticket_id from hotline_tickets order by 1')).rows).toEqual([{ ticket_id: 'T-LOCK' }, { ticket_id: 'T-LOCK-2' }]);
    // Once the other session has finished, the run goes through.
    expect((await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY })).runId).toBeGreaterThan(0);
  });

  it('a lock timeout that is not a whole number of seconds is refused before anything starts', async () => {
    vi.stubEnv('ETL_LOCK_TIMEOUT', '1.5');
    expect((await errorOf(runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY })))?.message).toBe(
      'ETL_LOCK_TIMEOUT is "1.5"; expected a whole number of seconds such as 60',
    );
  });
});

describe('etl grant and read-only users on postgres', () => {
  let t: TestWarehouse;
  let wh: Warehouse;
  const roles = {
    reader: `${ROLE}_r`,
    createdb: `${ROLE}_cdb`,
    member: `${ROLE}_m`,
    writer: `${ROLE}_w`,
  };
  beforeAll(async () => {
    await admin(async (c) => {
      for (const r of Object.values(roles)) await c.query(`drop role if exists ${quoteIdent(r)}`);
      await c.query(`create role ${quoteIdent(roles.createdb)} login createdb`);
      await c.query(`create role ${quoteIdent(roles.member)} login in role pg_write_all_data`);
      await c.query(`create role ${quoteIdent(roles.writer)} login`);
    });
    t = await createTestWarehouse('postgres');
    wh = await openWarehouse(t.config);
    await migrate(wh);
    await insertRows(wh, 'hotline_tickets', [hotlineTicket({ ticket_id: 'T-GRANT' })]);
    await wh.exec(`grant insert on hotline_tickets to ${quoteIdent(roles.writer)}`);
  });
  afterAll(async () => {
    await wh?.close();
    await t?.dispose();
    await admin(async (c) => {
      for (const r of Object.values(roles)) await c.query(`drop role if exists ${quoteIdent(r)}`);
    });
  });

  it('refuses a role that can do more than read, naming what it can do, and grants it nothing', async () => {
    const cases: [string, RegExp][] = [
      [roles.createdb, /it can create databases \(CREATEDB\)/],
      [roles.member, /it is a member of role pg_write_all_data and has its rights/],
      [roles.writer, /it may write to public\.hotline_tickets/],
    ];
    for (const [role, why] of cases) {
      const r = await etl(['grant', '--role', role], etlEnvFor(t.config));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^etl: role ${role} can do more than read, so etl grant leaves it as it is: `));
      expect(r.stderr).toMatch(why);
      expect(r.stdout).toBe('');
      const { rows } = await wh.query<{ can: boolean }>(`select has_table_privilege($1, 'etl.runs', 'SELECT') as can`, [role]);
      expect(rows).toEqual([{ can: false }]);
    }
  });

  it('takes CREATE on schema public away from PUBLIC, while the warehouse user keeps creating tables', async () => {
    // As every database before PostgreSQL 15 had it.
    await wh.exec('grant create on schema public to public');
    const r = await etl(['grant', '--role', roles.reader], etlEnvFor(t.config));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^role ${roles.reader} can log in and read every table and view of schemas public and etl in PostgreSQL server .*, and write none\\.`));
    const { rows } = await wh.query<{ reader: boolean; anyone: boolean }>(
      `select has_schema_privilege($1, 'public', 'CREATE') as reader,
              exists (select from pg_namespace, aclexplode(nspacl) as a where nspname = 'public' and a.grantee = 0 and a.privilege_type = 'CREATE') as anyone`,
      [roles.reader],
    );
    expect(rows).toEqual([{ reader: false, anyone: false }]);
    await wh.exec('create table public.created_after_grant (x int); drop table public.created_after_grant');
  });

  it('a read-only role runs etl sql, figures, explain and status without any migration; a warehouse behind the toolkit is explained', async () => {
    const reader = { ...etlEnvFor(t.config), DATABASE_URL: asRole(roles.reader, t.config.databaseUrl!) };
    const sql = await etl(['sql', "select ticket_id from hotline_tickets where ticket_id = 'T-GRANT'"], reader);
    expect(sql.code, sql.stderr).toBe(0);
    expect(sql.stdout).toMatch(/T-GRANT/);
    const figures = await etl(['figures', '--year', '2023'], reader);
    // No run yet: the command reads and says so, it does not fail on privileges.
    expect(figures.stderr).toMatch(/^no run for 2023 in PostgreSQL server/);
    const status = await etl(['status', '--year', '2023'], reader);
    expect(status.stderr).not.toMatch(/permission denied/);
    const explain = await etl(['explain', 'calls.hotline_10005_manual_cut', '--year', '2023'], reader);
    expect(explain.stderr).not.toMatch(/permission denied/);
    const write = await etl(['sql', '--write', "delete from hotline_tickets where ticket_id = 'T-GRANT'"], reader);
    expect(write.code).toBe(2);
    expect(write.stderr).toMatch(/permission denied for table hotline_tickets/);

    // The owner's toolkit is newer than the warehouse: the reader is told who can fix it.
    await wh.exec(`delete from etl.schema_migrations where name = '010_run_lock.sql'`);
    const behind = await etl(['sql', 'select 1 as one'], reader);
    expect(behind.code).toBe(2);
    expect(behind.stderr).toMatch(
      /^etl: the PostgreSQL server .* was built by an older version of this toolkit \(1 schema change to apply: 010_run_lock\.sql\), and this user may not change it \(.*\)\. Ask the warehouse's owner to run `etl run` \(or any etl command\) once with the toolkit's own user; reading commands work again after that\n$/,
    );
    expect(await migrate(wh)).toEqual(['010_run_lock.sql']);
    expect((await etl(['sql', 'select 1 as one'], reader)).code).toBe(0);
  });
});
