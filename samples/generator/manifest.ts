/** What each generated file should do to the engine: the counts its load must balance to. */
export interface FileReport {
  /** Path relative to the output folder. */
  file: string;
  source: string;
  sheet: string | null;
  /** 1-based row (line) of the header. */
  headerRow: number;
  /** Rows (lines) below the header, blank and summary rows included. */
  rowsRead: number;
  expectedLoaded: number;
  expectedRejected: number;
  expectedSkipped: { duplicate: number; blank: number; summary: number };
  /** What the deliberately bad rows are, for people cross-checking the engine. */
  notes: string[];
}

export function fileReport(r: Omit<FileReport, 'expectedLoaded'>): FileReport {
  const skipped = r.expectedSkipped.duplicate + r.expectedSkipped.blank + r.expectedSkipped.summary;
  return { ...r, expectedLoaded: r.rowsRead - r.expectedRejected - skipped };
}
