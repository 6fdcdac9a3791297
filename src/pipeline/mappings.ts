/**
 * etl-mappings.json: extra header spellings and file-name patterns for the sources, kept by the
 * clerk next to the exports (at the top of the input folder), so that a department renaming
 * 建单时间 to 工单创建时间 needs one line there instead of a change to pipelines/:
 *
 *   { "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] }, "files": ["*工单清单*"] } } }
 *
 * The file is checked as a whole before a run starts (unknown sources or columns, a header that
 * would name two columns, bad JSON: the run does not start). A run applies it by deriving
 * extended copies of the source definitions; the registered definitions are never changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import type { ColumnDefinition, SourceDefinition } from '../sources/define.js';
import { sourcesByFileName } from '../sources/file-patterns.js';
import { headerLookup, MAPPINGS_FILE, normaliseHeader, type HeaderMatch } from '../sources/headers.js';

export { MAPPINGS_FILE };

/** What the mapping file adds to one source. */
export interface SourceMapping {
  /** Extra header spellings per warehouse column name. */
  headers: Record<string, string[]>;
  /** Extra file-name patterns (`*` = any text). */
  files: string[];
}

/** A mapping file, read and checked. */
export interface Mappings {
  /** Absolute path of the file. */
  path: string;
  /** As the user knows it: `etl-mappings.json`, or the path given to `etl inspect --mappings`. */
  name: string;
  sha256: string;
  size: number;
  /** By source id; sources the file does not name are absent. */
  sources: Record<string, SourceMapping>;
}

/** A mapping file that cannot be used: the run does not start (exit 2). */
export class MappingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingsError';
  }
}

/** Path segments as a JSON path a person can find in the file: `sources.hotline_tickets.headers.created_at[0]`. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(String(segment))) out += `${out ? '.' : ''}${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out || '(the whole file)';
}

const FORM = '{ "sources": { "<source id>": { "headers": { "<column name>": ["<header as the file writes it>"] }, "files": ["<file-name pattern, * = any text>"] } } }';
const EXAMPLE = '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] }, "files": ["*工单清单*"] } } }';

/** The mapping file's shape, and what it may name, checked against `sources`. */
function mappingSchema(sources: readonly SourceDefinition[]) {
  const text = z.string({ error: 'must be a text in double quotes' }).trim().min(1, { error: 'must not be empty' });
  const headerList = z.union([text.transform((h) => [h]), z.array(text, { error: 'must be a list of headers such as ["工单创建时间"]' }).min(1, { error: 'must list at least one header' })], {
    error: 'must be a list of headers such as ["工单创建时间"]',
  });
  const pattern = text
    .refine((p) => p.replace(/\*/g, '').trim() !== '', { error: 'a file-name pattern needs some text besides *, or it would match every file' })
    .refine((p) => !/[\\/]/.test(p), { error: 'a file-name pattern matches the file name only, without folders: leave out / and \\' });
  const sourceSchema = z.strictObject(
    {
      headers: z.record(z.string(), headerList, { error: 'must be an object of column names and header lists, such as { "created_at": ["工单创建时间"] }' }).optional(),
      files: z.array(pattern, { error: 'must be a list of file-name patterns such as ["*工单清单*"]' }).optional(),
      note: z.string({ error: 'must be a text (a note for people; it is not read)' }).optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object with "headers" and/or "files"') },
  );
  return z
    .strictObject(
      {
        sources: z.record(z.string(), sourceSchema, { error: 'must be an object of source ids, such as { "hotline_tickets": { … } }' }),
        note: z.string({ error: 'must be a text (a note for people; it is not read)' }).optional(),
      },
      { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : `must be an object such as ${EXAMPLE}`) },
    )
    .superRefine((value, ctx) => {
      const ids = sources.map((s) => s.id).sort();
      // A header may name one column of a source: the built-in ones and the mapped ones together.
      for (const [id, mapping] of Object.entries(value.sources)) {
        const source = sources.find((s) => s.id === id);
        if (!source) {
          // A near miss: part of an id (hotline → hotline_tickets), or of a title (热线工单 → 10005 热线工单明细).
          const key = normaliseHeader(id);
          const byTitle = key.length < 2 ? undefined : sources.find((s) => s.id.includes(key) || key.includes(s.id) || normaliseHeader(s.title).includes(key));
          ctx.addIssue({
            code: 'custom',
            path: ['sources', id],
            message: `${JSON.stringify(id)} is not a source${byTitle ? ` (did you mean ${byTitle.id}, ${byTitle.title}?)` : ''}; the sources are: ${ids.join(', ')}`,
          });
          continue;
        }
        const owner = headerLookup(source);
        for (const [name, headers] of Object.entries(mapping.headers ?? {})) {
          const column = source.columns.find((c) => c.name === name);
          if (!column) {
            const byHeader = source.columns.find((c) => [c.header, ...(c.aliases ?? [])].some((h) => normaliseHeader(h) === normaliseHeader(name)));
            ctx.addIssue({
              code: 'custom',
              path: ['sources', id, 'headers', name],
              message:
                (byHeader ? `${JSON.stringify(name)} is a header of the column ${byHeader.name}: write "${byHeader.name}"` : `${source.id} has no column ${JSON.stringify(name)}`) +
                `; its columns are: ${source.columns.map((c) => `${c.name} (${c.header})`).join(', ')}`,
            });
            continue;
          }
          headers.forEach((header, i) => {
            const taken = owner.get(normaliseHeader(header));
            if (taken && taken !== column) {
              ctx.addIssue({
                code: 'custom',
                path: ['sources', id, 'headers', name, i],
                message: `${JSON.stringify(header)} already names the column ${taken.name} (${taken.header}) of ${source.id}; a header can name only one column`,
              });
            } else owner.set(normaliseHeader(header), column);
          });
        }
      }
    });
}

/** Where JSON.parse stopped, as line and column, when its message says. */
function jsonErrorText(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  if (!at) return message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** Reads and checks a mapping file; throws MappingsError saying what is wrong and where. */
export function readMappingsFile(path: string, sources: readonly SourceDefinition[], name = basename(path)): Mappings {
  const absolute = resolve(path);
  const where = `${name}${name === absolute ? '' : ` (${absolute})`}`;
  let bytes: Buffer;
  try {
    if (!statSync(absolute).isFile()) throw new MappingsError(`${where} is not a file`);
    bytes = readFileSync(absolute);
  } catch (error) {
    if (error instanceof MappingsError) throw error;
    throw new MappingsError(`${where} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new MappingsError(`${where} is not UTF-8 text: save it as UTF-8 (in Notepad: Save as → Encoding: UTF-8)`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingsError(
      `${where} is not valid JSON: ${jsonErrorText(error, text)}. Names and texts need double quotes, items are separated by commas (none after the last one); for example ${EXAMPLE}`,
    );
  }
  const result = mappingSchema(sources).safeParse(json);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const allowed = issue.path.length === 0 ? '"sources" (and "note")' : '"headers", "files" (and "note")';
        return `${issue.keys.map((k) => pathText([...issue.path, k])).join(', ')}: not allowed here; allowed are ${allowed}`;
      }
      return `${pathText(issue.path)}: ${issue.message}`;
    });
    throw new MappingsError(`${where} is not a valid mapping file:\n  ${lines.join('\n  ')}\n  (its form: ${FORM})`);
  }
  const mapped: Record<string, SourceMapping> = {};
  for (const [id, m] of Object.entries(result.data.sources)) {
    mapped[id] = { headers: m.headers ?? {}, files: m.files ?? [] };
  }
  return { path: absolute, name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, sources: mapped };
}

/** The mapping file at the top of `inputDir`, or null when there is none. */
export function readMappings(inputDir: string, sources: readonly SourceDefinition[]): Mappings | null {
  const path = join(resolve(inputDir), MAPPINGS_FILE);
  return existsSync(path) ? readMappingsFile(path, sources, MAPPINGS_FILE) : null;
}

/** A derived definition: the registered one it extends, and what the mapping added. */
interface Derivation {
  base: SourceDefinition;
  mapping: SourceMapping;
  mappings: Mappings | null;
}

const derivations = new WeakMap<SourceDefinition, Derivation>();

/** `source` with the mapping's header spellings and file patterns appended; `source` itself is not changed. */
export function extendSource(source: SourceDefinition, mapping: SourceMapping, mappings: Mappings | null = null): SourceDefinition {
  const base = baseSource(source);
  const columns: ColumnDefinition[] = source.columns.map((c) => {
    const extra = mapping.headers[c.name];
    return extra?.length ? { ...c, aliases: [...(c.aliases ?? []), ...extra] } : c;
  });
  const derived: SourceDefinition = { ...source, filePatterns: [...source.filePatterns, ...mapping.files], columns };
  // Extending a derived definition again adds to what it already had: the worker threads rebuild it from the sum.
  const prior = derivations.get(source);
  const headers: Record<string, string[]> = { ...prior?.mapping.headers };
  for (const [name, extra] of Object.entries(mapping.headers)) headers[name] = [...(headers[name] ?? []), ...extra];
  const total: SourceMapping = { headers, files: [...(prior?.mapping.files ?? []), ...mapping.files] };
  derivations.set(derived, { base, mapping: total, mappings: mappings ?? prior?.mappings ?? null });
  return derived;
}

/** The sources of a run: each one the mapping names extended by it, the others as registered. */
export function applyMappings(sources: readonly SourceDefinition[], mappings: Mappings | null): SourceDefinition[] {
  if (!mappings) return [...sources];
  return sources.map((s) => (mappings.sources[s.id] ? extendSource(s, mappings.sources[s.id], mappings) : s));
}

/** The definition a derived one extends (itself when it is not derived). */
export function baseSource(source: SourceDefinition): SourceDefinition {
  return derivations.get(source)?.base ?? source;
}

/** What the mapping file added to `source`, or null when nothing. */
export function mappingOf(source: SourceDefinition): SourceMapping | null {
  return derivations.get(source)?.mapping ?? null;
}

/** The mapping file `source` was derived from, or null. */
export function mappingsFileOf(source: SourceDefinition): Mappings | null {
  return derivations.get(source)?.mappings ?? null;
}

/**
 * How a header cell names its column for `source`: `matched` (the canonical header), `alias`
 * (a spelling listed in pipelines/), `mapped` (a spelling from the mapping file), or null
 * when it names no column.
 */
export function headerKind(source: SourceDefinition, header: string): { kind: 'matched' | 'alias' | 'mapped'; column: ColumnDefinition } | null {
  const column = headerLookup(source).get(normaliseHeader(header));
  if (!column) return null;
  const n = normaliseHeader(header);
  if (normaliseHeader(column.header) === n) return { kind: 'matched', column };
  const base = baseSource(source).columns.find((c) => c.name === column.name);
  if (base && (base.aliases ?? []).some((a) => normaliseHeader(a) === n)) return { kind: 'alias', column };
  return { kind: 'mapped', column };
}

/** The header cells of a match that only the mapping file names: `工单创建时间 → created_at`, in column order. */
export function mappedHeaders(source: SourceDefinition, match: HeaderMatch): string[] {
  if (!mappingOf(source)) return [];
  const out: string[] = [];
  match.mapping.forEach((column, i) => {
    if (column && headerKind(source, match.headers[i])?.kind === 'mapped') out.push(`${match.headers[i].trim()} → ${column.name}`);
  });
  return out;
}

/** The mapping file's pattern by which `relPath` was matched to `source`, when no pattern of pipelines/ matches it. */
export function mappedFilePattern(source: SourceDefinition, relPath: string): string | null {
  const mapping = mappingOf(source);
  if (!mapping?.files.length) return null;
  const base = baseSource(source);
  if (sourcesByFileName(relPath, [base]).length > 0) return null;
  return mapping.files.find((p) => sourcesByFileName(relPath, [{ ...base, filePatterns: [p] }]).length > 0) ?? null;
}

/** How many header spellings and file patterns a mapping file adds, for the run's summary. */
export function mappingsSummary(mappings: Mappings): string {
  const entries = Object.entries(mappings.sources);
  const headers = entries.reduce((n, [, m]) => n + Object.values(m.headers).reduce((k, h) => k + h.length, 0), 0);
  const files = entries.reduce((n, [, m]) => n + m.files.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const adds = [...(headers ? [plural(headers, 'header spelling')] : []), ...(files ? [plural(files, 'file-name pattern')] : [])];
  return adds.length ? `${adds.join(' and ')} for ${entries.map(([id]) => id).join(', ')}` : 'adds nothing';
}

/** The mapping file as etl.runs.parameters records it. */
export function mappingsParameter(mappings: Mappings | null): { file: string; sha256: string; sources: Record<string, SourceMapping> } | null {
  return mappings && { file: mappings.name, sha256: mappings.sha256, sources: mappings.sources };
}

/** Why a file that is no spreadsheet or CSV file is not read; a mapping file out of place or misnamed says so. */
export function notAnExport(relPath: string): string {
  const name = relPath.split('/').pop()!;
  const atTop = !relPath.includes('/');
  if (relPath === MAPPINGS_FILE) return 'is a mapping file, but not the one this run was given: it is not applied';
  if (name.toLowerCase() === MAPPINGS_FILE && !atTop) {
    return `is not a spreadsheet or CSV file: a mapping file is only read at the top of the input folder (${MAPPINGS_FILE} there); this one is not applied`;
  }
  if (/\.json$/i.test(name) && /mapping/i.test(name)) {
    return `is not a spreadsheet or CSV file, nor read as the mapping file: that must be named exactly ${MAPPINGS_FILE} (lower case) and lie at the top of the input folder`;
  }
  return 'is not a spreadsheet or CSV file';
}
