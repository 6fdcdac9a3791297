/**
 * COPY into the server warehouse says what really went wrong: a damaged file's own error
 * when the rows fail first, the server's error when the server refused a row first.
 */
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import { FileError } from '../src/extract/errors.js';
import { createTestWarehouse } from './support/warehouses.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresWarehouse.copyFrom', () => {
  async function copyWith(chunks: () => AsyncGenerator<string>): Promise<{ error: unknown; usable: boolean }> {
    const t = await createTestWarehouse('postgres');
    const wh = await openWarehouse(t.config);
    try {
      await wh.exec('create table t (a int, b text)');
      const error = await wh.copyFrom('t', ['a', 'b'], chunks()).then(() => null, (e: unknown) => e);
      const usable = await wh.query('select 1').then(() => true, () => false);
      return { error, usable };
    } finally {
      await wh.close();
      await t.dispose();
    }
  }

  it("reports a damaged file's own error, not the server's echo of it", async () => {
    const { error, usable } = await copyWith(async function* () {
      yield '1\tx\n';
      await sleep(50);
      throw new FileError('f.csv', 'corrupt', 'is damaged at line 9');
    });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).reason).toBe('is damaged at line 9');
    expect(usable).toBe(true);
  });

  it('reports the server refusing a row when that came first, even if the file then turns out damaged', async () => {
    const { error } = await copyWith(async function* () {
      yield 'not-a-number\tx\n';
      await sleep(300);
      throw new FileError('f.csv', 'corrupt', 'is damaged at line 9');
    });
    expect(error).not.toBeInstanceOf(FileError);
    expect(String((error as Error).message)).toMatch(/invalid input syntax for type integer/);
  });
});
