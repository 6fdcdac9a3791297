/**
 * What a held file was read under: the definitions of the sources it was loaded into and the
 * version of the code that reads exports. The warehouse does not read a file again whose content
 * it holds under the same hash; when a definition or the reading code changes, it does.
 *
 * The code's version is a hash of the reading code itself (extract, transform, sources, load and
 * the per-file loader), not a version number someone has to remember to bump.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { portableSource, type SourceDefinition } from '../sources/define.js';

/** The folders (below src/) and files (below src/pipeline/) whose code decides what a file loads as. */
const READING_FOLDERS = ['extract', 'transform', 'sources', 'load'];
const READING_FILES = ['load-file', 'parallel-csv', 'csv-range-worker', 'merged-fill', 'mappings'];

let codeVersion: string | undefined;

/** SHA-256 of the reading code, as it runs (the compiled .js, or the .ts under the test runner). */
export function readingCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const here = dirname(fileURLToPath(import.meta.url));
  const root = dirname(here);
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')) files.push(path);
    }
  };
  for (const folder of READING_FOLDERS) walk(join(root, folder));
  for (const name of readdirSync(here).sort()) if (READING_FILES.some((f) => name === `${f}.ts` || name === `${f}.js`)) files.push(join(here, name));
  const hash = createHash('sha256');
  for (const path of files) hash.update(path.slice(root.length)).update('\0').update(readFileSync(path)).update('\0');
  codeVersion = hash.digest('hex');
  return codeVersion;
}

/** A definition as canonical text: data as JSON, a pattern as its source. */
function canonical(source: SourceDefinition): string {
  return JSON.stringify(portableSource(source), (_key, value: unknown) => {
    if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
    if (typeof value === 'function') return String(value);
    return value;
  });
}

/** The hash a file loaded into `sourceIds` is held under. */
export function definitionHash(sourceIds: readonly string[], sources: readonly SourceDefinition[]): string {
  const hash = createHash('sha256').update(readingCodeVersion());
  for (const id of [...new Set(sourceIds)].sort()) {
    const source = sources.find((s) => s.id === id);
    hash.update('\0').update(id).update('\0').update(source ? canonical(source) : 'unknown source');
  }
  return hash.digest('hex');
}
