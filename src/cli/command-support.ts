/** Option parsers and the warehouse opener shared by the audit commands (explain, verify, freeze, grant, serve). */
import { InvalidArgumentError } from 'commander';
import { migrate } from '../db/migrate.js';
import { openWarehouse, warehouseConfigFromEnv } from '../db/open.js';
import type { Warehouse } from '../db/warehouse.js';

/** A four-digit report year, as `etl run` takes it. */
export function parseYear(v: string): number {
  const n = Number(v);
  if (!/^\d{4}$/.test(v) || n < 1990 || n > 2100) throw new InvalidArgumentError('expected a four-digit year such as 2023');
  return n;
}

/** A whole number ≥ 0 (a count of rows, a port). */
export function parseCount(v: string): number {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a whole number such as 5');
  return Number(v);
}

/** Opens the configured warehouse, brings its schema up to date, runs `work` and closes it. */
export async function withMigratedWarehouse<T>(work: (wh: Warehouse) => Promise<T>): Promise<T> {
  const wh = await openWarehouse(warehouseConfigFromEnv());
  try {
    await migrate(wh);
    return await work(wh);
  } finally {
    await wh.close();
  }
}
