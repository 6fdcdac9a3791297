/** The embedded warehouse's folder is its owner's alone (mode 0700), whatever it was created with. */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { PgliteWarehouse } from '../src/db/pglite-warehouse.js';

it('opens the embedded warehouse with its folder closed to other users', async () => {
  const parent = mkdtempSync(join(tmpdir(), 'etl-mode-'));
  const existing = join(parent, 'wh');
  try {
    for (const dir of [join(parent, 'new'), existing]) {
      if (dir === existing) {
        const wh = await PgliteWarehouse.open(dir);
        await wh.close();
        chmodSync(dir, 0o777);
      }
      const wh = await PgliteWarehouse.open(dir);
      await wh.close();
      expect(statSync(dir).mode & 0o777, dir).toBe(0o700);
    }
  } finally {
    rmSync(parent, { recursive: true, force: true });
  }
});
