/**
 * A new embedded warehouse starts from the pre-built data folder (src/db/warehouse-template.ts)
 * rather than running initdb; an existing one opens as it is; without the archive, initdb.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.js';
import { PgliteWarehouse } from '../src/db/pglite-warehouse.js';
import { pgliteVersion, readTemplate, templatePath, unpackTemplate, writeTemplate } from '../src/db/warehouse-template.js';
import { tempDir } from './support/fixtures.js';

const identifier = async (wh: PgliteWarehouse) => (await wh.query<{ id: string }>('select system_identifier::text as id from pg_control_system()')).rows[0].id;

describe('the pre-built data folder of a new embedded warehouse', () => {
  it('is made by the build for the installed PGlite', () => {
    expect(templatePath()).toMatch(new RegExp(`pglite-${pgliteVersion().replace(/\./g, '\\.')}\\.tar\\.gz$`));
    expect(existsSync(templatePath())).toBe(true);
  });

  it('is where a new warehouse starts (its system identifier is the archive’s), and an existing one opens as it is', async () => {
    const dir = tempDir('etl-template-');
    const archive = await writeTemplate(join(dir, 'template.tar.gz'));
    const a = await PgliteWarehouse.open(join(dir, 'a'), { template: archive });
    const b = await PgliteWarehouse.open(join(dir, 'b'), { template: archive });
    const initdb = await PgliteWarehouse.open(join(dir, 'c'), { template: null });
    try {
      expect(await identifier(a)).toBe(await identifier(b));
      expect(await identifier(initdb)).not.toBe(await identifier(a));
      await migrate(a);
      await a.exec('create table kept (x int); insert into kept values (1), (2)');
    } finally {
      await Promise.all([a.close(), b.close(), initdb.close()]);
    }
    const again = await PgliteWarehouse.open(join(dir, 'a'), { template: archive });
    try {
      expect((await again.query<{ n: number }>('select count(*)::int as n from kept')).rows[0].n).toBe(2);
    } finally {
      await again.close();
    }
  });

  it('is not there for another PGlite version: a warehouse then runs initdb', async () => {
    expect(readTemplate(templatePath('0.0.0-none'))).toBeNull();
    const dir = join(tempDir('etl-template-'), 'w');
    expect(unpackTemplate(dir, templatePath('0.0.0-none'))).toBe(false);
    const wh = await PgliteWarehouse.open(dir, { template: templatePath('0.0.0-none') });
    try {
      expect((await wh.query<{ n: number }>('select 1 as n')).rows[0].n).toBe(1);
    } finally {
      await wh.close();
    }
  });

  it('is unpacked into a new folder with PG_VERSION last, files for the owner alone; an unpacking cut short is done again', async () => {
    const dir = join(tempDir('etl-template-'), 'w');
    mkdirSync(dir);
    expect(unpackTemplate(dir)).toBe(true);
    expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(100);
    for (const f of files) expect(statSync(join(f.parentPath, f.name)).mode & 0o077).toBe(0);
    // As if the process had stopped before the last file: the folder is new again, and opens as a warehouse.
    rmSync(join(dir, 'PG_VERSION'));
    rmSync(join(dir, 'global', 'pg_control'));
    const wh = await PgliteWarehouse.open(dir);
    try {
      expect((await wh.query<{ n: number }>('select 1 as n')).rows[0].n).toBe(1);
      expect(existsSync(join(dir, 'global', 'pg_control'))).toBe(true);
    } finally {
      await wh.close();
    }
  });
});

describe('the embedded warehouse’s memory', () => {
  it('keeps a small buffer cache in its WebAssembly heap, also when opened again', async () => {
    const dir = join(tempDir('etl-buffers-'), 'w');
    for (let i = 0; i < 2; i++) {
      const wh = await PgliteWarehouse.open(dir);
      try {
        expect((await wh.query<{ shared_buffers: string }>('show shared_buffers')).rows[0].shared_buffers).toBe('16MB');
      } finally {
        await wh.close();
      }
    }
  });
});

describe('a new warehouse made from the archive', () => {
  it('is not made in a folder holding files of its own, which stay as they were', async () => {
    const dir = join(tempDir('etl-template-'), 'w');
    mkdirSync(dir);
    writeFileSync(join(dir, 'my-notes.txt'), 'keep me');
    writeFileSync(join(dir, 'base'), 'a file named like a folder of the archive');
    await expect(PgliteWarehouse.open(dir)).rejects.toThrow(/holds a file or folder of its own: a new warehouse needs a folder of its own/);
    expect(readFileSync(join(dir, 'base'), 'utf8')).toBe('a file named like a folder of the archive');
    expect(readdirSync(dir).sort()).toEqual(['base', 'my-notes.txt']);
  });

  it('fails naming the folder and the archive when the archive is damaged, and is made at the next open from a sound one', async () => {
    const dir = tempDir('etl-template-');
    const cut = join(dir, 'cut.tar.gz');
    const whole = readFileSync(templatePath());
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const folder = join(dir, 'w');
    await expect(PgliteWarehouse.open(folder, { template: cut })).rejects.toThrow(`cannot make a new warehouse in ${folder} from ${cut}`);
    expect(existsSync(join(folder, 'PG_VERSION'))).toBe(false);
    const wh = await PgliteWarehouse.open(folder);
    try {
      expect((await wh.query<{ n: number }>('select 1 as n')).rows[0].n).toBe(1);
    } finally {
      await wh.close();
    }
  });
});
