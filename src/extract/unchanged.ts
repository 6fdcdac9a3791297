/**
 * A file still being copied or saved while it is read gives rows of neither version: its
 * SHA-256 is taken again once it has been read, and a difference fails the file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { FileError } from './errors.js';
import { unreadableFile } from './io-error.js';

/** The SHA-256 of a file's content, in hex. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Throws FileError `changed` when the file's SHA-256 is no longer `before`. */
export async function checkUnchanged(path: string, relPath: string, before: string): Promise<void> {
  let after: string;
  try {
    after = await sha256File(path);
  } catch (error) {
    throw unreadableFile(relPath, error);
  }
  if (after === before) return;
  throw new FileError(
    relPath,
    'changed',
    `changed while it was being read (SHA-256 ${before.slice(0, 12)}… before, ${after.slice(0, 12)}… after): ` +
      'another program was still writing it. Nothing of it was loaded; wait until it is completely copied or saved, then run again',
  );
}
