/** The embedded warehouse's folder is its owner's alone: the folder and every folder in it 0700, every file 0600. */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { restrictToOwner } from '../src/db/owner-only.js';
import { PgliteWarehouse } from '../src/db/pglite-warehouse.js';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'etl-mode-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** Every folder and file below `dir` whose mode lets group or others in, as "mode path". */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    const mode = lstatSync(path).mode & 0o777;
    if (entry.isSymbolicLink()) continue;
    if (mode & 0o077 || (entry.isDirectory() && mode !== 0o700) || (entry.isFile() && mode !== 0o600)) found.push(`${mode.toString(8)} ${path}`);
  }
  return found;
}

it('opens the embedded warehouse with its folder closed to other users', async () => {
  const existing = join(parent, 'wh');
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
});

it.each([
  ['from the pre-built data folder', undefined],
  ['by initdb', null],
])('leaves no file of a new warehouse (made %s) readable or writable by others, after tables are written and it is closed', async (_, template) => {
  const dir = join(parent, 'wh');
  const wh = await PgliteWarehouse.open(dir, { template });
  try {
    // PGlite writes the data folder's ~970 files 0666 (Emscripten chmods them to the mode asked for).
    expect(openToOthers(dir)).toEqual([]);
    await wh.exec('create table t (a int primary key, b text); insert into t select g, repeat(\'x\', 100) from generate_series(1, 20000) g');
    await wh.exec('create index on t (b)');
  } finally {
    await wh.close();
  }
  expect(openToOthers(dir)).toEqual([]);
  expect(readdirSync(dir, { recursive: true }).length).toBeGreaterThan(900);
});

it('tightens a warehouse folder left open by an earlier version when it is opened', async () => {
  const dir = join(parent, 'wh');
  await (await PgliteWarehouse.open(dir)).close();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chmodSync(join(entry.parentPath, entry.name), entry.isDirectory() ? 0o777 : 0o666);
  }
  const wh = await PgliteWarehouse.open(dir);
  expect(openToOthers(dir)).toEqual([]);
  await wh.close();
});

it('restrictToOwner: folders 0700, files 0600, symbolic links neither followed nor changed', () => {
  const outside = join(parent, 'outside.txt');
  writeFileSync(outside, 'x');
  chmodSync(outside, 0o644);
  const dir = join(parent, 'tree');
  mkdirSync(join(dir, 'a', 'b'), { recursive: true });
  for (const [path, mode] of [[dir, 0o755], [join(dir, 'a'), 0o777], [join(dir, 'a', 'b'), 0o750]] as const) chmodSync(path, mode);
  writeFileSync(join(dir, 'a', 'b', 'f'), 'x');
  chmodSync(join(dir, 'a', 'b', 'f'), 0o666);
  writeFileSync(join(dir, 'kept'), 'x');
  chmodSync(join(dir, 'kept'), 0o600);
  symlinkSync(outside, join(dir, 'a', 'link'));
  expect(restrictToOwner(dir)).toBe(4);
  expect(openToOthers(dir)).toEqual([]);
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(statSync(outside).mode & 0o777).toBe(0o644);
  expect(restrictToOwner(dir)).toBe(0);
});
