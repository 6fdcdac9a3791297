import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { WarehouseConfig } from '../../src/db/open.js';
import { quoteIdent, type Warehouse } from '../../src/db/warehouse.js';
import { openTestWarehouse, type WarehouseKind } from './warehouses.js';

/** Inside a describe: opens one fresh migrated warehouse of `kind` for its tests, empties the `clear` tables (in order) before each test, closes it afterwards, and returns a getter for it. */
export function useWarehouse(kind: WarehouseKind, { clear = [] }: { clear?: readonly string[] } = {}): () => Warehouse & { config: WarehouseConfig } {
  let wh: (Warehouse & { config: WarehouseConfig }) | undefined;
  beforeAll(async () => {
    wh = await openTestWarehouse(kind);
  });
  afterAll(async () => {
    await wh?.close();
  });
  beforeEach(async () => {
    for (const table of clear) await wh!.exec(`delete from ${quoteIdent(table)}`);
  });
  return () => {
    if (!wh) throw new Error('useWarehouse: the warehouse is only open inside the tests of its describe');
    return wh;
  };
}
