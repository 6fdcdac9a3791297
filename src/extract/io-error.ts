/**
 * Turns an operating-system error met while reading a file into a FileError a clerk can act on.
 */
import { FileError } from './errors.js';

const WHY: Record<string, string> = {
  ENOENT: 'it is no longer there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EBUSY: 'it is locked by another program',
  EISDIR: 'it is a folder',
};

/** FileError `unreadable` for an I/O error, or the error itself when it already is a FileError. */
export function unreadableFile(relPath: string, error: unknown): FileError {
  if (error instanceof FileError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = (code && WHY[code]) ?? (error instanceof Error ? error.message : String(error));
  return new FileError(relPath, 'unreadable', `cannot be read (${why}): check that it is there, closed in other programs and readable, then run again`);
}

/** True for an error that comes from the file system rather than from the file's content. */
export function isIoError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && code in WHY;
}
