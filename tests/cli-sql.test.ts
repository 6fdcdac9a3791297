/** `etl sql` runs one statement, read-only unless --write, the same on both warehouses. */
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
    expect(drop.stderr).toBe('etl: cannot execute DROP TABLE in a read-only transaction — etl sql only reads; add --write to change the warehouse\n');
    const del = await etl(['sql', 'delete from etl.skips'], env);
    expect(del.stderr).toContain('etl sql only reads; add --write');
    const count = await etl(['sql', 'select count(*)::int as n from etl.skips', '--json'], env);
    expect(JSON.parse(count.stdout)).toEqual([{ n: 0 }]);
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
