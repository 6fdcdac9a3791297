/**
 * `etl forget PATH…`: the warehouse stops holding files — their rows leave their tables — recorded
 * like a run (etl.runs kind 'forget', with etl.run_files for every file still held), in one
 * transaction. Rows of other files that had given way to the forgotten ones (a duplicate key kept
 * there, a reference into them) are read again, as a run would. No figure is computed: the years
 * whose latest figures read a forgotten file are named, to be run again.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { migrate } from '../db/migrate.js';
import { lockForRun } from '../db/run-lock.js';
import { inTransaction, type Warehouse } from '../db/warehouse.js';
import type { SourceDefinition } from '../sources/define.js';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import { heldReport, loadedSources, readHoldings, release, type HeldFile } from './holdings.js';
import { restoreGivenWay } from './load-files.js';
import { recordRun } from './record.js';
import type { FileReport, RunProgress } from './run-report.js';
import { settleKeys } from './settle-keys.js';
import { toolVersion } from './version.js';

export interface ForgetOptions {
  /** Held files as `etl files` lists them (their place), files or folders on disk, or paths relative to their input folder. */
  paths: readonly string[];
  /** Forget every held file (a fresh start), instead of `paths`. */
  all?: boolean;
  sources: readonly SourceDefinition[];
  piiKey: string;
  progress?: RunProgress;
}

export interface ForgetReport {
  runId: number;
  forgotten: { location: string; sha256: string; sources: string[]; rowsRemoved: number; readInRun: number }[];
  /** Files read again because rows of theirs had given way to a forgotten file. */
  readAgain: FileReport[];
  /** Years whose latest run computed figures over a forgotten file: run them again. */
  staleYears: number[];
}

/** A path given that no held file answers to. */
export class ForgetError extends Error {}

/** The held files a path names: its place exactly, everything below a folder, or its path inside its input folder. */
export function matchHeld(held: readonly HeldFile[], path: string, hashPhone: (digits: string) => string): HeldFile[] {
  const slashed = (p: string) => p.split(sep).join('/');
  const asPlace = maskPhoneNumbers(slashed(resolve(path)), hashPhone);
  const asGiven = maskPhoneNumbers(slashed(path), hashPhone).replace(/\/+$/, '');
  const exact = held.filter((h) => h.location === asGiven || h.location === asPlace);
  if (exact.length > 0) return exact;
  const below = held.filter((h) => h.location.startsWith(`${asPlace}/`) || (isAbsolute(path) && h.location.startsWith(`${asGiven}/`)));
  if (below.length > 0) return below;
  return held.filter((h) => h.relPath === asGiven || (!isAbsolute(path) && !relative('.', path).startsWith('..') && h.relPath === slashed(relative('.', path))));
}

export async function forgetFiles(wh: Warehouse, options: ForgetOptions): Promise<ForgetReport> {
  const hashPhone = phoneHasher(options.piiKey);
  const lock = await lockForRun(wh);
  try {
    await migrate(wh);
    return await inTransaction(wh, async () => {
      const held = await readHoldings(wh);
      const chosen = options.all ? held : choose(held, options.paths, hashPhone);
      const version = toolVersion();
      const { rows } = await wh.query<{ run_id: number }>(
        `insert into etl.runs (kind, year, input_dir, tool_version, git_commit, parameters) values ('forget', null, '', $1, $2, $3) returning run_id`,
        [version.version, version.commit, JSON.stringify({ forget: chosen.map((h) => h.location) })],
      );
      const runId = Number(rows[0].run_id);
      const staleYears = await yearsReading(wh, chosen.map((h) => h.fileId));
      const forgotten: ForgetReport['forgotten'] = [];
      const released = new Set<string>();
      for (const h of chosen) {
        for (const s of loadedSources(h.parts)) released.add(s);
        forgotten.push({ location: h.location, sha256: h.sha256, sources: loadedSources(h.parts), rowsRemoved: await release(wh, h), readInRun: h.readInRun });
      }
      const kept = held.filter((h) => !chosen.includes(h));
      const files = kept.map((h) => heldReport(h, { inFolder: false }));
      const progress = options.progress ?? {};
      const load = { exports: [], mappings: null, sources: options.sources, ctx: { hashPhone }, progress, runId, location: '', held: kept };
      await restoreGivenWay(wh, load, released, files);
      // The forgotten files' sources changed: their references and counts are settled again.
      files.push(...forgottenMarkers(chosen));
      await settleKeys(wh, files, { sources: options.sources, hashPhone, progress, runId });
      const recorded = files.filter((f) => f.fileId !== null && !(f.heldFrom?.note === FORGOTTEN));
      await recordRun(wh, { runId, year: 0, status: 'succeeded', files: recorded, figures: [] });
      return { runId, forgotten, readAgain: files.filter((f) => f.replaced && !f.heldFrom), staleYears };
    });
  } finally {
    await lock.release();
  }
}

const FORGOTTEN = 'forgotten';

/** Empty reports standing for the forgotten files, so that settling sees their sources changed. */
function forgottenMarkers(chosen: readonly HeldFile[]): FileReport[] {
  return chosen.map((h) => ({
    relPath: h.relPath,
    fileId: null,
    sha256: h.sha256,
    size: h.size,
    parts: [],
    heldFrom: { runId: h.readInRun, inFolder: false, note: FORGOTTEN },
    replaced: { fileId: h.fileId, sha256: h.sha256, runId: h.readInRun, location: h.location, sources: loadedSources(h.parts), rowsRemoved: 0, why: FORGOTTEN },
  }));
}

function choose(held: readonly HeldFile[], paths: readonly string[], hashPhone: (digits: string) => string): HeldFile[] {
  if (paths.length === 0) throw new ForgetError('name the files to forget (as etl files lists them), or --all');
  const chosen = new Set<HeldFile>();
  for (const path of paths) {
    const found = matchHeld(held, path, hashPhone);
    if (found.length === 0) {
      throw new ForgetError(`the warehouse holds no file at ${maskPhoneNumbers(path, hashPhone)}: nothing was forgotten (etl files lists what it holds)`);
    }
    for (const h of found) chosen.add(h);
  }
  return [...chosen];
}

/** The years whose latest run computed figures over any of `fileIds`. */
async function yearsReading(wh: Warehouse, fileIds: readonly number[]): Promise<number[]> {
  if (fileIds.length === 0) return [];
  const { rows } = await wh.query<{ year: number }>(
    `with latest as (select year, max(run_id) as run_id from etl.runs where kind = 'run' group by year)
     select distinct l.year from latest l join etl.run_files rf on rf.run_id = l.run_id and rf.status = 'loaded' where rf.file_id = any($1::bigint[]) order by 1`,
    [fileIds],
  );
  return rows.map((r) => Number(r.year));
}
