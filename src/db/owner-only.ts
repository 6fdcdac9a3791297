/**
 * Makes the embedded warehouse's folder its owner's alone: every folder in it 0700, every file
 * 0600, whatever created them.
 *
 * PGlite writes most of a new warehouse's files (the ~970 of the data folder it unpacks, or that
 * its initdb makes) with Emscripten's FS.writeFile, whose FS.open creates a file and then calls
 * chmod with the mode asked for, 0666 by default: the process umask never applies (a umask of
 * 0o077 while PGlite starts leaves them 0666 all the same; only its folders follow it), and
 * Emscripten's own umask is not consulted either. The files Postgres itself creates later (new
 * tables, WAL) are 0600. So the tree is tightened once PGlite has opened the folder (while the
 * folder, 0700 from the start, already keeps others out), and again after it closed it, should
 * it have written another file its own way meanwhile (none was seen: a few milliseconds spent
 * for certainty). A umask of 0o077 is not an option anyway: it is process-wide, so the reports
 * and other outputs the same process writes meanwhile would get it too.
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Sets `dir` and every folder below it to 0700 and every file to 0600 (symbolic links are
 * neither followed nor changed); returns how many modes it changed. A file that is gone by the
 * time it is reached, or that belongs to another user (EPERM), is left as it is.
 */
export function restrictToOwner(dir: string): number {
  let changed = 0;
  const visit = (path: string, isDir: boolean) => {
    const mode = isDir ? FOLDER_MODE : FILE_MODE;
    try {
      if ((lstatSync(path).mode & 0o777) !== mode) {
        chmodSync(path, mode);
        changed++;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw error;
      return;
    }
    if (!isDir) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory() || entry.isFile()) visit(join(path, entry.name), entry.isDirectory());
    }
  };
  visit(dir, true);
  return changed;
}
