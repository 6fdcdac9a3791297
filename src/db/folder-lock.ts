/**
 * The embedded warehouse is a folder that only one process may open at a time: PGlite does
 * not notice a second process, and the two then overwrite each other's work. A lock file in
 * the folder names the process holding it; a lock left by a process that no longer exists
 * (killed, crashed) is taken over.
 */
import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Name of the lock file inside the warehouse folder. */
export const LOCK_FILE = 'etl.lock';

interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** Thrown when another process holds the warehouse. */
export class WarehouseBusyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseBusyError';
  }
}

/** Takes the lock of the warehouse folder `dir` or throws WarehouseBusyError; returns its release. */
export function lockFolder(dir: string): () => void {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), command: `etl ${process.argv.slice(2).join(' ')}`.trim(), since: new Date().toISOString() };
  const text = `${JSON.stringify(me)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(path, text, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (attempt === 0 && isStale(path, holder)) {
      removeIfSame(path, holder);
      continue;
    }
    throw new WarehouseBusyError(busyMessage(dir, path, holder));
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone: nothing to release
    }
  };
  // A process that ends without closing the warehouse (process.exit) still frees it.
  process.on('exit', release);
  return release;
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, command: String(h.command ?? ''), since: String(h.since ?? '') } : null;
  } catch {
    return null;
  }
}

function isStale(path: string, holder: Holder | null): boolean {
  // An unreadable lock is a process killed while writing it, unless it is a few seconds old.
  if (!holder) {
    const stat = statSync(path, { throwIfNoEntry: false });
    return !stat || Date.now() - stat.mtimeMs > 5_000;
  }
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function removeIfSame(path: string, holder: Holder | null): void {
  try {
    if (JSON.stringify(readHolder(path)) === JSON.stringify(holder)) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function busyMessage(dir: string, path: string, holder: Holder | null): string {
  const who = holder
    ? `process ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''} (${holder.command}, since ${holder.since.replace('T', ' ').slice(0, 19)} UTC)`
    : 'another process';
  return (
    `the embedded warehouse ${dir} is in use by ${who}; only one process at a time can open it. ` +
    `Wait until that one has finished, then try again (if no such process is running any more, delete ${path})`
  );
}
