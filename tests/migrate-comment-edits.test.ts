/** Migrations are append-only; an edit of comments only, listed in migrate.ts, keeps older warehouses current. */
import { describe, expect, it } from 'vitest';
import { migrate, readMigrations } from '../src/db/migrate.js';
import { openTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';

// The checksum of 003_definitions.sql as first written (its first comment named a document outside the project).
const EARLIER_003 = '282fc1a6573395cb957a992b9f5a86da53f05fdbabfe924aabebc26cca3e167a';

describe.each(WAREHOUSE_KINDS)('migrations edited in their comments on %s', (kind) => {
  it('bring a warehouse built from the earlier text up to date, and still refuse any other change', async () => {
    const wh = await openTestWarehouse(kind);
    try {
      const current = readMigrations().find((m) => m.name === '003_definitions.sql')!;
      await wh.query('update etl.schema_migrations set sha256 = $1 where name = $2', [EARLIER_003, current.name]);
      expect(await migrate(wh)).toEqual([]);
      const { rows } = await wh.query<{ sha256: string }>('select sha256 from etl.schema_migrations where name = $1', [current.name]);
      expect(rows[0].sha256).toBe(current.sha256);

      await wh.query('update etl.schema_migrations set sha256 = $1 where name = $2', ['0'.repeat(64), current.name]);
      await expect(migrate(wh)).rejects.toThrow('migration 003_definitions.sql was changed after it was applied to this warehouse; add a new migration instead');
    } finally {
      await wh.close();
    }
  });
});
