/**
 * A new embedded warehouse starts from a pre-built data folder instead of running Postgres's
 * initdb in WebAssembly: initdb alone took the process to about 880 MB and 3.8 s, loading the
 * same folder from its 5 MB archive to about 420 MB and 1.1 s. The archive is made once, when
 * the project is built (`npm ci` / `make`: tools/warehouse-template), by the same PGlite
 * version — its file name carries that version, and a warehouse falls back to initdb when the
 * archive of its version is missing.
 *
 * A new warehouse in a folder is unpacked from the archive file by file (`unpackTemplate`)
 * before PGlite opens it, as it would open an existing one: handed the archive instead, PGlite
 * keeps the unpacked folder, about 80 MB, in memory for as long as it runs.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { extract, list } from 'tar';
import { LOCK_FILE } from './folder-lock.js';
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

/** Whether an archive entry (written by PGlite with a leading `/`) is the data folder's PG_VERSION. */
const isVersionFile = (entry: string) => entry.replace(/^\/+/, '') === 'PG_VERSION';

/**
 * Unpacks the archive at `path` into the new data folder `dir`, PG_VERSION last: a folder
 * without PG_VERSION is a new warehouse, so an unpacking cut short is simply done again at the
 * next open. The folder may hold only the lock file and what an earlier unpacking left (the
 * archive's own names): anything else would be overwritten. False when there is no archive.
 */
export function unpackTemplate(dir: string, path = templatePath()): boolean {
  if (!existsSync(path)) return false;
  // PGlite writes absolute names (/base/1/…): tar makes them relative to `dir`, and says so.
  const onwarn = (code: string, message: string | Error) => {
    if (code !== 'TAR_ENTRY_INFO') throw new Error(String(message));
  };
  const unpack = (wanted: (entry: string) => boolean) =>
    extract({
      file: path,
      cwd: dir,
      sync: true,
      onwarn,
      filter: (entry, header) => {
        // The archive's modes without any rights for group and others: files 0600, folders 0700.
        if (header.mode !== undefined) header.mode &= 0o700;
        return wanted(entry);
      },
    });
  try {
    refuseForeignFiles(dir, path);
    unpack((entry) => !isVersionFile(entry));
    unpack(isVersionFile);
  } catch (error) {
    if (error instanceof ForeignFilesError) throw error;
    throw new Error(`cannot make a new warehouse in ${dir} from ${path}: ${(error as Error).message}. Run \`make build\` (or \`npm ci\`) to write the archive again`, { cause: error });
  }
  return true;
}

/** A new warehouse's folder holds files of its own. */
export class ForeignFilesError extends Error {}

/** Throws ForeignFilesError when `dir` holds a name that is neither the lock file nor one the archive unpacks. */
function refuseForeignFiles(dir: string, path: string): void {
  const present = readdirSync(dir).filter((name) => name !== LOCK_FILE);
  if (present.length === 0) return;
  const ours = new Set<string>();
  list({ file: path, sync: true, onReadEntry: (entry) => void ours.add(entry.path.replace(/^\/+/, '').split('/')[0]) });
  const foreign = present.filter((name) => !ours.has(name));
  if (foreign.length > 0) {
    // Counted, not named: a name is not shown unmasked, and this module has no masking key.
    throw new ForeignFilesError(
      `${dir} is not a warehouse (it has no PG_VERSION) but holds ${foreign.length === 1 ? 'a file or folder' : `${foreign.length} files or folders`} of its own: ` +
        'a new warehouse needs a folder of its own. Choose an empty or new folder (ETL_WAREHOUSE_DIR)',
    );
  }
}
