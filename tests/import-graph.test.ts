/**
 * The import graph of the code (src/, pipelines/, samples/, tools/, bin/): no cycle between
 * files, none between folders (src/<dir>, pipelines, samples, tools, bin), and the engine (src/)
 * imports nothing from pipelines/ or samples/ — the sources are handed to it by its caller.
 * Worker scripts count as imports (`new URL('./csv-range-worker.js', import.meta.url)`), and so
 * do the built files that bin/etl.js and the tools' .mjs scripts load (`../dist/src/….js` stands
 * for its source), so a cycle through a worker thread or a script is found too.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'pipelines', 'samples', 'tools', 'bin'];

function codeFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'data') return [];
    if (statSync(path).isDirectory()) return codeFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports (type-only ones too), dynamic imports, worker and script URLs. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) out.push(m[1]);
  return out.filter((s) => s.startsWith('.'));
}

/** The file a specifier names: its TypeScript source (a built file under dist/ stands for it), else the file itself. */
function resolveModule(root: string, from: string, specifier: string): string | null {
  let target = resolve(dirname(from), specifier);
  const built = relative(join(root, 'dist'), target);
  if (!built.startsWith('..') && !isAbsolute(built)) target = join(root, built);
  for (const candidate of [target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), target]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Each file of the code in the `roots` folders of `root` with the files it imports, as paths relative to `root`. */
function importGraph(root: string, roots: readonly string[] = ROOTS): Map<string, string[]> {
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const files = roots.flatMap((r) => codeFiles(join(root, r)));
  return new Map(
    files.map((f) => [
      rel(f),
      specifiers(readFileSync(f, 'utf8'))
        .map((s) => resolveModule(root, f, s))
        .filter((t): t is string => t !== null)
        .map(rel),
    ]),
  );
}

const graph = importGraph(resolve(import.meta.dirname, '..'));

const fileEdges = (g: Map<string, string[]>) => new Map([...g].map(([f, to]) => [f, new Set(to)]));

/** The folder a file belongs to: src/<dir> (or src for src's own files), pipelines, samples, tools, bin. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'src') return parts.length > 2 ? `src/${parts[1]}` : 'src';
  return parts[0];
}

/** Every cycle's strongly connected component (Tarjan), as sorted member lists. */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const members: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        members.push(w);
      } while (w !== v);
      if (members.length > 1 || edges.get(v)?.has(v)) found.push(members.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('reads the code it checks', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/pipeline/run.ts')?.length).toBeGreaterThan(5);
    // Worker scripts, and the built files the scripts load, are followed.
    expect(graph.get('src/pipeline/parallel-csv.ts')).toContain('src/pipeline/csv-range-worker.ts');
    expect(graph.get('src/audit/serve-engine.ts')).toContain('src/audit/serve-worker.ts');
    expect(graph.get('bin/etl.js')).toEqual(expect.arrayContaining(['src/cli/main.ts', 'pipelines/index.ts']));
    expect(graph.get('tools/diff-readers/read-ours.mjs')).toContain('src/extract/xlsx/xlsx-extractor.ts');
  });

  it('finds a cycle through a worker script, and follows a script to the source of the built file it loads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'import-graph-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      // A module, the one that starts a worker thread, and the worker script that imports the first.
      write('lib/a.ts', "import { b } from './b.js';\nexport const a = b;\n");
      write('lib/b.ts', "import { Worker } from 'node:worker_threads';\nexport const b = () => new Worker(new URL('./w.js', import.meta.url));\n");
      write('lib/w.ts', "import type { a } from './a.js';\nexport type W = typeof a;\n");
      // Scripts that load the built files, as bin/etl.js does.
      write('scripts/run.js', "const a = new URL('../dist/lib/a.js', import.meta.url);\nawait import(a.href);\n");
      write('scripts/t.mjs', "await import(new URL('../dist/lib/w.js', import.meta.url).href);\n");
      const small = importGraph(dir, ['lib', 'scripts']);
      expect(small.get('lib/b.ts')).toEqual(['lib/w.ts']);
      expect(small.get('scripts/run.js')).toEqual(['lib/a.ts']);
      expect(small.get('scripts/t.mjs')).toEqual(['lib/w.ts']);
      expect(cycles(fileEdges(small))).toEqual([['lib/a.ts', 'lib/b.ts', 'lib/w.ts']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no cycle between files', () => {
    expect(cycles(fileEdges(graph))).toEqual([]);
  });

  it('has no cycle between folders (src/<dir>, pipelines, samples, tools, bin)', () => {
    const edges = new Map<string, Set<string>>();
    for (const [f, to] of graph) {
      const from = folderOf(f);
      if (!edges.has(from)) edges.set(from, new Set());
      for (const t of to) if (folderOf(t) !== from) edges.get(from)!.add(folderOf(t));
    }
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps the engine (src/) free of pipelines/ and samples/', () => {
    const wrong = [...graph].flatMap(([f, to]) => (f.startsWith('src/') ? to.filter((t) => /^(pipelines|samples)\//.test(t)).map((t) => `${f} → ${t}`) : []));
    expect(wrong).toEqual([]);
  });
});
