import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { WarehouseConfig } from '../../src/db/open.js';
import { quoteIdent, type Warehouse } from '../../src/db/warehouse.js';
import { sources } from '../../pipelines/index.js';
import { openTestWarehouse, type WarehouseKind } from './warehouses.js';

/**
 * Inside a describe: opens one fresh migrated warehouse of `kind` for its tests, empties the
 * `clear` tables (in order) before each test, closes it afterwards, and returns a getter for it.
 * `holdNothing`: before each test the warehouse holds no file (source tables and etl.holdings
 * emptied) — a warehouse keeps every file it loaded, so without it one test's files are still
 * held in the next.
 */
export function useWarehouse(
  kind: WarehouseKind,
  { clear = [], holdNothing = false }: { clear?: readonly string[]; holdNothing?: boolean } = {},
): () => Warehouse & { config: WarehouseConfig } {
  let wh: (Warehouse & { config: WarehouseConfig }) | undefined;
  beforeAll(async () => {
    wh = await openTestWarehouse(kind);
  });
  afterAll(async () => {
    await wh?.close();
  });
  beforeEach(async () => {
    if (holdNothing) await wh!.exec(`delete from etl.holdings; truncate ${sources.map((s) => quoteIdent(s.id)).join(', ')}`);
    for (const table of clear) await wh!.exec(`delete from ${quoteIdent(table)}`);
  });
  return () => {
    if (!wh) throw new Error('useWarehouse: the warehouse is only open inside the tests of its describe');
    return wh;
  };
}
