/**
 * The snapshot `etl serve` serves: the warehouse folder, migrated, copied under its lock into a
 * private temporary folder (only its owner may enter it). The lock is freed as soon as the copy
 * is made, so runs go on while the snapshot is served. The folder is removed when the server
 * stops; one left by a server that was killed is removed by the next `etl serve`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LOCK_FILE, lockFolder } from '../db/folder-lock.js';
import { migrate } from '../db/migrate.js';
import { PgliteWarehouse } from '../db/pglite-warehouse.js';

const PREFIX = 'etl-serve-';
const TRASH = 'removing';

/** A snapshot on disk, and how to remove it. */
export interface Snapshot {
  /** The private folder holding the snapshot and the copies the database opens. */
  scratch: string;
  /** The snapshot itself (never opened by the database). */
  folder: string;
  takenAt: Date;
  /** Time taken, migration included (ms), and size in bytes. */
  ms: number;
  bytes: number;
  /** Removes the scratch folder (again is harmless). */
  remove(): void;
}

/** Migrates the warehouse in `dir` and copies it, under its lock, into a new private folder. */
export async function takeSnapshot(dir: string): Promise<Snapshot> {
  const began = Date.now();
  removeAbandoned();
  const wh = await PgliteWarehouse.open(dir);
  try {
    await migrate(wh);
  } finally {
    await wh.close();
  }
  // mkdtemp makes the folder 0700: another local user cannot read or change the copies.
  const scratch = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  const remove = () => discard(scratch);
  process.on('exit', remove);
  const folder = join(scratch, 'snapshot');
  const release = lockFolder(dir);
  try {
    cpSync(dir, folder, { recursive: true, filter: (src) => basename(src) !== LOCK_FILE });
  } catch (error) {
    remove();
    throw error;
  } finally {
    release();
  }
  return {
    scratch,
    folder,
    takenAt: new Date(),
    ms: Date.now() - began,
    bytes: folderBytes(folder),
    remove: () => {
      process.off('exit', remove);
      remove();
    },
  };
}

/**
 * Removes a scratch folder without waiting: it is renamed at once (so it is no longer this
 * server's) and deleted by a detached process, since deleting a copy of a large warehouse takes
 * seconds and stopping should not.
 */
function discard(scratch: string): void {
  const trash = `${scratch}-${TRASH}`;
  try {
    renameSync(scratch, trash);
  } catch {
    return; // already gone
  }
  removeDetached(trash);
}

function removeDetached(path: string): void {
  try {
    const script = 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })';
    spawn(process.execPath, ['-e', script, path], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    rmSync(path, { recursive: true, force: true });
  }
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

/** Removes the snapshot folders of `etl serve` processes that no longer exist (killed). */
function removeAbandoned(): void {
  for (const name of readdirSync(tmpdir())) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid) continue;
    const path = join(tmpdir(), name);
    try {
      if (name.endsWith(`-${TRASH}`)) {
        // Being removed since its server stopped, unless that was long ago.
        if (Date.now() - statSync(path).mtimeMs > 3_600_000) removeDetached(path);
        continue;
      }
      process.kill(Number(m[1]), 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') discard(path);
    }
  }
}
