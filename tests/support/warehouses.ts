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

/** The as-of date of the snapshot insertRows puts rows of hr_roster and experiencers in: late enough to back every year's figure. */
export const TEST_SNAPSHOT_AS_OF = '2100-12-31';
const SNAPSHOT_TABLES = ['hr_roster', 'experiencers'];

/**
 * The held file a test's rows of a snapshot source are in: each file of a snapshot source is a
 * snapshot as of its date, and a figure reads only held snapshots (etl.snapshot_files).
 */
export async function heldSnapshot(wh: Warehouse, table: string, asOf = TEST_SNAPSHOT_AS_OF): Promise<number> {
  const path = `tests/${table}_${asOf}`;
  await wh.query(`insert into etl.files (path, sha256, size_bytes) values ($1, 'test', 0) on conflict (path, sha256) do nothing`, [path]);
  const fileId = Number((await wh.query<{ file_id: number }>(`select file_id from etl.files where path = $1 and sha256 = 'test'`, [path])).rows[0].file_id);
  const { rows } = await wh.query<{ run_id: number }>(`insert into etl.runs (year, input_dir, tool_version, status) values (2023, 'tests', 'test', 'succeeded') returning run_id`);
  await wh.query(
    `insert into etl.holdings (file_id, location, definition_sha256, sources, as_of, read_in_run, last_run_id) values ($1, $2, 'test', $3, $4, $5, $5)
     on conflict (file_id) do update set as_of = excluded.as_of`,
    [fileId, path, [table], asOf, Number(rows[0].run_id)],
  );
  return fileId;
}

/**
 * Inserts given rows into a source table (tests only; the pipeline itself loads with COPY). Rows
 * of a snapshot source without a `_file_id` go into a held snapshot as of TEST_SNAPSHOT_AS_OF.
 */
export async function insertRows(wh: Warehouse, table: string, rows: Record<string, unknown>[]): Promise<void> {
  let n = 0;
  const fileId = SNAPSHOT_TABLES.includes(table) && rows.some((r) => !('_file_id' in r)) ? await heldSnapshot(wh, table) : 0;
  for (const row of rows) {
    const full = { _file_id: fileId, _row: ++n, ...row };
    const cols = Object.keys(full);
    await wh.query(
      `insert into ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => (full as Record<string, unknown>)[c]),
    );
  }
}
