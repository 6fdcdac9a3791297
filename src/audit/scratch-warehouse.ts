/**
 * A throw-away warehouse of the same kind as the configured one, for `etl verify`: a temporary
 * PGlite folder, or a temporary database on the same PostgreSQL server (created and dropped
 * through the server URL, so its user needs CREATEDB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { WarehouseConfig } from '../db/open.js';
import { PgliteWarehouse } from '../db/pglite-warehouse.js';
import { PostgresWarehouse, redactUrl } from '../db/postgres-warehouse.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';

/** A scratch warehouse and how to get rid of it. */
export interface ScratchWarehouse {
  wh: Warehouse;
  /** What it is, for messages: `a temporary PGlite folder in the system temp directory`. */
  description: string;
  /** Closes and removes it. */
  dispose(): Promise<void>;
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Opens an empty scratch warehouse beside the one `config` points at. */
export async function openScratchWarehouse(config: WarehouseConfig): Promise<ScratchWarehouse> {
  if (!config.databaseUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'etl-verify-'));
    const wh = await PgliteWarehouse.open(dir);
    return {
      wh,
      description: `a temporary PGlite folder ${dir}`,
      dispose: async () => {
        await wh.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `etl_verify_${process.pid}_${Date.now().toString(36)}`;
  try {
    await onServer(config.databaseUrl, (c) => c.query(`create database ${quoteIdent(name)}`));
  } catch (error) {
    throw new Error(
      `etl verify rebuilds into a temporary database, but ${redactUrl(config.databaseUrl)} could not create one (${(error as Error).message}); ` +
        'give its user CREATEDB, or verify against an embedded warehouse',
    );
  }
  const url = new URL(config.databaseUrl);
  url.pathname = `/${name}`;
  const drop = () => onServer(config.databaseUrl!, (c) => c.query(`drop database if exists ${quoteIdent(name)} with (force)`));
  let wh: Warehouse;
  try {
    wh = await PostgresWarehouse.open(url.toString());
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
  return {
    wh,
    description: `a temporary database ${name} on the server`,
    dispose: async () => {
      await wh.close().catch(() => undefined);
      await drop();
    },
  };
}
