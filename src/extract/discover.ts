/**
 * Lists the files below the input folder, in a deterministic order, and says which ones
 * were left aside and why.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A file found below the input folder. */
export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the input folder with `/` separators, as shown to the user. */
  relPath: string;
  /** Size in bytes. */
  size: number;
}

/** An entry left aside, with the reason shown to the user. */
export interface IgnoredFile {
  relPath: string;
  reason: string;
}

/** What discoverFiles found. */
export interface Discovery {
  /** Regular files, sorted by relPath in code-point order. */
  files: DiscoveredFile[];
  /** Entries not looked at (lock files, hidden files, symbolic links …), sorted by relPath. */
  ignored: IgnoredFile[];
}

const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);

/** How discoverFiles names what it finds. */
export interface DiscoverOptions {
  /**
   * Applied to every relPath (a run masks the mobile numbers in file and folder names, so that
   * no name shown, stored or reported holds one); `path` stays the real one.
   */
  maskName?: (relPath: string) => string;
}

/** Finds every file below `inputDir` (recursively, without following symbolic links). */
export async function discoverFiles(inputDir: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const shown = options.maskName ?? ((relPath: string) => relPath);
  const root = await stat(inputDir).catch(() => null);
  if (!root) throw new Error(`input folder ${inputDir} does not exist`);
  if (!root.isDirectory()) throw new Error(`input folder ${inputDir} is not a folder`);

  const files: DiscoveredFile[] = [];
  const ignored: IgnoredFile[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      ignored.push({ relPath: shown(prefix || '.'), reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? error}): check the folder's permissions` });
      return;
    }
    for (const entry of entries) {
      const relPath = prefix + entry.name;
      const path = join(dir, entry.name);
      const skip = reasonToSkip(entry.name);
      if (skip) ignored.push({ relPath: shown(relPath), reason: skip });
      // Dirent types come from lstat: a link is reported as a link, never as its target.
      else if (entry.isSymbolicLink()) ignored.push({ relPath: shown(relPath), reason: 'is a symbolic link (not followed)' });
      else if (entry.isDirectory()) await walk(path, `${relPath}/`);
      else if (entry.isFile()) files.push({ path, relPath: shown(relPath), size: (await lstat(path)).size });
      else ignored.push({ relPath: shown(relPath), reason: 'is not a regular file' });
    }
  };
  await walk(resolve(inputDir), '');
  files.sort((a, b) => byCodePoint(a.relPath, b.relPath));
  ignored.sort((a, b) => byCodePoint(a.relPath, b.relPath));
  return { files, ignored };
}

function reasonToSkip(name: string): string | null {
  // Excel and WPS create `~$name.xlsx` next to a workbook while it is open.
  if (name.startsWith('~$')) return 'is an Office lock file (the workbook was open in Excel or WPS)';
  if (name.startsWith('.')) return 'is a hidden file';
  if (SYSTEM_FILES.has(name.toLowerCase())) return 'is a Windows system file';
  return null;
}

/** Orders by Unicode code point (UTF-8 byte order), not by UTF-16 code unit or locale. */
function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
