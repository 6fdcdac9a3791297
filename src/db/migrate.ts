import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { paths } from '../paths.js';
import { inTransaction, type Warehouse } from './warehouse.js';

/**
 * Checksums of earlier texts of migrations whose later edit changed comments only: a warehouse
 * built from such a text is current, and its record is brought up to date. Nothing else may
 * change an applied migration.
 */
const COMMENT_ONLY_EDITS: Readonly<Record<string, readonly string[]>> = {
  '003_definitions.sql': ['282fc1a6573395cb957a992b9f5a86da53f05fdbabfe924aabebc26cca3e167a'],
  '004_remaining_sources.sql': ['0029187a9ea0393ef436d86758a4c85f3cd712b1756ec988677161297a6ed7e1'],
};

export interface Migration {
  name: string;
  sql: string;
  sha256: string;
}

export function readMigrations(dir = paths.migrations()): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/** A warehouse whose schema is behind this toolkit and whose user may not bring it up to date. */
export class SchemaBehindError extends Error {}

/**
 * The migrations of `migrations` that `wh` has not applied, found with reads only (a read-only
 * analyst can ask): every one when the warehouse has no migration record yet. An applied
 * migration whose text changed counts as pending unless the change was to comments only.
 */
export async function pendingMigrations(wh: Warehouse, migrations = readMigrations()): Promise<Migration[]> {
  const { rows } = await wh.query<{ exists: boolean }>(`select to_regclass('etl.schema_migrations') is not null as exists`);
  if (!rows[0].exists) return migrations;
  const applied = new Map(
    (await wh.query<{ name: string; sha256: string }>('select name, sha256 from etl.schema_migrations')).rows.map((r) => [r.name, r.sha256]),
  );
  return migrations.filter((m) => applied.get(m.name) !== m.sha256);
}

/**
 * Applies the migrations of sql/migrations not yet applied, in name order, each in its own
 * transaction. An applied migration whose file has since changed is an error: migrations are
 * append-only, so a warehouse can always say which schema built it. A warehouse already up to
 * date is only read, so users who may read but not write (the analyst role) can use every
 * reading command; one that is behind, opened by such a user, gets SchemaBehindError.
 */
export async function migrate(wh: Warehouse, migrations = readMigrations()): Promise<string[]> {
  const pending = await pendingMigrations(wh, migrations);
  if (pending.length === 0) return [];
  try {
    return await applyMigrations(wh, migrations);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // 42501 insufficient_privilege; 25006 read_only_sql_transaction (a read-only server or session).
    if (code === '42501' || code === '25006') {
      throw new SchemaBehindError(
        `the ${wh.description} was built by an older version of this toolkit (${pending.length} schema change${pending.length === 1 ? '' : 's'} to apply: ` +
          `${pending.map((m) => m.name).join(', ')}), and this user may not change it (${(error as Error).message}). ` +
          'Ask the warehouse\'s owner to run `etl run` (or any etl command) once with the toolkit\'s own user; reading commands work again after that',
      );
    }
    throw error;
  }
}

async function applyMigrations(wh: Warehouse, migrations: Migration[]): Promise<string[]> {
  await wh.exec(`create schema if not exists etl;
    create table if not exists etl.schema_migrations (
      name text primary key, sha256 text not null, applied_at timestamptz not null default now());`);
  const applied = new Map(
    (await wh.query<{ name: string; sha256: string }>('select name, sha256 from etl.schema_migrations')).rows.map((r) => [r.name, r.sha256]),
  );
  const done: string[] = [];
  for (const m of migrations) {
    const previous = applied.get(m.name);
    if (previous !== undefined) {
      if (previous === m.sha256) continue;
      if (!COMMENT_ONLY_EDITS[m.name]?.includes(previous)) {
        throw new Error(`migration ${m.name} was changed after it was applied to this warehouse; add a new migration instead`);
      }
      await wh.query('update etl.schema_migrations set sha256 = $1 where name = $2', [m.sha256, m.name]);
      continue;
    }
    await inTransaction(wh, async () => {
      await wh.exec(m.sql);
      await wh.query('insert into etl.schema_migrations (name, sha256) values ($1, $2)', [m.name, m.sha256]);
    });
    done.push(m.name);
  }
  return done;
}
