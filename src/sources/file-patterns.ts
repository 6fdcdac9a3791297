/** Matching file names against the `*`-patterns of source definitions (`*工单明细*`). */
import { basename } from 'node:path';
import type { SourceDefinition } from './define.js';

const cache = new Map<string, RegExp>();

function patternRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const body = pattern
      .normalize('NFKC')
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, re);
  }
  return re;
}

/** Sources whose file pattern matches the file's name (the extension is part of the name). */
export function sourcesByFileName(relPath: string, sources: readonly SourceDefinition[]): SourceDefinition[] {
  const name = basename(relPath).normalize('NFKC');
  return sources.filter((s) => s.filePatterns.some((p) => patternRegex(p).test(name)));
}

/** Whether a sheet name is one the source accepts (any sheet when the source names none). */
export function sheetAccepted(source: SourceDefinition, sheet: string | null): boolean {
  if (!source.sheets || sheet === null) return true;
  const norm = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return source.sheets.some((s) => norm(s) === norm(sheet));
}
