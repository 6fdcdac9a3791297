/**
 * The phone-masking key (see pii.ts): where it lives, and the check that keeps a warehouse on
 * one key. This module is the key's only owner: `etl run` and `etl verify` both come here.
 *
 * Where: `ETL_PII_KEY` when set, else a key file — for the embedded warehouse
 * `<warehouse folder>.pii-key` beside its folder; for a PostgreSQL server
 * `${XDG_CONFIG_HOME:-~/.config}/<package name>/pii-keys/<host>_<port>_<database>.key` (folder
 * 0700), never in the code checkout; `ETL_PII_KEY_FILE` names another file for either. The file
 * is created once (64 hex characters, mode 0600); a key file other users can read or change is
 * refused (not tightened: a key others could read may already be known), and so is a key
 * shorter than PII_KEY_MIN_LENGTH, from either place.
 *
 * The check: etl.pii_key_check (migration 009) holds a fingerprint of the warehouse's key,
 * HMAC-SHA-256(key, 'etl pii key check v1'), which tells nothing about the key or any number.
 * The first run records it (a warehouse built before the check records the key of its next
 * run); a run or verify with a key of another fingerprint is refused before anything is
 * loaded, because its hashes would match none of the warehouse's.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { migrate } from '../db/migrate.js';
import type { WarehouseConfig } from '../db/open.js';
import { lockForRun } from '../db/run-lock.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import { paths, projectRoot } from '../paths.js';
import { checkPiiKeyLength } from './pii.js';

/** A resolved key and where it came from (`ETL_PII_KEY` or the key file's path). */
export interface PiiKey {
  key: string;
  origin: string;
}

// ── Where the key file is ──

/** The folder of the user's configuration files: `$XDG_CONFIG_HOME` (when absolute), else `~/.config`. */
function configHome(env: NodeJS.ProcessEnv): string {
  const xdg = env.XDG_CONFIG_HOME?.trim();
  if (xdg && isAbsolute(xdg)) return xdg;
  return join(env.HOME?.trim() || homedir(), '.config');
}

function packageName(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { name: string }).name;
}

/** The folder of the server warehouses' key files (0700). */
export function serverKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(configHome(env), packageName(), 'pii-keys');
}

/** `<host>_<port>_<database>` of a server URL, safe as a file name. */
function serverKeyName(databaseUrl: string, env: NodeJS.ProcessEnv): string {
  // postgres://user@/db?host=/socket/folder has no host part, which URL does not take: a placeholder stands in.
  const NO_HOST = 'no-host.invalid';
  let url: URL;
  try {
    url = new URL(databaseUrl.replace(/^(postgres(?:ql)?:\/\/(?:[^@/?#]*@)?)(?=[/?#]|$)/i, `$1${NO_HOST}`));
  } catch {
    throw new Error('DATABASE_URL is not a postgres://… URL, so the file of its phone-masking key cannot be named: set ETL_PII_KEY_FILE to the key file');
  }
  const hostname = url.hostname === NO_HOST ? '' : decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1');
  const host = url.searchParams.get('host') || hostname || env.PGHOST || 'localhost';
  const port = url.searchParams.get('port') || url.port || env.PGPORT || '5432';
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || env.PGDATABASE || decodeURIComponent(url.username) || env.PGUSER || 'postgres';
  return [host.toLowerCase(), port, database].map((part) => encodeURIComponent(part)).join('_');
}

/**
 * The key file of a warehouse: `ETL_PII_KEY_FILE` when set; for a server
 * `<config dir>/<package>/pii-keys/<host>_<port>_<database>.key`; for the embedded warehouse
 * `<warehouse folder>.pii-key`. Only computes the path.
 */
export function piiKeyFile(config: WarehouseConfig, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ETL_PII_KEY_FILE?.trim();
  if (override) return resolve(override);
  if (config.databaseUrl) return join(serverKeyDir(env), `${serverKeyName(config.databaseUrl, env)}.key`);
  return `${config.warehouseDir ?? paths.defaultWarehouse()}.pii-key`;
}

/** Where versions before this one kept the key of every warehouse without ETL_WAREHOUSE_DIR, a server's too: in the checkout. */
function earlierKeyFile(): string {
  return `${paths.defaultWarehouse()}.pii-key`;
}

// ── Reading and making the key ──

function createKeyFile(keyFile: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  if (dirname(keyFile) === serverKeyDir(env)) chmodSync(dirname(keyFile), 0o700);
  writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(keyFile, 0o600);
}

function readKeyFile(keyFile: string): string {
  const stat = statSync(keyFile);
  if (!stat.isFile()) throw new Error(`the phone-masking key file ${keyFile} is not a file`);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    throw new Error(
      `the phone-masking key file ${keyFile} can be read or changed by other users (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}); ` +
        `it must be its owner's alone: chmod 600 ${keyFile}, then run again`,
    );
  }
  const key = readFileSync(keyFile, 'utf8').trim();
  checkPiiKeyLength(key, `the key in ${keyFile}`);
  return key;
}

/**
 * The masking key: `ETL_PII_KEY` when set, else the key file, created (mode 0600) when missing.
 * Either must hold at least PII_KEY_MIN_LENGTH characters. Knows nothing of the warehouse: a
 * run or verify uses resolveRunPiiKey.
 */
export function resolvePiiKey(env: NodeJS.ProcessEnv, keyFile: string): PiiKey {
  const fromEnv = env.ETL_PII_KEY?.trim();
  if (fromEnv) {
    checkPiiKeyLength(fromEnv, 'ETL_PII_KEY');
    return { key: fromEnv, origin: 'ETL_PII_KEY' };
  }
  if (!existsSync(keyFile)) createKeyFile(keyFile, env);
  return { key: readKeyFile(keyFile), origin: keyFile };
}

// ── The warehouse's key check ──

/** The fingerprint of a key recorded in etl.pii_key_check: tells nothing about the key or any number. */
export function piiKeyFingerprint(key: string): string {
  return createHmac('sha256', key).update('etl pii key check v1').digest('hex');
}

/** The fingerprint recorded in the warehouse (migrated), or null. */
export async function recordedPiiKeyCheck(wh: Warehouse): Promise<{ fingerprint: string; recordedAt: string } | null> {
  const { rows } = await wh.query<{ fingerprint: string; recorded_at: string }>(
    `select fingerprint, to_char(recorded_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') as recorded_at from etl.pii_key_check`,
  );
  return rows[0] ? { fingerprint: rows[0].fingerprint, recordedAt: rows[0].recorded_at } : null;
}

/** Columns that hold keyed phone hashes. */
const HASH_COLUMNS = ['customer_phone_hash', 'caller_phone_hash'];

/** True when any table of the warehouse holds a phone hash (made with some key). */
export async function warehouseHoldsPhoneHashes(wh: Warehouse): Promise<boolean> {
  const { rows } = await wh.query<{ table_schema: string; table_name: string; column_name: string }>(
    `select table_schema, table_name, column_name from information_schema.columns
     where column_name in (${HASH_COLUMNS.map((c) => `'${c}'`).join(', ')}) and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  for (const c of rows) {
    const { rows: found } = await wh.query(`select 1 from ${quoteIdent(c.table_schema)}.${quoteIdent(c.table_name)} where ${quoteIdent(c.column_name)} is not null limit 1`);
    if (found.length > 0) return true;
  }
  return false;
}

/** Where the key is looked for, for messages. */
function whereExpected(keyFile: string): string {
  return `The key is read from ETL_PII_KEY when it is set, else from the key file ${keyFile}`;
}

/** Sentences naming key files (other than `exclude`) that hold the recorded key, or the key file of earlier versions. */
function keyFileHints(env: NodeJS.ProcessEnv, keyFile: string, recorded: { fingerprint: string } | null, exclude: string | null): string {
  const hints: string[] = [];
  // The file of earlier versions: named when its fingerprint matches, or for a server's key (which it may be).
  const earlier = recorded || dirname(keyFile) === serverKeyDir(env) ? [earlierKeyFile()] : [];
  for (const file of [...new Set([keyFile, ...earlier])]) {
    if (file === exclude || !existsSync(file)) continue;
    let key: string;
    try {
      key = readFileSync(file, 'utf8').trim();
    } catch {
      continue;
    }
    const copy = `mkdir -p ${dirname(keyFile)} && cp ${file} ${keyFile} && chmod 600 ${keyFile}`;
    if (recorded && piiKeyFingerprint(key) === recorded.fingerprint) {
      hints.push(file === keyFile ? `The key file ${keyFile} holds the warehouse's key: unset ETL_PII_KEY to use it.` : `${file} holds the warehouse's key (its fingerprint matches): ${copy}.`);
    } else if (!recorded && file !== keyFile) {
      hints.push(`A key file is at ${file}, where versions before this one kept the key of a server warehouse too: if it is this warehouse's key, ${copy}.`);
    }
  }
  return hints.length ? ` ${hints.join(' ')}` : '';
}

/**
 * The key for a run (or, with `record: false`, a verify) on `wh`: resolvePiiKey, checked against
 * the warehouse. Refused, before anything is loaded: a key whose fingerprint is not the one
 * recorded; a missing key file when a fingerprint is recorded or the warehouse holds hashes
 * (no new key is made then). When no fingerprint is recorded yet, a run records this key's
 * (of two first runs at once with different keys, the second is refused). Brings the
 * warehouse's schema up to date, a run holding the run lock meanwhile (as runPipeline does: no
 * migration without it).
 */
export async function resolveRunPiiKey(env: NodeJS.ProcessEnv, keyFile: string, wh: Warehouse, opts: { record?: boolean } = {}): Promise<PiiKey> {
  const record = opts.record ?? true;
  const lock = record ? await lockForRun(wh) : undefined;
  try {
    await migrate(wh);
    const recorded = await recordedPiiKeyCheck(wh);
    const pii = await checkedKey(env, keyFile, wh, recorded);
    if (!recorded && record) {
      await wh.query('insert into etl.pii_key_check (fingerprint) values ($1) on conflict do nothing', [piiKeyFingerprint(pii.key)]);
      // Another first run may have recorded its key a moment before: the same check then.
      await checkedKey(env, keyFile, wh, await recordedPiiKeyCheck(wh));
    }
    return pii;
  } finally {
    await lock?.release();
  }
}

/** The key by resolvePiiKey, refused when it cannot be the warehouse's (see resolveRunPiiKey). */
async function checkedKey(env: NodeJS.ProcessEnv, keyFile: string, wh: Warehouse, recorded: { fingerprint: string; recordedAt: string } | null): Promise<PiiKey> {
  const fromEnv = env.ETL_PII_KEY?.trim();
  if (!fromEnv && !existsSync(keyFile) && (recorded || (await warehouseHoldsPhoneHashes(wh)))) {
    throw new Error(
      `the phone-masking key file ${keyFile} is missing, but the warehouse (${wh.description}) already holds phone hashes made with a key` +
        `${recorded ? ` (its fingerprint recorded ${recorded.recordedAt})` : ''}: a new key would make this run's hashes match none of them, so none is made. ` +
        `Copy the key file back to ${keyFile} (chmod 600), or set ETL_PII_KEY to the key.${keyFileHints(env, keyFile, recorded, null)}`,
    );
  }
  let pii: PiiKey;
  try {
    pii = resolvePiiKey(env, keyFile);
  } catch (error) {
    if (!recorded && error instanceof Error && /must be at least/.test(error.message) && (await warehouseHoldsPhoneHashes(wh))) {
      error.message += `. The ${wh.description} already holds phone hashes made with the short key: hashes made with a new key will match none of them`;
    }
    throw error;
  }
  const fingerprint = piiKeyFingerprint(pii.key);
  if (recorded && recorded.fingerprint !== fingerprint) {
    throw new Error(
      `the phone-masking key from ${pii.origin} is not the key of the warehouse (${wh.description}): its phone hashes were made with another key ` +
        `(its fingerprint recorded ${recorded.recordedAt}), and this key's hashes would match none of them. Nothing was loaded. ` +
        `${whereExpected(keyFile)}. Restore the warehouse's key from a backup: put it back in ${keyFile} (chmod 600 ${keyFile})` +
        `${fromEnv ? ' and unset ETL_PII_KEY' : ''}, or set ETL_PII_KEY to it.${keyFileHints(env, keyFile, recorded, pii.origin)}`,
    );
  }
  return pii;
}
