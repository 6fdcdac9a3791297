/**
 * `etl verify`: rebuilds a year from the input files into a scratch warehouse and compares the
 * result with the warehouse's latest run for that year: input files (SHA-256), row counts per
 * file and per source, and every figure. Any difference means the published numbers can no
 * longer be reproduced from these files as they are.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
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
  // A file held is named by its place (folder and path): two years' folders may hold the same path.
  const { rows: parts } = await wh.query<{ path: string; sha256: string; source: string | null; status: string; rows_read: number; rows_loaded: number; rows_rejected: number; rows_skipped: number }>(
    `select coalesce(rf.location, f.path) as path, f.sha256, rf.source, rf.status, rf.rows_read, rf.rows_loaded, rf.rows_rejected, rf.rows_skipped
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

/** What verify compares with: the latest run of a year, the published values it used and the folders its files were read from. */
export interface RecordedRun {
  snapshot: RunSnapshot;
  publishedFile: string | null;
  /** The input folders of the files the run's figures were computed over, in the order they were first read. */
  folders: string[];
}

/** The latest run for `year` in `wh`, as verify compares it, and the published values it used. */
export async function latestRunOf(wh: Warehouse, year: number): Promise<RecordedRun> {
  const { rows } = await wh.query<{ run_id: number; input_dir: string; parameters: { published?: string | null } }>(
    `select run_id, input_dir, parameters from etl.runs where year = $1 and kind = 'run' order by run_id desc limit 1`,
    [year],
  );
  if (rows.length === 0) throw new Error(`no run for ${year} in ${wh.description} to verify; run \`etl run --year ${year} --input DIR\` first`);
  const runId = Number(rows[0].run_id);
  const { rows: folders } = await wh.query<{ folder: string }>(
    `select left(rf.location, length(rf.location) - length(f.path) - 1) as folder
     from etl.run_files rf join etl.files f using (file_id)
     where rf.run_id = $1 and rf.location is not null
     group by 1 order by min(rf.read_in_run), 1`,
    [runId],
  );
  // The run's own folder last: the rebuild's last run reads it, as the run did (its files that load nothing included).
  const own = resolve(rows[0].input_dir).split(sep).join('/');
  const ordered = [...folders.map((f) => f.folder).filter((f) => f !== own), own];
  return { snapshot: await runSnapshot(wh, runId), publishedFile: rows[0].parameters?.published ?? null, folders: ordered };
}

/**
 * Rebuilds `year` into a scratch warehouse beside the one of `config` — from the folders its files
 * were read from (each file checked against its SHA-256 by the comparison), or from `inputDir`
 * when given — and compares it with `recorded` (see latestRunOf). A folder that is gone is a
 * difference, named with the files it held.
 */
export async function verifyYear(
  config: WarehouseConfig,
  recorded: RecordedRun,
  options: { year: number; inputDir?: string; piiKey: string; sources: readonly SourceDefinition[]; progress?: RunProgress; onScratch?: (description: string) => void },
): Promise<VerifyResult> {
  const folders = options.inputDir ? [options.inputDir] : recorded.folders;
  const present = folders.filter((f) => existsSync(f));
  const gone = folders.filter((f) => !existsSync(f)).map((f) => `folder ${f}: where files of run ${recorded.snapshot.runId} were read, missing now`);
  const scratch = await openScratchWarehouse(config);
  try {
    options.onScratch?.(scratch.description);
    // The warehouse keeps what each run reads: the folders one after the other rebuild what it held.
    let runId: number | null = null;
    for (const inputDir of present.length ? present : [options.inputDir ?? folders[0] ?? '.']) {
      if (!existsSync(inputDir)) break;
      const report = await runPipeline(scratch.wh, {
        year: options.year,
        inputDir,
        piiKey: options.piiKey,
        sources: options.sources,
        // The same published values as the run, so that the verdicts compare too.
        publishedFile: recorded.publishedFile && existsSync(recorded.publishedFile) ? recorded.publishedFile : undefined,
        progress: options.progress,
      });
      runId = report.runId;
    }
    const rebuilt = runId === null ? { runId: 0, files: new Map(), parts: new Map(), sources: new Map(), figures: new Map() } : await runSnapshot(scratch.wh, runId);
    return { recorded: recorded.snapshot, rebuilt, scratch: scratch.description, differences: [...gone, ...compareSnapshots(recorded.snapshot, rebuilt)] };
  } finally {
    await scratch.dispose();
  }
}
