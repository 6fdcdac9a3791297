/**
 * Docs and comments name only files of this repository. Every relative link of README.md and
 * docs/*.md must reach a file (and a heading, when it names one), and every path written in
 * them or in the code, SQL, Makefile and scripts (`src/paths.ts`, `docs/warehouse.md`,
 * `reference/published/<year>.json`) must exist: comments once pointed at a design document
 * and specification pages that were never part of the project.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { OUTPUT_NAMES } from '../src/report/write-outputs.js';

/** The design document's file name, spelled in pieces (see the last test). */
const DESIGN_DOC = ['design', 'md'].join('.');
import { MAPPINGS_FILE } from '../src/sources/headers.js';

const ROOT = projectRoot();

/** The project's top-level folders and files a path in a doc or comment may start with. */
const TOP = readdirSync(ROOT, { withFileTypes: true })
  .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules' && e.name !== 'dist')
  .map((e) => e.name);

/** Folders that are made, not committed (the folder lines of .gitignore): paths below them are not checked. */
const MADE = readFileSync(join(ROOT, '.gitignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.endsWith('/') && !l.startsWith('#'))
  .map((l) => l.replace(/^\//, ''));

/** Files whose text is searched for paths: docs, code, SQL and scripts (not data, not what is made). */
function projectFiles(dir = ROOT, every = false): string[] {
  const files: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    const rel = relative(ROOT, path);
    if (e.name.startsWith('.') || e.name === 'node_modules' || MADE.some((m) => `${rel}/`.startsWith(m))) continue;
    if (e.isDirectory()) files.push(...projectFiles(path, every));
    else if (every || /\.(ts|mjs|js|sql|md|sh|py)$/.test(e.name) || e.name === 'Makefile') files.push(rel);
  }
  return files.sort();
}

const FILES = projectFiles();

/**
 * Stale paths in files another change owns, each to be fixed there (then removed here):
 * `file: path`.
 */
const PENDING = new Set<string>([]);

/** A line about another repository: a row `| owner/name (commit) | …` of the corpus table in docs/diff-readers.md. */
const OTHER_REPOSITORY = /^\| [\w.-]+\/[\w.-]+ \([0-9a-f]{7,}/;
const DOCS = FILES.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));

/** A placeholder inside a path: `<year>`, `NNN_<source>`, `*`, `…`, `${…}`. */
const PLACEHOLDER = /[<*…$]|NNN/;

/**
 * Paths written in a text: a token of path characters that starts with a top-level folder and
 * goes on with a `/` (`sql/figures/<id>.sql`, `docs/`), not preceded by path characters (so
 * `../src/x.js` imports and URLs are left out) — or a bare top-level file such as `README.md`.
 */
function pathsIn(text: string): string[] {
  const found: string[] = [];
  const token = /(?<![\w.@/~:-])([\w.-]+(?:\/[\w.<>*…{}$-]*)*)/g;
  for (const m of text.matchAll(token)) {
    const path = m[1].replace(/[.,;:]+$/, '');
    const [first, ...rest] = path.split('/');
    if (!TOP.includes(first)) continue;
    if (rest.length === 0 && !/\.\w+$/.test(first)) continue; // a bare word like `src` or `samples` in prose
    found.push(path);
  }
  return found;
}

/** Whether a path written in a doc or comment exists; with placeholders, the folder before the first one. */
function exists(path: string): boolean {
  if (MADE.some((m) => `${path}/`.startsWith(m))) return true;
  const segments = path.split('/');
  const fixed = segments.findIndex((s) => PLACEHOLDER.test(s));
  const known = fixed < 0 ? path : segments.slice(0, fixed).join('/');
  return existsSync(join(ROOT, known));
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]));
}

/** The text of a file a reader takes for prose: all of a doc, the comments of code, SQL and scripts. */
function proseOf(file: string): string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  if (file.endsWith('.md')) return text;
  if (/\.(ts|mjs|js)$/.test(file)) return [...text.matchAll(/\/\*[\s\S]*?\*\/|(?<![:'"`\w])\/\/[^\n]*/g)].map((m) => m[0]).join('\n');
  if (file.endsWith('.sql')) return [...text.matchAll(/--[^\n]*/g)].map((m) => m[0]).join('\n');
  return [...text.matchAll(/#[^\n]*/g)].map((m) => m[0]).join('\n');
}

/**
 * File names a doc or comment may give without their file being in the repository: what a run
 * writes (out/<year>/…), the mapping file a user puts in the input folder, the generator's
 * `<year>.targets.json` beside the samples, and the report of `make diff-readers`.
 */
const NOT_IN_REPOSITORY = new Set<string>([...OUTPUT_NAMES, MAPPINGS_FILE, 'targets.json', 'report.json']);

describe('docs and comments name only files of the repository', () => {
  it('finds the docs and the code to check', () => {
    expect(DOCS).toContain('README.md');
    expect(DOCS.length).toBeGreaterThan(5);
    expect(FILES.filter((f) => f.startsWith('src/')).length).toBeGreaterThan(20);
  });

  it('every relative link of README.md and docs/*.md reaches a file of the repository, and its heading', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const text = readFileSync(join(ROOT, doc), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/.test(target)) continue; // http:, https:, mailto:
        const [file, anchor] = target.split('#');
        const path = file === '' ? doc : join(dirname(doc), file);
        if (!existsSync(join(ROOT, path))) broken.push(`${doc}: (${target}): no file ${path}`);
        else if (anchor && path.endsWith('.md') && !anchors(path).includes(anchor)) broken.push(`${doc}: (${target}): no heading #${anchor} in ${path}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every path written in the docs, the code, the SQL and the scripts exists', () => {
    const missing: string[] = [];
    for (const file of FILES) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (OTHER_REPOSITORY.test(line)) return;
        for (const path of pathsIn(line)) {
          const pending = PENDING.has(`${file}: ${path}`) || (file === 'tests/docs-paths.test.ts' && [...PENDING].some((p) => p.endsWith(`: ${path}`)));
          if (!exists(path) && !pending) missing.push(`${file}:${i + 1}: ${path}`);
        }
      });
    }
    expect(missing).toEqual([]);
  });

  it('every file name a doc or comment gives on its own (`catalog.ts`, `warehouse.md`) is a file of the repository', () => {
    const names = new Set(projectFiles(ROOT, true).concat(readdirSync(ROOT)).map((f) => f.split('/').pop()!));
    const unknown: string[] = [];
    for (const file of FILES) {
      if (file === 'docs/diff-readers.md') continue; // names files of the public corpus it was run on
      for (const m of proseOf(file).matchAll(/(?<![\w./-])([\w-][\w.-]*\.(?:ts|sql|md|json))\b/g)) {
        if (!names.has(m[1]) && !NOT_IN_REPOSITORY.has(m[1]) && !(file === 'tests/docs-paths.test.ts' && m[1] === DESIGN_DOC)) unknown.push(`${file}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('nothing refers to the documents outside the project (the design document, the specification pages, the shared folder)', () => {
    // Spelled in pieces, so that this test does not name them itself.
    const outside = new RegExp(`\\b${'design'}\\.md\\b|(?<![\\w/])${'spec'}\\/[\\w.-]+\\.md|\\.\\.\\/${'shared'}\\b`);
    const found = FILES.filter((f) => f !== 'tests/docs-paths.test.ts' && f !== 'docs/diff-readers.md')
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n').map((line, i) => ({ f, i, line })))
      .filter(({ line }) => outside.test(line))
      .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`);
    expect(found).toEqual([]);
  });
});
