/**
 * What a run reports: per file and part, per figure, and the run as a whole; and the progress
 * it reports on the way. A leaf module: the orchestrator (run.ts), the recorder, the audit, the
 * outputs and the command line all read these types, and this file imports none of them.
 */
import type { RunAudit } from '../audit/run-audit.js';
import type { Calendar } from '../coverage/calendar.js';
import type { TitleRow } from '../coverage/stated-dates.js';
import type { FigureDefinition } from '../figures/catalog.js';
import type { JudgedFigure } from '../figures/compute.js';
import type { PublishedValues } from '../figures/published.js';
import type { PartResult } from '../load/part-counts.js';
import type { Mappings } from './mappings.js';

export interface PartOutcome {
  source: string | null;
  sheet: string | null;
  /** `mappings`: the run's etl-mappings.json, applied to every file (no rows). */
  status: 'loaded' | 'failed' | 'unmatched' | 'mappings';
  /** Why it failed / did not match; for a loaded part, notes such as extra columns. */
  message: string | null;
  headerRow: number | null;
  extras: string[];
  /** Headers only etl-mappings.json names, as `工单创建时间 → created_at` (phone numbers masked). */
  mappedHeaders?: string[];
  /** The etl-mappings.json pattern that matched the file name to the source, when no pattern of pipelines/ does. */
  mappedFilePattern?: string | null;
  /** The text of the rows above the header (title rows), phone numbers masked: what the export says it covers. */
  titleRows?: TitleRow[];
  result: PartResult | null;
}

export interface RunProgress {
  fileStart?(relPath: string, index: number, total: number, size: number): void;
  partStart?(relPath: string, source: string, sheet: string | null): void;
  /** Rows read so far in the file's current part, and the file's bytes read so far. */
  rows?(relPath: string, rowsRead: number, bytesRead: number): void;
  fileEnd?(file: FileReport): void;
  /** Something worth a line that changes no result (a file read again in one pass). */
  note?(relPath: string, message: string): void;
  stage?(message: string): void;
}

export interface FileReport {
  relPath: string;
  fileId: number | null;
  sha256: string | null;
  size: number;
  /** A file that fails as a whole (unreadable) has one failed part with its reason. */
  parts: PartOutcome[];
  /** Where it was read (its input folder, absolute, and path), for a file whose rows the warehouse holds. */
  location?: string;
  /**
   * A file the warehouse held before this run: its rows stayed, read by run `runId`. `inFolder`:
   * it is in this run's folder, unchanged; otherwise it was read from another folder (an earlier year).
   */
  heldFrom?: { runId: number; inFolder: boolean; note?: string };
  /** The held version this file took the place of: same place with new content, or read again under a changed definition. */
  replaced?: { fileId: number; sha256: string; runId: number; location: string; sources: string[]; rowsRemoved: number; why: string };
}

export interface FigureReport extends JudgedFigure {
  definition: FigureDefinition;
  inputs: { source: string; file: string; sha256: string; rows_loaded: number }[];
}

export interface RunReport {
  runId: number;
  year: number;
  inputDir: string;
  status: 'succeeded' | 'completed_with_errors';
  files: FileReport[];
  ignored: { relPath: string; reason: string }[];
  figures: FigureReport[];
  published: PublishedValues | null;
  publishedFile: string | null;
  /** What the loaded exports cover for the year and the year before, and the figures each gap stops. */
  calendar: Calendar;
  /** Restatements and contributing rows for the outputs (src/audit/run-audit.ts). */
  audit?: RunAudit;
  /** The etl-mappings.json applied, or null. */
  mappings: Mappings | null;
}
