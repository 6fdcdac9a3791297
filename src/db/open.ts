import { resolve } from 'node:path';
import { paths } from '../paths.js';
import { PgliteWarehouse } from './pglite-warehouse.js';
import { PostgresWarehouse } from './postgres-warehouse.js';
import type { Warehouse } from './warehouse.js';

export interface WarehouseConfig {
  /** A PostgreSQL server URL; when absent the embedded warehouse is used. */
  databaseUrl?: string;
  /** Folder of the embedded warehouse. Default: `.warehouse/` in the project. */
  warehouseDir?: string;
}

/** Reads the warehouse choice from the environment: `DATABASE_URL`, else `ETL_WAREHOUSE_DIR`. */
export function warehouseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WarehouseConfig {
  return {
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    warehouseDir: env.ETL_WAREHOUSE_DIR?.trim() ? resolve(env.ETL_WAREHOUSE_DIR.trim()) : paths.defaultWarehouse(),
  };
}

export async function openWarehouse(config: WarehouseConfig): Promise<Warehouse> {
  if (config.databaseUrl) return PostgresWarehouse.open(config.databaseUrl);
  return PgliteWarehouse.open(config.warehouseDir ?? paths.defaultWarehouse());
}
