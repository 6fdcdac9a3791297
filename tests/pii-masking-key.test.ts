/**
 * The phone-masking key is never silently replaced: when its file is missing but the warehouse
 * already holds hashes, the run is refused, saying how to restore it — on both warehouses.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRunPiiKey, warehouseHoldsPhoneHashes } from '../src/transform/pii-key.js';
import { tempDir } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('the phone-masking key on %s', (kind) => {
  const warehouse = useWarehouse(kind);

  it('creates the key file (mode 0600) for a warehouse without hashes, then keeps using it', async () => {
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(false);
    const first = await resolveRunPiiKey({}, keyFile, warehouse());
    expect(first.key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect((await resolveRunPiiKey({}, keyFile, warehouse())).key).toBe(first.key);
  });

  it('refuses a new key when the key file is missing but the warehouse holds hashes', async () => {
    await warehouse().exec('create table pii_key_probe (caller_phone_hash text)');
    await warehouse().exec(`insert into pii_key_probe values (null)`);
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(false);
    await warehouse().exec(`insert into pii_key_probe values ('0123456789abcdef')`);
    expect(await warehouseHoldsPhoneHashes(warehouse())).toBe(true);
    const keyFile = join(tempDir('etl-key-'), 'wh.pii-key');
    await expect(resolveRunPiiKey({}, keyFile, warehouse())).rejects.toThrow(/key file .* is missing, but the warehouse already holds phone hashes.*Copy the key file back to .*or set ETL_PII_KEY/);
    expect(existsSync(keyFile)).toBe(false);
    // ETL_PII_KEY still works, without a file.
    expect(await resolveRunPiiKey({ ETL_PII_KEY: 'restored-key-of-the-warehouse-0123456789' }, keyFile, warehouse())).toEqual({ key: 'restored-key-of-the-warehouse-0123456789', origin: 'ETL_PII_KEY' });
    await warehouse().exec('drop table pii_key_probe');
  });
});
