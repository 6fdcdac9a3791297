/**
 * `etl verify`: rebuilds a year from the input files into a scratch warehouse and compares the
 * result with the warehouse's latest run for that year: input files (SHA-256), row counts per
 * file and per source, and every figure. Any difference means the published numbers can no
 * longer be reproduced from these files as they are.
 */
import { existsSync } from 'node:fs';
import type { WarehouseConfig } from '../db/open.js';
import type { Warehouse } from '../db/warehouse.js';
import type { SourceDefinition } from '../sources/define.js';
import { runPipeline, type RunProgress } from './run.js';
import { sameValue } from '../audit/freeze.js';
import { openScratchWarehouse } from '../audit/scratch-warehouse.js';

interface Counts {
  status: string;
  read: number;
  loaded: number;
  rejected: number;
  skipped: number;
}

interface FigureRecord {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  status: string;
  sql_sha256: string;
}

/** What a run recorded, keyed for comparison. */
export interface RunSnapshot {
  runId: number;
  files: Map<string, string>;
  /** By `path [source]`. */
  parts: Map<string, Counts>;
  /** Loaded, rejected and skipped rows by source. */
  sources: Map<string, Counts>;
  figures: Map<string, FigureRecord>;
}

/** What `etl verify` found: both snapshots and every difference. */
export interface VerifyResult {
  recorded: RunSnapshot;
  rebuilt: RunSnapshot;
  scratch: string;
  differences: string[];
}

/** Reads run `runId` back from the etl tables. */
export async function runSnapshot(wh: Warehouse, runId: number): Promise<RunSnapshot> {
  const { rows: parts } = await wh.query<{ path: string; sha256: string; source: string | null; status: string; rows_read: number; rows_loaded: number; rows_rejected: number; rows_skipped: number }>(
    `select f.path, f.sha256, rf.source, rf.status, rf.rows_read, rf.rows_loaded, rf.rows_rejected, rf.rows_skipped
     from etl.run_files rf join etl.files f using (file_id) where rf.run_id = $1`,
    [runId],
  );
  const snapshot: RunSnapshot = { runId, files: new Map(), parts: new Map(), sources: new Map(), figures: new Map() };
  for (const p of parts) {
    snapshot.files.set(p.path, p.sha256);
    const counts = { status: p.status, read: Number(p.rows_read), loaded: Number(p.rows_loaded), rejected: Number(p.rows_rejected), skipped: Number(p.rows_skipped) };
    snapshot.parts.set(`${p.path}${p.source ? ` [${p.source}]` : ''}`, counts);
    if (!p.source) continue;
    const s = snapshot.sources.get(p.source) ?? { status: 'loaded', read: 0, loaded: 0, rejected: 0, skipped: 0 };
    for (const k of ['read', 'loaded', 'rejected', 'skipped'] as const) s[k] += counts[k];
    snapshot.sources.set(p.source, s);
  }
  const { rows: figures } = await wh.query<FigureRecord & { figure_id: string }>(
    'select figure_id, value, numerator, denominator, status, sql_sha256 from etl.figure_values where run_id = $1',
    [runId],
  );
  for (const f of figures) snapshot.figures.set(f.figure_id, f);
  return snapshot;
}

const fmt = (n: number | null) => (n === null ? 'none' : n.toLocaleString('en-US', { maximumFractionDigits: 9 }));
const short = (sha: string) => `${sha.slice(0, 12)}…`;

function countsText(c: Counts): string {
  return `${c.status}: ${fmt(c.read)} read, ${fmt(c.loaded)} loaded, ${fmt(c.rejected)} rejected, ${fmt(c.skipped)} skipped`;
}

const sameCounts = (a: Counts, b: Counts) => a.status === b.status && a.read === b.read && a.loaded === b.loaded && a.rejected === b.rejected && a.skipped === b.skipped;

/** Every difference between a recorded run and a rebuild, one sentence each. */
export function compareSnapshots(recorded: RunSnapshot, rebuilt: RunSnapshot): string[] {
  const was = `run ${recorded.runId}`;
  const out: string[] = [];
  const union = <T>(a: Map<string, T>, b: Map<string, T>) => [...new Set([...a.keys(), ...b.keys()])].sort();
  for (const path of union(recorded.files, rebuilt.files)) {
    const [a, b] = [recorded.files.get(path), rebuilt.files.get(path)];
    if (a === undefined) out.push(`file ${path}: not in ${was}, found now (${short(b!)})`);
    else if (b === undefined) out.push(`file ${path}: in ${was} (${short(a)}), missing now`);
    else if (a !== b) out.push(`file ${path}: SHA-256 was ${a} in ${was}, is now ${b}`);
  }
  for (const key of union(recorded.parts, rebuilt.parts)) {
    const [a, b] = [recorded.parts.get(key), rebuilt.parts.get(key)];
    if (a && b && !sameCounts(a, b)) out.push(`rows of ${key}: ${countsText(a)} in ${was}; now ${countsText(b)}`);
  }
  for (const source of union(recorded.sources, rebuilt.sources)) {
    const zero = { status: 'loaded', read: 0, loaded: 0, rejected: 0, skipped: 0 };
    const [a, b] = [recorded.sources.get(source) ?? zero, rebuilt.sources.get(source) ?? zero];
    if (!sameCounts(a, b)) out.push(`source ${source}: ${fmt(a.loaded)} rows loaded (${fmt(a.rejected)} rejected, ${fmt(a.skipped)} skipped) in ${was}; now ${fmt(b.loaded)} (${fmt(b.rejected)} rejected, ${fmt(b.skipped)} skipped)`);
  }
  for (const id of union(recorded.figures, rebuilt.figures)) {
    const [a, b] = [recorded.figures.get(id), rebuilt.figures.get(id)];
    if (!a || !b) {
      out.push(`figure ${id}: ${a ? `in ${was}, not computed now` : `not in ${was}, computed now`}`);
      continue;
    }
    const changed = (['value', 'numerator', 'denominator'] as const).filter((k) => !sameValue(a[k], b[k]));
    if (changed.length) out.push(`figure ${id}: ${changed.map((k) => `${k} ${fmt(a[k])} in ${was}, ${fmt(b[k])} now`).join('; ')}`);
    else if (a.status !== b.status) out.push(`figure ${id}: verdict ${a.status} in ${was}, ${b.status} now`);
    if (a.sql_sha256 !== b.sql_sha256) out.push(`figure ${id}: its SQL changed since ${was} (SHA-256 ${short(a.sql_sha256)} → ${short(b.sql_sha256)})`);
  }
  return out;
}

/** The latest run for `year` in `wh`, as verify compares it, and the published values it used. */
export async function latestRunOf(wh: Warehouse, year: number): Promise<{ snapshot: RunSnapshot; publishedFile: string | null }> {
  const { rows } = await wh.query<{ run_id: number; parameters: { published?: string | null } }>(
    'select run_id, parameters from etl.runs where year = $1 order by run_id desc limit 1',
    [year],
  );
  if (rows.length === 0) throw new Error(`no run for ${year} in ${wh.description} to verify; run \`etl run --year ${year} --input DIR\` first`);
  return { snapshot: await runSnapshot(wh, Number(rows[0].run_id)), publishedFile: rows[0].parameters?.published ?? null };
}

/**
 * Rebuilds `year` from `inputDir` into a scratch warehouse beside the one of `config` and
 * compares it with `recorded` (see latestRunOf).
 */
export async function verifyYear(
  config: WarehouseConfig,
  recorded: { snapshot: RunSnapshot; publishedFile: string | null },
  options: { year: number; inputDir: string; piiKey: string; sources: readonly SourceDefinition[]; progress?: RunProgress; onScratch?: (description: string) => void },
): Promise<VerifyResult> {
  const scratch = await openScratchWarehouse(config);
  try {
    options.onScratch?.(scratch.description);
    const report = await runPipeline(scratch.wh, {
      year: options.year,
      inputDir: options.inputDir,
      piiKey: options.piiKey,
      sources: options.sources,
      // The same published values as the run, so that the verdicts compare too.
      publishedFile: recorded.publishedFile && existsSync(recorded.publishedFile) ? recorded.publishedFile : undefined,
      progress: options.progress,
    });
    const rebuilt = await runSnapshot(scratch.wh, report.runId);
    return { recorded: recorded.snapshot, rebuilt, scratch: scratch.description, differences: compareSnapshots(recorded.snapshot, rebuilt) };
  } finally {
    await scratch.dispose();
  }
}
