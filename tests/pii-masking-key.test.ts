/**
 * The phone-masking key is never silently replaced: a warehouse keeps a fingerprint of its key
 * and refuses a run (or verify) with another one, saying how to restore it; a key file that is
 * missing while the warehouse holds hashes is refused too; every key has at least 32
 * characters; a server warehouse's key file lives in the user's config folder, not in the
 * checkout — on both warehouses.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { openWarehouse } from '../src/db/open.js';
import { projectRoot } from '../src/paths.js';
import { runPipeline } from '../src/pipeline/run.js';
import { phoneHasher, PII_KEY_MIN_LENGTH } from '../src/transform/pii.js';
import { piiKeyFile, piiKeyFingerprint, recordedPiiKeyCheck, resolvePiiKey, resolveRunPiiKey, warehouseHoldsPhoneHashes } from '../src/transform/pii-key.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { TICKET_HEADER, ticket } from './support/hostile-corpus.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const KEY_A = 'warehouse-key-a-0123456789abcdef0123456789abcdef';
const KEY_B = 'warehouse-key-b-0123456789abcdef0123456789abcdef';
const mode = (path: string) => statSync(path).mode & 0o777;

/** A key file holding `key`, mode 0600, in a new folder. */
function keyFileWith(key: string): string {
  const file = join(tempDir('etl-key-'), 'wh.pii-key');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return file;
}

describe('the key itself', () => {
  it('has at least 32 characters, from ETL_PII_KEY or from the key file; the message says how to make one', () => {
    expect(PII_KEY_MIN_LENGTH).toBe(32);
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    expect(() => resolvePiiKey({ ETL_PII_KEY: 'a' }, keyFile)).toThrow(/^ETL_PII_KEY is 1 characters long; a phone-masking key must be at least 32 characters .*`openssl rand -hex 32`/);
    expect(() => resolvePiiKey({ ETL_PII_KEY: 'x'.repeat(31) }, keyFile)).toThrow(/at least 32 characters/);
    expect(resolvePiiKey({ ETL_PII_KEY: ` ${'x'.repeat(32)} ` }, keyFile)).toEqual({ key: 'x'.repeat(32), origin: 'ETL_PII_KEY' });
    expect(existsSync(keyFile)).toBe(false);
    const short = keyFileWith('sixteen-chars-ok');
    expect(() => resolvePiiKey({}, short)).toThrow(new RegExp(`^the key in ${short} is 16 characters long; a phone-masking key must be at least 32 characters .*openssl rand -hex 32`));
  });

  it('is checked by every run, whoever calls it: a short key stops runPipeline before anything is loaded', async () => {
    expect(() => phoneHasher('short')).toThrow(/the phone-masking key is 5 characters long; a phone-masking key must be at least 32/);
    const wh = await openWarehouse({ warehouseDir: mkdtempSync(join(tmpdir(), 'etl-wh-')) });
    try {
      await migrate(wh);
      await expect(runPipeline(wh, { sources, year: 2023, inputDir: tempDir(), piiKey: 'short' })).rejects.toThrow(/at least 32 characters/);
      expect((await wh.query('select count(*)::int as n from etl.runs')).rows).toEqual([{ n: 0 }]);
    } finally {
      await wh.close();
    }
  });

  it('is generated as 64 hex characters in a file of mode 0600; a key file others can read or change is refused', () => {
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    const made = resolvePiiKey({}, keyFile);
    expect(made).toEqual({ key: expect.stringMatching(/^[0-9a-f]{64}$/), origin: keyFile });
    expect(mode(keyFile)).toBe(0o600);
    expect(resolvePiiKey({}, keyFile).key).toBe(made.key);
    chmodSync(keyFile, 0o644);
    expect(() => resolvePiiKey({}, keyFile)).toThrow(`the phone-masking key file ${keyFile} can be read or changed by other users (mode 0644); it must be its owner's alone: chmod 600 ${keyFile}, then run again`);
    chmodSync(keyFile, 0o620);
    expect(() => resolvePiiKey({}, keyFile)).toThrow(/mode 0620/);
    chmodSync(keyFile, 0o600);
    expect(resolvePiiKey({}, keyFile).key).toBe(made.key);
  });
});

describe('where the key file is', () => {
  it('beside the embedded warehouse folder; for a server, in the config folder (not the checkout), one file per host, port and database', () => {
    const config = mkdtempSync(join(tmpdir(), 'etl-config-'));
    expect(piiKeyFile({ warehouseDir: '/data/wh' }, {})).toBe('/data/wh.pii-key');
    const env = { XDG_CONFIG_HOME: config };
    expect(piiKeyFile({ databaseUrl: 'postgres://etl:secret@DB.example.org:6543/warehouse', warehouseDir: '/data/wh' }, env)).toBe(
      join(config, 'csr-figures-etl', 'pii-keys', 'db.example.org_6543_warehouse.key'),
    );
    expect(piiKeyFile({ databaseUrl: 'postgres://etl@[::1]/warehouse' }, env)).toBe(join(config, 'csr-figures-etl', 'pii-keys', `${encodeURIComponent('::1')}_5432_warehouse.key`));
    expect(piiKeyFile({ databaseUrl: 'postgres://etl@127.0.0.1/report%20db' }, env)).toBe(join(config, 'csr-figures-etl', 'pii-keys', '127.0.0.1_5432_report%20db.key'));
    expect(piiKeyFile({ databaseUrl: 'postgresql://etl@/warehouse?host=/var/run/postgresql' }, env)).toBe(
      join(config, 'csr-figures-etl', 'pii-keys', `${encodeURIComponent('/var/run/postgresql')}_5432_warehouse.key`),
    );
    // Without XDG_CONFIG_HOME: ~/.config — outside the project folder either way.
    const home = piiKeyFile({ databaseUrl: 'postgres://etl@db:5432/warehouse' }, { HOME: '/home/etl' });
    expect(home).toBe('/home/etl/.config/csr-figures-etl/pii-keys/db_5432_warehouse.key');
    expect(piiKeyFile({ databaseUrl: 'postgres://etl@db:5432/warehouse' }, {}).startsWith(`${projectRoot()}/`)).toBe(false);
    // ETL_PII_KEY_FILE names another file, for either warehouse.
    expect(piiKeyFile({ databaseUrl: 'postgres://etl@db/w' }, { ...env, ETL_PII_KEY_FILE: '/secrets/etl.key' })).toBe('/secrets/etl.key');
    expect(piiKeyFile({ warehouseDir: '/data/wh' }, { ETL_PII_KEY_FILE: '/secrets/etl.key' })).toBe('/secrets/etl.key');
    rmSync(config, { recursive: true, force: true });
  });

  it("a server's key file is made in a folder of mode 0700, the file 0600", () => {
    const config = mkdtempSync(join(tmpdir(), 'etl-config-'));
    const env = { XDG_CONFIG_HOME: config };
    const keyFile = piiKeyFile({ databaseUrl: 'postgres://etl@db.example.org:5432/warehouse' }, env);
    const made = resolvePiiKey(env, keyFile);
    expect(made.key).toMatch(/^[0-9a-f]{64}$/);
    expect(mode(keyFile)).toBe(0o600);
    expect(mode(join(config, 'csr-figures-etl', 'pii-keys'))).toBe(0o700);
    expect(mode(join(config, 'csr-figures-etl'))).toBe(0o700);
    rmSync(config, { recursive: true, force: true });
  });
});

describe.each(WAREHOUSE_KINDS)('the key check of the warehouse on %s', (kind) => {
  const warehouse = useWarehouse(kind);
  beforeEach(async () => {
    await warehouse().exec('delete from etl.pii_key_check; drop table if exists pii_key_probe');
  });
  const holdHashes = async () => {
    await warehouse().exec(`create table if not exists pii_key_probe (caller_phone_hash text); insert into pii_key_probe values ('0123456789abcdef')`);
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(true);
  };

  it('the first run makes the key file (0600) and records its fingerprint, then keeps using it', async () => {
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    expect(await recordedPiiKeyCheck(warehouse())).toBeNull();
    const first = await resolveRunPiiKey({}, keyFile, warehouse());
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(mode(keyFile)).toBe(0o600);
    expect(await recordedPiiKeyCheck(warehouse())).toEqual({ fingerprint: piiKeyFingerprint(first.key), recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/) });
    expect((await resolveRunPiiKey({}, keyFile, warehouse())).key).toBe(first.key);
    // The fingerprint is a keyed hash of a fixed text: neither the key nor a phone hash.
    expect(piiKeyFingerprint(first.key)).toMatch(/^[0-9a-f]{64}$/);
    expect(piiKeyFingerprint(first.key)).not.toContain(first.key);
    expect(piiKeyFingerprint(first.key)).not.toBe(phoneHasher(first.key)('13800138000'));
  });

  it('refuses another key, from ETL_PII_KEY or the key file, saying where the key is expected and how to restore it; the same key is accepted', async () => {
    await holdHashes();
    const fileA = keyFileWith(KEY_A);
    expect((await resolveRunPiiKey({}, fileA, warehouse())).key).toBe(KEY_A);
    // Another key in ETL_PII_KEY: refused, and the key file holding the right key is named.
    const fromEnv = resolveRunPiiKey({ ETL_PII_KEY: KEY_B }, fileA, warehouse());
    await expect(fromEnv).rejects.toThrow(
      new RegExp(
        `^the phone-masking key from ETL_PII_KEY is not the key of the warehouse \\(.*\\): its phone hashes were made with another key \\(its fingerprint recorded .* UTC\\), and this key's hashes would match none of them\\. Nothing was loaded\\. ` +
          `The key is read from ETL_PII_KEY when it is set, else from the key file ${fileA}\\. Restore the warehouse's key from a backup: put it back in ${fileA} \\(chmod 600 ${fileA}\\) and unset ETL_PII_KEY, or set ETL_PII_KEY to it\\. ` +
          `The key file ${fileA} holds the warehouse's key: unset ETL_PII_KEY to use it\\.`,
      ),
    );
    // Another key in the key file: refused too.
    const fileB = keyFileWith(KEY_B);
    await expect(resolveRunPiiKey({}, fileB, warehouse())).rejects.toThrow(new RegExp(`^the phone-masking key from ${fileB} is not the key of the warehouse .*Restore the warehouse's key from a backup: put it back in ${fileB} \\(chmod 600 ${fileB}\\), or set ETL_PII_KEY to it\\.$`));
    // A verify is refused alike, and records nothing.
    await expect(resolveRunPiiKey({ ETL_PII_KEY: KEY_B }, fileA, warehouse(), { record: false })).rejects.toThrow(/were made with another key/);
    // The same key, from either place, is accepted; the recorded fingerprint stays.
    expect((await resolveRunPiiKey({ ETL_PII_KEY: KEY_A }, fileB, warehouse())).key).toBe(KEY_A);
    expect((await resolveRunPiiKey({}, fileA, warehouse(), { record: false })).key).toBe(KEY_A);
    expect((await recordedPiiKeyCheck(warehouse()))?.fingerprint).toBe(piiKeyFingerprint(KEY_A));
  });

  it('a warehouse from before the check (hashes, no fingerprint) records the key of its next run; a verify records nothing', async () => {
    await holdHashes();
    const fileA = keyFileWith(KEY_A);
    expect((await resolveRunPiiKey({}, fileA, warehouse(), { record: false })).key).toBe(KEY_A);
    expect(await recordedPiiKeyCheck(warehouse())).toBeNull();
    expect((await resolveRunPiiKey({}, fileA, warehouse())).key).toBe(KEY_A);
    expect((await recordedPiiKeyCheck(warehouse()))?.fingerprint).toBe(piiKeyFingerprint(KEY_A));
    await expect(resolveRunPiiKey({ ETL_PII_KEY: KEY_B }, fileA, warehouse())).rejects.toThrow(/were made with another key/);
  });

  it('a warehouse built before migration 009 gets the table and the fingerprint on its next run', async () => {
    await warehouse().exec(`drop table etl.pii_key_check; delete from etl.schema_migrations where name = '009_pii_key_check.sql'`);
    await holdHashes();
    const fileA = keyFileWith(KEY_A);
    expect((await resolveRunPiiKey({}, fileA, warehouse())).key).toBe(KEY_A);
    expect((await recordedPiiKeyCheck(warehouse()))?.fingerprint).toBe(piiKeyFingerprint(KEY_A));
  });

  it('refuses a new key when the key file is missing but the warehouse holds hashes, or has a fingerprint', async () => {
    await warehouse().exec('create table pii_key_probe (caller_phone_hash text); insert into pii_key_probe values (null)');
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(false);
    await holdHashes();
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    await expect(resolveRunPiiKey({}, keyFile, warehouse())).rejects.toThrow(
      /^the phone-masking key file .* is missing, but the warehouse \(.*\) already holds phone hashes made with a key: .*Copy the key file back to .* \(chmod 600\), or set ETL_PII_KEY to the key\./,
    );
    expect(existsSync(keyFile)).toBe(false);
    // ETL_PII_KEY still works, without a file (and, no fingerprint being recorded yet, becomes the warehouse's key).
    expect(await resolveRunPiiKey({ ETL_PII_KEY: KEY_A }, keyFile, warehouse())).toEqual({ key: KEY_A, origin: 'ETL_PII_KEY' });
    // With a fingerprint recorded, a missing key file is refused even without hashes.
    await warehouse().exec('drop table pii_key_probe');
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(false);
    await expect(resolveRunPiiKey({}, keyFile, warehouse())).rejects.toThrow(/is missing, but the warehouse .* \(its fingerprint recorded .* UTC\)/);
    expect(existsSync(keyFile)).toBe(false);
  });

  it('a short key over hashes made before the check is refused, warning that a new key will not match them', async () => {
    await holdHashes();
    await expect(resolveRunPiiKey({ ETL_PII_KEY: 'old-short-key' }, keyFileWith(KEY_A), warehouse())).rejects.toThrow(
      /^ETL_PII_KEY is 13 characters long; .*openssl rand -hex 32.*\. The .* already holds phone hashes made with the short key: hashes made with a new key will match none of them$/,
    );
  });
});

// ── The real command ──

const run = promisify(execFile);
async function etl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(projectRoot(), 'bin', 'etl.js'), ...args], { env, cwd: projectRoot() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.each(WAREHOUSE_KINDS)('etl run and etl verify with the key on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let config: string;
  const input = tempDir('etl-key-input-');
  const out = tempDir('etl-key-out-');
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    config = mkdtempSync(join(tmpdir(), 'etl-key-config-'));
    const warehouse = t.config.databaseUrl ? { DATABASE_URL: t.config.databaseUrl } : { DATABASE_URL: '', ETL_WAREHOUSE_DIR: t.config.warehouseDir };
    env = { ...process.env, ...warehouse, XDG_CONFIG_HOME: config, ETL_PII_KEY: '', ETL_PII_KEY_FILE: '' };
    writeCsv(input, '工单明细_2023.csv', [TICKET_HEADER, ticket('K1'), ticket('K2', { 联系电话: '13900139000' })]);
  });
  afterAll(async () => {
    await t.dispose();
    for (const dir of [input, out, config]) rmSync(dir, { recursive: true, force: true });
  });
  const runs = async () => {
    const wh = await openWarehouse(t.config);
    try {
      return (await wh.query<{ n: number }>('select count(*)::int as n from etl.runs')).rows[0].n;
    } finally {
      await wh.close();
    }
  };

  it("refuses a short ETL_PII_KEY (exit 2), saying how to make a key", async () => {
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', out], { ...env, ETL_PII_KEY: 'a' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^etl: ETL_PII_KEY is 1 characters long; a phone-masking key must be at least 32 characters .*openssl rand -hex 32/m);
  });

  it('the first run makes the key file where it belongs, the next with another key is refused before loading, the same key runs', async () => {
    const keyFile = piiKeyFile(t.config, env);
    if (kind === 'postgres') expect(keyFile.startsWith(join(config, 'csr-figures-etl', 'pii-keys'))).toBe(true);
    else expect(keyFile).toBe(`${t.config.warehouseDir}.pii-key`);
    const first = await etl(['run', '--year', '2023', '--input', input, '--out', out], env);
    expect(first.stdout).toMatch(/rows: +2 read = 2 loaded/);
    expect(mode(keyFile)).toBe(0o600);
    const key = readFileSync(keyFile, 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(await runs()).toBe(1);

    const other = await etl(['run', '--year', '2023', '--input', input, '--out', out], { ...env, ETL_PII_KEY: KEY_B });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`etl: the phone-masking key from ETL_PII_KEY is not the key of the warehouse`);
    expect(other.stderr).toContain('its phone hashes were made with another key');
    expect(other.stderr).toContain(`Restore the warehouse's key from a backup: put it back in ${keyFile} (chmod 600 ${keyFile}) and unset ETL_PII_KEY, or set ETL_PII_KEY to it.`);
    expect(other.stderr).toContain(`The key file ${keyFile} holds the warehouse's key: unset ETL_PII_KEY to use it.`);
    expect(await runs()).toBe(1);

    const verify = await etl(['verify', '--year', '2023', '--input', input], { ...env, ETL_PII_KEY: KEY_B });
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('its phone hashes were made with another key');

    const same = await etl(['run', '--year', '2023', '--input', input, '--out', out], { ...env, ETL_PII_KEY: key });
    // The warehouse holds the file already: the run with the right key reads nothing again.
    expect(same.stdout).toMatch(/files: +1 found, 0 loaded, 1 unchanged \(held, not read again\)/);
    expect(await runs()).toBe(2);
    const verified = await etl(['verify', '--year', '2023', '--input', input], env);
    expect(verified.stdout).toMatch(/^verify: OK/m);
  });

  it('says where the key is in `etl run --help`', async () => {
    const help = await etl(['run', '--help'], env);
    expect(help.stdout).toContain('ETL_PII_KEY (phone-masking key, at least 32 characters');
    expect(help.stdout).toContain('<warehouse folder>.pii-key');
    expect(help.stdout).toContain('pii-keys/<host>_<port>_<database>.key');
    expect(help.stdout).toContain('ETL_PII_KEY_FILE');
  });
});
