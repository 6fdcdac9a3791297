/**
 * A new embedded warehouse starts from a pre-built data folder instead of running Postgres's
 * initdb in WebAssembly: initdb alone took the process to about 880 MB and 3.8 s, loading the
 * same folder from its 5 MB archive to about 420 MB and 1.1 s. The archive is made once, when
 * the project is built (`npm ci` / `make`: tools/warehouse-template), by the same PGlite
 * version — its file name carries that version, and a warehouse falls back to initdb when the
 * archive of its version is missing.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { projectRoot } from '../paths.js';

/** The installed PGlite's version (its package.json, found above its entry point: the package does not export it). */
export function pgliteVersion(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
      if (pkg.name === '@electric-sql/pglite') return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the version of @electric-sql/pglite');
    dir = parent;
  }
}

/** Where the archive of a new warehouse's data folder is, for this PGlite version. */
export function templatePath(version = pgliteVersion()): string {
  return join(projectRoot(), 'dist', 'warehouse-template', `pglite-${version}.tar.gz`);
}

/** Runs initdb once (in memory) and writes the data folder's archive to `path`. */
export async function writeTemplate(path = templatePath()): Promise<string> {
  const db = await PGlite.create();
  try {
    const archive = await db.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.tmp-${process.pid}`;
    writeFileSync(temp, Buffer.from(await archive.arrayBuffer()));
    renameSync(temp, path);
    return path;
  } finally {
    await db.close();
  }
}

/** The archive to start a new warehouse from, or null when there is none for this PGlite. */
export function readTemplate(path = templatePath()): Blob | null {
  return existsSync(path) ? new Blob([readFileSync(path)]) : null;
}
