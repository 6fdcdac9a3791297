import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { hotlineTicket } from './support/rows.js';
import { createTestWarehouse, insertRows, type TestWarehouse } from './support/warehouses.js';
import { openWarehouse } from '../src/db/open.js';
import { migrate } from '../src/db/migrate.js';
import { quoteIdent, type Warehouse } from '../src/db/warehouse.js';

/** A connection to the test database as another role (the server trusts local connections). */
async function connectAs(role: string, databaseUrl: string): Promise<pg.Client> {
  const url = new URL(databaseUrl);
  url.username = role;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function errorCode(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'no error';
  } catch (error) {
    return String((error as { code?: string }).code);
  }
}

describe('the analyst role on postgres', () => {
  let t: TestWarehouse;
  let wh: Warehouse;
  let analyst: pg.Client;
  beforeAll(async () => {
    t = await createTestWarehouse('postgres');
    wh = await openWarehouse(t.config);
    await migrate(wh);
    await insertRows(wh, 'hotline_tickets', [hotlineTicket({ ticket_id: 'T-ANALYST' })]);
  });
  afterAll(async () => {
    await analyst?.end();
    await wh?.close();
    await t?.dispose();
  });

  it('etl grant creates it once and can be run again', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await etl(['grant'], etlEnvFor(t.config));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^role analyst can log in and read every table and view of schemas public and etl in PostgreSQL server .*, and write none\./);
    }
    const { rows } = await wh.query<{ rolcanlogin: boolean; rolsuper: boolean }>("select rolcanlogin, rolsuper from pg_roles where rolname = 'analyst'");
    expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false }]);
    analyst = await connectAs('analyst', t.config.databaseUrl!);
  });

  it('reads every table and view of the warehouse and of etl, tables created later included', async () => {
    await wh.exec('create table etl.added_later (x int); comment on table etl.added_later is $$test$$; comment on column etl.added_later.x is $$test$$');
    const { rows: relations } = await wh.query<{ schema: string; name: string }>(
      "select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'etl') order by 1, 2",
    );
    expect(relations.length).toBeGreaterThan(25);
    const read: string[] = [];
    for (const r of relations) {
      await analyst.query(`select * from ${quoteIdent(r.schema)}.${quoteIdent(r.name)} limit 1`);
      read.push(`${r.schema}.${r.name}`);
    }
    expect(read).toEqual(relations.map((r) => `${r.schema}.${r.name}`));
    expect(read).toEqual(expect.arrayContaining(['etl.added_later', 'etl.figure_values', 'etl.schema_migrations', 'public.hotline_kpis_monthly']));
    const ticket = await analyst.query("select ticket_id, province from hotline_tickets where ticket_id = 'T-ANALYST'");
    expect(ticket.rows).toEqual([{ ticket_id: 'T-ANALYST', province: '广东' }]);
    const kpis = await analyst.query('select tickets_created from hotline_kpis_monthly');
    expect(kpis.rows).toEqual([{ tickets_created: '1' }]);
  });

  it('writes nothing: every write is refused for lack of privilege', async () => {
    const refused = {
      insert: await errorCode(analyst.query("insert into hotline_tickets (ticket_id) values ('X')")),
      update: await errorCode(analyst.query("update etl.runs set status = 'succeeded'")),
      delete: await errorCode(analyst.query('delete from etl.files')),
      truncate: await errorCode(analyst.query('truncate hotline_tickets')),
      createInPublic: await errorCode(analyst.query('create table public.mine (x int)')),
      createInEtl: await errorCode(analyst.query('create table etl.mine (x int)')),
      dropView: await errorCode(analyst.query('drop view hotline_kpis_monthly')),
      comment: await errorCode(analyst.query("comment on table hotline_tickets is 'x'")),
    };
    expect(refused).toEqual({ insert: '42501', update: '42501', delete: '42501', truncate: '42501', createInPublic: '42501', createInEtl: '42501', dropView: '42501', comment: '42501' });
    expect((await wh.query('select count(*) as n from hotline_tickets')).rows).toEqual([{ n: 1 }]);
  });
});

describe('the analyst role on pglite', () => {
  it('etl grant says the embedded warehouse has no roles and how analysts read it instead', async () => {
    const t = await createTestWarehouse('pglite');
    try {
      const r = await etl(['grant'], etlEnvFor(t.config));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'etl: the embedded warehouse has no users or roles: analysts read it through `etl serve` (see docs/warehouse.md, "Querying the warehouse"); `etl grant` is for a PostgreSQL server (DATABASE_URL)\n',
      );
    } finally {
      await t.dispose();
    }
  });
});
