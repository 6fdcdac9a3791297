/**
 * The one owner of a part's counts (a CSV, or one sheet of a workbook, for one source): how many
 * rows were read, loaded, rejected and skipped, and why. Every change goes through here — a row's
 * verdict as it is read (serial path, each worker thread), the ranges of a parallel read put
 * together, a loaded row demoted after the duplicate and reference checks — and so does the
 * check that they add up: read = loaded + rejected + skipped, and loaded = the rows stored.
 */
import type { RowProblem } from '../sources/row-validator.js';

export interface RejectedRow {
  row: number;
  problems: RowProblem[];
}

export interface PartCounts {
  read: number;
  loaded: number;
  rejected: number;
  skipped: number;
  /** Skipped rows by reason. */
  skippedBy: Map<string, number>;
}

/** A part's counts and its rejected rows (plain data: a worker thread sends it to the main thread). */
export interface PartResult extends PartCounts {
  rejects: RejectedRow[];
}

/** A loaded row taken back out of its table after all files are read, to be counted as skipped or rejected. */
export interface Demotion {
  fileId: number;
  row: number;
  kind: 'skip' | 'reject';
  /** Skip reason, or reject message. */
  message: string;
  column: string | null;
  value: string | null;
}

/** The counts of a part before its first row. */
export function emptyPartResult(): PartResult {
  return { read: 0, loaded: 0, rejected: 0, skipped: 0, skippedBy: new Map(), rejects: [] };
}

/** A row read and loaded. */
export function countLoaded(result: PartResult): void {
  result.read++;
  result.loaded++;
}

/** A row read and rejected, with its problems. */
export function countRejected(result: PartResult, row: number, problems: RowProblem[]): void {
  result.read++;
  result.rejected++;
  result.rejects.push({ row, problems });
}

/** A row read and skipped (empty, a 合计 footer …). */
export function countSkipped(result: PartResult, reason: string): void {
  result.read++;
  addSkips(result, reason, 1);
}

function addSkips(result: PartResult, reason: string, rows: number): void {
  result.skipped += rows;
  result.skippedBy.set(reason, (result.skippedBy.get(reason) ?? 0) + rows);
}

/** The counts of consecutive pieces of one part (the byte ranges of a parallel read), in file order. */
export function mergePartResults(pieces: readonly PartResult[]): PartResult {
  const result = emptyPartResult();
  for (const piece of pieces) {
    result.read += piece.read;
    result.loaded += piece.loaded;
    result.rejected += piece.rejected;
    for (const [reason, rows] of piece.skippedBy) addSkips(result, reason, rows);
    // One by one: spreading hundreds of thousands of rejects as arguments overflows the stack.
    for (const reject of piece.rejects) result.rejects.push(reject);
  }
  return result;
}

/** A loaded row of this part that the duplicate or reference check took back out: now skipped or rejected. */
export function demote(result: PartResult, demotion: Demotion): void {
  result.loaded--;
  if (demotion.kind === 'skip') addSkips(result, demotion.message, 1);
  else {
    result.rejected++;
    result.rejects.push({ row: demotion.row, problems: [{ column: demotion.column, value: demotion.value, message: demotion.message }] });
  }
}

/** Fails unless `stored` (what COPY or the table holds) is the number of rows loaded. */
export function checkStored(counts: PartCounts, stored: number, what: string): void {
  if (stored !== counts.loaded) throw new Error(`${what}: ${counts.loaded} rows loaded but ${stored} stored`);
}

/** Fails unless every row read is counted once: read = loaded + rejected + skipped. */
export function checkBalance(counts: PartCounts, what: string): void {
  if (counts.read !== counts.loaded + counts.rejected + counts.skipped) {
    throw new Error(`count check failed for ${what}: read ${counts.read} ≠ loaded ${counts.loaded} + rejected ${counts.rejected} + skipped ${counts.skipped}`);
  }
}
