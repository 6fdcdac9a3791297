/**
 * The import graph of the TypeScript code (src/, pipelines/, samples/, tools/): no cycle between
 * files, none between folders (src/<dir>, pipelines, samples, tools), and the engine (src/)
 * imports nothing from pipelines/ or samples/ — the sources are handed to it by its caller.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const roots = ['src', 'pipelines', 'samples', 'tools'];

function tsFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'data') return [];
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports (type-only ones too), dynamic imports, worker URLs. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^;'"]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) out.push(m[1]);
  return out.filter((s) => s.startsWith('.'));
}

function toTs(from: string, specifier: string): string | null {
  const target = resolve(dirname(from), specifier).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts');
  try {
    statSync(target);
    return target;
  } catch {
    return null;
  }
}

const files = roots.flatMap((r) => tsFiles(join(root, r)));
const rel = (p: string) => relative(root, p).split(sep).join('/');
const graph = new Map<string, string[]>(
  files.map((f) => [
    rel(f),
    specifiers(readFileSync(f, 'utf8'))
      .map((s) => toTs(f, s))
      .filter((t): t is string => t !== null)
      .map(rel),
  ]),
);

/** The folder a file belongs to: src/<dir> (or src for src's own files), pipelines, samples, tools. */
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
  });

  it('has no cycle between files', () => {
    const edges = new Map([...graph].map(([f, to]) => [f, new Set(to)]));
    expect(cycles(edges)).toEqual([]);
  });

  it('has no cycle between folders (src/<dir>, pipelines, samples, tools)', () => {
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
