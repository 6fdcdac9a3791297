/**
 * The run's second stage, once every file is loaded: keys are settled across files — those read
 * now and those held from earlier runs. A row whose natural key an earlier row already holds, or
 * whose reference points at nothing, is taken back out of its table (load/dedupe.ts) and its
 * part's counts demoted (load/part-counts.ts); then every part's counts are checked against
 * themselves and, for the tables this run changed, against the rows in its table. Held rows were
 * settled among themselves by the runs that read them: only the keys of new rows are checked.
 */
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import { removeBrokenReferences, removeDuplicates, type ReferenceNote } from '../load/dedupe.js';
import { checkBalance, checkStored, demote, type Demotion, type PartResult } from '../load/part-counts.js';
import type { SourceDefinition } from '../sources/define.js';
import type { FileReport, RunProgress } from './run-report.js';

/** What settling the keys needs besides the loaded files. */
export interface Settlement {
  sources: readonly SourceDefinition[];
  hashPhone: (digits: string) => string;
  progress: RunProgress;
  runId: number;
}

/** The files this run read (not held from an earlier one). */
export function filesRead(files: readonly FileReport[]): FileReport[] {
  return files.filter((f) => !f.heldFrom && f.fileId !== null);
}

/** The sources whose tables this run changed: rows loaded, or rows of a replaced version taken out. */
export function changedSources(files: readonly FileReport[]): Set<string> {
  const changed = new Set<string>();
  for (const f of files) {
    for (const source of f.replaced?.sources ?? []) changed.add(source);
    if (f.heldFrom) continue;
    for (const p of f.parts) if (p.source && p.result && p.result.loaded > 0) changed.add(p.source);
  }
  return changed;
}

export async function settleKeys(wh: Warehouse, files: FileReport[], settlement: Settlement): Promise<void> {
  const { sources, hashPhone, progress, runId } = settlement;
  const changed = changedSources(files);
  if (changed.size > 0) {
    progress.stage?.('checking duplicate keys and references');
    const fresh = { runId, fileIds: filesRead(files).map((f) => f.fileId!) };
    await analyzeLoaded(wh, sources.filter((s) => changed.has(s.id)));
    for (const source of sources) {
      if (changed.has(source.id)) applyDemotions(files, source.id, await removeDuplicates(wh, source, hashPhone, fresh));
    }
    const notes: ReferenceNote[] = [];
    for (const source of sources) {
      // A reference breaks or mends when either end changed.
      if (!changed.has(source.id) && !(source.references ?? []).some((r) => changed.has(r.source))) continue;
      applyDemotions(files, source.id, await removeBrokenReferences(wh, source, sources, notes, hashPhone));
    }
    for (const note of notes) {
      const part = files.find((f) => f.fileId === note.fileId)?.parts.find((p) => p.source === note.source);
      if (part) part.message = part.message ? `${part.message}; ${note.message}` : note.message;
    }
  }
  await checkCounts(wh, files, sources, changed);
}

/**
 * Fresh statistics: without them the planner takes a just-loaded table of millions of rows for a
 * small one, and the duplicate checks and figures spill to disk (2-3× slower). More memory per
 * sort or hash for this run's own transaction only.
 */
async function analyzeLoaded(wh: Warehouse, changed: readonly SourceDefinition[]): Promise<void> {
  await wh.exec(`set local work_mem = '64MB'`);
  for (const source of changed) await wh.exec(`analyze ${quoteIdent(source.id)}`);
}

/** The loaded part of `source` in file `fileId`. */
function loadedPart(files: readonly FileReport[], source: string, fileId: number): PartResult {
  const result = files.find((f) => f.fileId === fileId)?.parts.find((p) => p.source === source && p.result)?.result;
  if (!result) throw new Error(`internal: a ${source} row of file ${fileId} has no loaded part`);
  return result;
}

function applyDemotions(files: readonly FileReport[], source: string, demotions: readonly Demotion[]): void {
  for (const d of demotions) demote(loadedPart(files, source, d.fileId), d);
}

/**
 * Checks, per file and source, read = loaded + rejected + skipped; and for each table this run
 * changed, loaded = rows in the table (the others' rows were counted by the run that changed them).
 */
async function checkCounts(wh: Warehouse, files: readonly FileReport[], sources: readonly SourceDefinition[], changed: ReadonlySet<string>): Promise<void> {
  for (const f of files) for (const p of f.parts) if (p.source && p.result) checkBalance(p.result, `${f.relPath} (${p.source})`);
  for (const source of sources) {
    if (!changed.has(source.id)) continue;
    const { rows } = await wh.query<{ file_id: number; n: number }>(`select _file_id as file_id, count(*) as n from ${quoteIdent(source.id)} group by _file_id`);
    const inTable = new Map(rows.map((r) => [Number(r.file_id), Number(r.n)]));
    for (const f of files) {
      for (const p of f.parts) {
        if (p.source !== source.id || !p.result) continue;
        checkStored(p.result, inTable.get(f.fileId!) ?? 0, `count check failed for ${f.relPath} (${source.id}), rows in ${source.id}`);
        inTable.delete(f.fileId!);
      }
    }
    if (inTable.size > 0) throw new Error(`count check failed: ${source.id} holds rows of files the warehouse does not hold`);
  }
}
