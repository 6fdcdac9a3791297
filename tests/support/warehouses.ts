/**
 * Every suite runs against both warehouses: the embedded PGlite and the PostgreSQL server.
 * Each test gets its own fresh database (a temp PGlite folder, or a new database on the
 * server), so test files can run in parallel. A server that cannot be reached fails the
 * tests; it never skips them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.js';
import { openWarehouse, type WarehouseConfig } from '../../src/db/open.js';
import { quoteIdent, type Warehouse } from '../../src/db/warehouse.js';

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const WAREHOUSE_KINDS = ['pglite', 'postgres'] as const;
export type WarehouseKind = (typeof WAREHOUSE_KINDS)[number];

export interface TestWarehouse {
  kind: WarehouseKind;
  /** How the pipeline would be pointed at it. */
  config: WarehouseConfig;
  /** Drops the database / removes the folder. */
  dispose(): Promise<void>;
}

let counter = 0;

/** Creates an empty warehouse of the given kind (not migrated). */
export async function createTestWarehouse(kind: WarehouseKind): Promise<TestWarehouse> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'etl-wh-'));
    return { kind, config: { warehouseDir: dir }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `etl_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`the PostgreSQL test server at ${SERVER_URL} is not reachable (${(error as Error).message}); start it (see .ci/run) — tests never skip it`);
  }
  await admin.query(`create database ${quoteIdent(name)}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    config: { databaseUrl: url.toString() },
    dispose: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`drop database if exists ${quoteIdent(name)} with (force)`);
      await c.end();
    },
  };
}

/** Opens a fresh, migrated warehouse; `close()` also disposes of it. */
export async function openTestWarehouse(kind: WarehouseKind): Promise<Warehouse & { config: WarehouseConfig }> {
  const t = await createTestWarehouse(kind);
  const wh = await openWarehouse(t.config);
  await migrate(wh);
  const close = wh.close.bind(wh);
  return Object.assign(wh, {
    config: t.config,
    close: async () => {
      await close();
      await t.dispose();
    },
  });
}

/** Inserts given rows into a source table (tests only; the pipeline itself loads with COPY). */
export async function insertRows(wh: Warehouse, table: string, rows: Record<string, unknown>[]): Promise<void> {
  let n = 0;
  for (const row of rows) {
    const full = { _file_id: 0, _row: ++n, ...row };
    const cols = Object.keys(full);
    await wh.query(
      `insert into ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => (full as Record<string, unknown>)[c]),
    );
  }
}
