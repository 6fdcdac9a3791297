/** `etl sql` runs one statement, read-only unless --write, the same on both warehouses. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('etl sql on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    env = etlEnvFor(t.config);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('reads, and refuses to change the warehouse without --write', async () => {
    const drop = await etl(['sql', 'drop table etl.skips'], env);
    expect(drop.code).toBe(2);
    expect(drop.stderr).toMatch(/^etl: refused: DROP is not a statement that only reads; .* etl sql only reads; add --write to change the warehouse\n$/);
    for (const text of ['delete from etl.skips', 'with d as (delete from etl.skips returning *) select * from d']) {
      const r = await etl(['sql', text], env);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toMatch(/^etl: refused: .* etl sql only reads; add --write to change the warehouse\n$/);
    }
    const count = await etl(['sql', 'select count(*)::int as n from etl.skips', '--json'], env);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 0 }]);
    const select = await etl(['sql', "select now() > '2000-01-01' as later, random() < 2 as r, pg_table_size('etl.skips') >= 0 as sized"], env);
    expect(select.code, select.stderr).toBe(0);
    expect(select.stdout).toContain('(1 rows)');
  });

  it("refuses the server's files, with or without --write, and the warehouse still works", async () => {
    const copyFile = join(tmpdir(), `etl-sql-copy-${kind}-${process.pid}.txt`);
    const attacks: [string, string[]][] = [
      ["copy (select 'garbage') to '/pglite/data/postgresql.auto.conf'", []],
      [`copy (select 'garbage') to '${copyFile}'`, []],
      ["select lo_import('/etc/hostname')", []],
      ["select pg_read_file('postgresql.conf')", []],
      ["copy (select 'garbage') to '/pglite/data/postgresql.auto.conf'", ['--write']],
      ["select lo_import('/etc/hostname')", ['--write']],
    ];
    for (const [text, write] of attacks) {
      const r = await etl(['sql', text, ...write], env);
      expect(r.code, `${text} ${write}`).toBe(2);
      expect(r.stderr, text).toMatch(/^etl: refused: .* etl sql never touches the server's files or runs code it cannot read, even with --write/);
      expect(r.stdout, text).toBe('');
    }
    expect(existsSync(copyFile)).toBe(false);
    // No large object was left, and the embedded warehouse opens as before (its configuration file is intact).
    const objects = await etl(['sql', 'select count(*)::int as n from pg_largeobject_metadata', '--json'], env);
    expect(objects.code, objects.stderr).toBe(0);
    expect(JSON.parse(objects.stdout)).toEqual([{ n: 0 }]);
  });

  it('runs one statement only: a second one cannot slip in after a semicolon', async () => {
    for (const text of ['select 1; drop table etl.skips', 'commit; drop table etl.skips', 'select 1; select 2']) {
      const r = await etl(['sql', text], env);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toBe('etl: etl sql runs one statement at a time: give each its own `etl sql`\n');
    }
    expect((await etl(['sql', 'select count(*)::int as n from etl.skips', '--json'], env)).code).toBe(0);
  });

  it('changes the warehouse with --write, and commits', async () => {
    expect((await etl(['sql', 'create table scratch_note (a int)', '--write'], env)).code).toBe(0);
    expect((await etl(['sql', 'insert into scratch_note values (1)', '--write'], env)).stdout).toBe('(1 rows)\n');
    expect(JSON.parse((await etl(['sql', 'select a from scratch_note', '--json'], env)).stdout)).toEqual([{ a: 1 }]);
  });
});
