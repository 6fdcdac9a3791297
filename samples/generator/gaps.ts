/**
 * Gaps in a generated export folder, made on purpose so that a clerk can watch the engine's
 * coverage checks at work: a month missing from a continuous source, a column delivered
 * empty, a register delivered with no row, a snapshot that states no as-of date.
 *
 * Gaps are applied to the files after the complete samples are written (the generator's
 * self-check runs on the complete data), one after the other in the order given:
 *
 *   --drop-month SOURCE:YYYY-MM[..YYYY-MM]  rows whose period column falls in those months go;
 *                                           a workbook left with no data row is deleted
 *   --empty-column SOURCE:COLUMN            every data cell of that column is blanked
 *   --empty-register SOURCE                 title rows and header kept, no row below
 *   --undated SOURCE                        no year or date in the file name or title rows
 *
 * Files are read the way the engine reads them: CSV in its own encoding and delimiter (and
 * written back the same, untouched records byte for byte), the header found by the engine's
 * header matcher, the period cell parsed by the column's own cell type. The manifest beside
 * the folder gets the gaps applied and, per file touched, its new counts and a note; the
 * expected counts are recomputed with the engine's row validator on every row removed or
 * changed.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sources } from '../../pipelines/index.js';
import type { ColumnDefinition, SourceDefinition } from '../../src/sources/define.js';
import { detectCsvLayout } from '../../src/extract/csv/csv-extractor.js';
import type { CsvLayout } from '../../src/extract/csv/csv-extractor.js';
import type { RawRow } from '../../src/extract/extractor.js';
import { sourcesByFileName } from '../../src/sources/file-patterns.js';
import { FORMULA_WITHOUT_RESULT, isEmptyCell, isExcelError, lineBreaks } from '../../src/transform/cells.js';
import type { CellContext, RawCell } from '../../src/transform/cells.js';
import { HEADER_SEARCH_ROWS, describeHeaderProblem, findHeader, isHeaderMatch } from '../../src/sources/headers.js';
import type { HeaderMatch } from '../../src/sources/headers.js';
import { SKIP_EMPTY, compileRowValidator, loadedColumns } from '../../src/sources/row-validator.js';
import { sidecarPath } from './index.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { saveWorkbook } from './xlsx.js';

// ---------------------------------------------------------------------------------------
// The flags

export type GapKind = 'drop-month' | 'empty-column' | 'empty-register' | 'undated';
export const GAP_KINDS: readonly GapKind[] = ['drop-month', 'empty-column', 'empty-register', 'undated'];

interface GapBase {
  /** The flag as given, e.g. `--drop-month ticket_audits:2023-05`. */
  flag: string;
  source: SourceDefinition;
}
export type Gap =
  | (GapBase & { kind: 'drop-month'; period: ColumnDefinition; from: string; to: string })
  | (GapBase & { kind: 'empty-column'; column: ColumnDefinition })
  | (GapBase & { kind: 'empty-register' })
  | (GapBase & { kind: 'undated' });

/** A flag that cannot be applied as given (the command line exits with status 2). */
export class GapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GapError';
  }
}

const MONTH = /^(\d{4})-(\d{2})$/;

/** Parses one gap flag (`drop-month` or `--drop-month`) and its value, checked against pipelines/index.ts. */
export function parseGap(flag: string, value: string): Gap {
  const kind = flag.replace(/^--/, '') as GapKind;
  const given = `--${kind} ${value}`;
  if (!GAP_KINDS.includes(kind)) throw new GapError(`--${kind}: not a gap flag (known: ${GAP_KINDS.map((k) => `--${k}`).join(', ')})`);
  const fail = (why: string): never => {
    throw new GapError(`${given}: ${why}`);
  };
  const findSource = (id: string): SourceDefinition =>
    sources.find((s) => s.id === id) ?? fail(`unknown source ${JSON.stringify(id)} (known: ${sources.map((s) => s.id).join(', ')})`);

  if (kind === 'empty-register' || kind === 'undated') {
    if (value.includes(':')) fail(`expected a source alone, e.g. --${kind} ${kind === 'undated' ? 'hr_roster' : 'safety_register'}`);
    return { kind, flag: given, source: findSource(value.trim()) };
  }
  const colon = value.indexOf(':');
  if (colon < 0) {
    fail(kind === 'drop-month' ? 'expected SOURCE:YYYY-MM or SOURCE:YYYY-MM..YYYY-MM, e.g. ticket_audits:2023-05' : 'expected SOURCE:COLUMN, e.g. self_service_daily:manual_calls');
  }
  const source = findSource(value.slice(0, colon).trim());
  const rest = value.slice(colon + 1).trim();
  if (kind === 'empty-column') {
    const byHeader = source.columns.find((c) => c.header === rest || c.aliases?.includes(rest));
    const column =
      source.columns.find((c) => c.name === rest) ??
      fail(
        `${source.id} has no column ${JSON.stringify(rest)}${byHeader ? ` (${rest} is the header of ${byHeader.name}; give the warehouse column name)` : ''} (its columns: ${source.columns.map((c) => c.name).join(', ')})`,
      );
    return { kind, flag: given, source, column };
  }
  const periodName = source.coverage.kind === 'snapshot' ? undefined : source.coverage.period;
  if (!periodName) fail(`${source.id} has no period column to drop months by (a ${source.coverage.kind} source without coverage.period)`);
  const period = source.columns.find((c) => c.name === periodName)!;
  const parts = rest.split('..');
  if (parts.length > 2) fail(`expected one month YYYY-MM or a range YYYY-MM..YYYY-MM, not ${JSON.stringify(rest)}`);
  const months = parts.map((p) => {
    const m = MONTH.exec(p.trim());
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) fail(`${JSON.stringify(p)} is not a month written YYYY-MM`);
    return p.trim();
  });
  const from = months[0];
  const to = months[1] ?? months[0];
  if (to < from) fail(`the range ${from}..${to} ends before it starts`);
  return { kind, flag: given, source, period, from, to };
}

// ---------------------------------------------------------------------------------------
// Applying them

export interface GapFileResult {
  /** The file as it was named before this gap. */
  file: string;
  sheet: string | null;
  rowsRemoved: number;
  rowsChanged: number;
  deleted: boolean;
  /** New name (relative path), when the gap renamed the file. */
  renamedTo?: string;
  /** What the gap did to this file, as added to the manifest's notes. */
  note: string;
}

export interface AppliedGap {
  flag: string;
  files: GapFileResult[];
  /** One line for the console: what, which files, how many rows. */
  line: string;
}

export interface GapsResult {
  /** The manifest's file list after the gaps (deleted files left out, counts adjusted). */
  files: FileReport[];
  applied: AppliedGap[];
}

/**
 * Applies the gaps in order to the files under `outDir` (described by `files`, the generator's
 * file reports), and updates the manifest beside the folder when there is one.
 */
export async function applyGaps(outDir: string, files: readonly FileReport[], gaps: readonly Gap[]): Promise<GapsResult> {
  let current: FileReport[] = files.map((f) => ({ ...f, expectedSkipped: { ...f.expectedSkipped }, notes: [...f.notes] }));
  const applied: AppliedGap[] = [];
  for (const gap of gaps) {
    const { files: next, result } = await applyGap(outDir, current, gap);
    current = next;
    applied.push(result);
  }
  const manifestPath = sidecarPath(outDir, 'manifest');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
    const before = Array.isArray(manifest.gaps) ? (manifest.gaps as string[]) : [];
    const { year, scale, seed, files: _files, gaps: _gaps, ...rest } = manifest;
    const updated = { year, scale, seed, gaps: [...before, ...gaps.map((g) => g.flag)], files: current, ...rest };
    await writeFile(manifestPath, `${JSON.stringify(updated, null, 2)}\n`);
  }
  return { files: current, applied };
}

async function applyGap(outDir: string, files: FileReport[], gap: Gap): Promise<{ files: FileReport[]; result: AppliedGap }> {
  const mine = files.filter((f) => f.source === gap.source.id).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  if (mine.length === 0) {
    return { files, result: { flag: gap.flag, files: [], line: `${gap.flag}: no file of ${gap.source.id} in the folder (nothing done)` } };
  }
  switch (gap.kind) {
    case 'drop-month':
      return dropMonths(outDir, files, mine, gap);
    case 'empty-column':
      return emptyColumn(outDir, files, mine, gap);
    case 'empty-register':
      return emptyRegister(outDir, files, mine, gap);
    case 'undated':
      return undate(outDir, files, mine, gap);
  }
}

// ---------------------------------------------------------------------------------------
// The four gaps

async function dropMonths(outDir: string, files: FileReport[], mine: FileReport[], gap: Extract<Gap, { kind: 'drop-month' }>) {
  const ctx = cellContext();
  const months = gap.from === gap.to ? gap.from : `${gap.from}..${gap.to}`;
  const stats = new Map<FileReport, EditStats>();
  for (const report of mine) {
    let index = -1;
    const s = await editSheet(outDir, report, gap.source, (match) => {
      index = match.mapping.indexOf(gap.period);
      return {
        data(cells) {
          const raw = index >= 0 ? cells[index] : null;
          if (isEmptyCell(raw)) return undefined;
          const parsed = gap.period.type.parse(raw as Exclude<RawCell, null | undefined>, ctx);
          if (!parsed.ok || typeof parsed.value !== 'string') return undefined; // a bad date stays (the engine rejects it)
          const month = parsed.value.slice(0, 7);
          return month >= gap.from && month <= gap.to ? null : undefined;
        },
      };
    });
    stats.set(report, s);
  }
  const demoted = duplicatesAmongAffected(stats);
  const results: GapFileResult[] = [];
  let remaining = files;
  for (const report of mine) {
    const s = stats.get(report)!;
    if (s.rowsRemoved === 0) continue;
    const alone = files.filter((f) => f.file === report.file).length === 1;
    const deleted = s.dataRowsLeft === 0 && alone;
    let note = `gap ${gap.flag}: ${s.rowsRemoved} row${s.rowsRemoved === 1 ? '' : 's'} dated ${months} removed`;
    if (deleted) {
      await unlink(join(outDir, report.file));
      remaining = remaining.filter((f) => f !== report);
      note += '; no data row was left, so the file was deleted';
    } else {
      adjust(report, s, demoted.get(report));
      note += removedNote(s, demoted.get(report)) + countsNote(report);
      if (report.expectedSkipped.summary > 0) note += `; the ${SUMMARY_LIST} row is left as written (its totals still include the removed rows)`;
    }
    if (!deleted) report.notes.push(note);
    results.push({ file: report.file, sheet: report.sheet, rowsRemoved: s.rowsRemoved, rowsChanged: 0, deleted, note });
  }
  const referring = await brokenReferences(outDir, remaining, gap, stats);
  const total = results.reduce((n, r) => n + r.rowsRemoved, 0);
  const where = results.map((r) => `${r.file}${r.sheet && mine.length > 1 ? ` [${r.sheet}]` : ''} (${r.rowsRemoved}${r.deleted ? ', file deleted: no data row left' : ''})`);
  const line = `${gap.flag}: ${total} row${total === 1 ? '' : 's'} of ${gap.source.id} dated ${months} removed${where.length ? ` from ${where.join(', ')}` : ` (no row of ${mine.length} file${mine.length === 1 ? '' : 's'} is dated then)`}${referring}`;
  return { files: remaining, result: { flag: gap.flag, files: results, line } };
}

async function emptyColumn(outDir: string, files: FileReport[], mine: FileReport[], gap: Extract<Gap, { kind: 'empty-column' }>) {
  const results: GapFileResult[] = [];
  const stats = new Map<FileReport, EditStats>();
  const found = new Map<FileReport, string | null>();
  for (const report of mine) {
    let index = -1;
    let header = gap.column.header;
    const s = await editSheet(outDir, report, gap.source, (match) => {
      index = match.mapping.indexOf(gap.column);
      if (index >= 0) header = match.headers[index].trim();
      return {
        data(cells) {
          if (index < 0 || isEmptyCell(cells[index]) || rowKind(cells) !== 'data') return undefined;
          const next = [...cells];
          next[index] = null;
          return next;
        },
      };
    });
    stats.set(report, s);
    found.set(report, index < 0 ? null : header);
  }
  const demoted = duplicatesAmongAffected(stats);
  for (const report of mine) {
    const s = stats.get(report)!;
    const header = found.get(report);
    let note: string;
    if (header === null) note = `gap ${gap.flag}: the file has no ${gap.column.header} column (nothing done)`;
    else {
      adjust(report, s, demoted.get(report));
      note = `gap ${gap.flag}: ${header} blanked in ${s.rowsChanged} row${s.rowsChanged === 1 ? '' : 's'} (header kept)${countsNote(report)}`;
      report.notes.push(note);
    }
    results.push({ file: report.file, sheet: report.sheet, rowsRemoved: 0, rowsChanged: s.rowsChanged, deleted: false, note });
  }
  const referring = await brokenReferences(outDir, files, gap, stats);
  const line = `${gap.flag}: ${results.map((r) => `${r.file}${r.sheet && mine.length > 1 ? ` [${r.sheet}]` : ''} (${r.rowsChanged} row${r.rowsChanged === 1 ? '' : 's'} blanked)`).join(', ')}${referring}`;
  return { files, result: { flag: gap.flag, files: results, line } };
}

async function emptyRegister(outDir: string, files: FileReport[], mine: FileReport[], gap: Extract<Gap, { kind: 'empty-register' }>) {
  const results: GapFileResult[] = [];
  const stats = new Map<FileReport, EditStats>();
  for (const report of mine) {
    const s = await editSheet(outDir, report, gap.source, () => ({ data: () => null }));
    stats.set(report, s);
    report.rowsRead = 0;
    report.expectedRejected = 0;
    report.expectedSkipped = { duplicate: 0, blank: 0, summary: 0 };
    Object.assign(report, fileReport(report));
    const note = `gap ${gap.flag}: all ${s.rowsRemoved} row${s.rowsRemoved === 1 ? '' : 's'} below the header removed (title rows and header kept): delivered, with nothing in it`;
    report.notes.push(note);
    results.push({ file: report.file, sheet: report.sheet, rowsRemoved: s.rowsRemoved, rowsChanged: 0, deleted: false, note });
  }
  const referring = await brokenReferences(outDir, files, gap, stats);
  const total = results.reduce((n, r) => n + r.rowsRemoved, 0);
  const line = `${gap.flag}: ${total} row${total === 1 ? '' : 's'} removed from ${results.map((r) => `${r.file}${r.sheet && mine.length > 1 ? ` [${r.sheet}]` : ''} (${r.rowsRemoved})`).join(', ')}; title rows and header kept${referring}`;
  return { files, result: { flag: gap.flag, files: results, line } };
}

async function undate(outDir: string, files: FileReport[], mine: FileReport[], gap: Extract<Gap, { kind: 'undated' }>) {
  const results: GapFileResult[] = [];
  const taken = new Set<string>();
  for (const report of mine) {
    const oldFile = report.file;
    let titlesChanged = 0;
    let titlesRemoved = 0;
    let newSheet: string | null = report.sheet;
    const s = await editSheet(
      outDir,
      report,
      gap.source,
      () => ({
        title(cells) {
          const next = cells.map((c) => (c instanceof Date ? null : typeof c === 'string' ? withoutDates(c, 'title row') : c));
          if (next.every((c, i) => c === cells[i])) return undefined;
          if (next.every((c) => isEmptyCell(c))) {
            titlesRemoved++;
            return null;
          }
          titlesChanged++;
          return next;
        },
      }),
      (name) => {
        const others = files.filter((f) => f.file === report.file && f.sheet !== name).map((f) => f.sheet);
        const renamed = withoutDates(name, 'title row');
        newSheet = renamed !== '' && !others.includes(renamed) ? renamed : name;
        return newSheet;
      },
    );
    const newFile = undatedName(outDir, oldFile, gap.source, taken, String(mine.length).length);
    if (newFile !== oldFile) {
      await rename(join(outDir, oldFile), join(outDir, newFile));
      for (const f of files) if (f.file === oldFile) f.file = newFile;
    }
    taken.add(newFile);
    const sheetNote = newSheet !== report.sheet ? `sheet ${report.sheet} → ${newSheet}` : '';
    for (const f of files) if (f.file === newFile && f.sheet === report.sheet) f.sheet = newSheet;
    report.headerRow -= s.titleLinesRemoved;
    const parts = [
      newFile !== oldFile ? `renamed from ${oldFile}` : 'file name states no date already',
      sheetNote,
      titlesChanged ? `${titlesChanged} title row${titlesChanged === 1 ? '' : 's'} without year or date` : '',
      titlesRemoved ? `${titlesRemoved} title row${titlesRemoved === 1 ? '' : 's'} that held only a date or an export time removed (header now on row ${report.headerRow})` : '',
    ].filter(Boolean);
    if (sourcesByFileName(newFile, [gap.source]).length === 0) parts.push(`the new name matches no file pattern of ${gap.source.id}: the engine must know it by its header`);
    const note = `gap ${gap.flag}: ${parts.join('; ')}; the export states no year or as-of date`;
    report.notes.push(note);
    results.push({ file: oldFile, sheet: report.sheet, rowsRemoved: 0, rowsChanged: titlesChanged + titlesRemoved, deleted: false, renamedTo: newFile !== oldFile ? newFile : undefined, note });
  }
  const order = (list: string[]) => JSON.stringify(list.map((f, i) => [f, i]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((x) => x[1]));
  if (order(results.map((r) => r.file)) !== order(results.map((r) => r.renamedTo ?? r.file)) && mine.some((f) => f.expectedSkipped.duplicate > 0)) {
    for (const report of mine) {
      report.notes.push(`gap ${gap.flag}: the new names sort in another order, so rows exported twice may now be skipped as duplicates in the other file (expected counts not adjusted)`);
    }
  }
  const line = `${gap.flag}: ${results
    .map((r) => {
      const what = [r.renamedTo ? `${r.file} → ${r.renamedTo}` : r.file];
      if (r.rowsChanged) what.push(`${r.rowsChanged} title row${r.rowsChanged === 1 ? '' : 's'} changed or removed`);
      return what.join(', ');
    })
    .join('; ')}`;
  return { files, result: { flag: gap.flag, files: results, line } };
}

// ---------------------------------------------------------------------------------------
// Counts for the manifest

type Outcome = 'load' | 'reject' | 'blank' | 'summary';
type Tally = Record<Outcome, number>;
const zeroTally = (): Tally => ({ load: 0, reject: 0, blank: 0, summary: 0 });

/** A row the validator loaded before the gap, removed or changed by it. */
interface AffectedLoad {
  key: string;
  /** The loaded values before the gap, as JSON. */
  values: string;
  /** The same, as values (for references). */
  parsed: unknown[];
  row: number;
  /** What became of it: removed, or the validator's verdict on the changed row. */
  after: 'removed' | Outcome;
}

interface EditStats {
  /** Rows below the header removed. */
  rowsRemoved: number;
  /** Rows below the header changed (not removed). */
  rowsChanged: number;
  /** Lines above the header removed (the header moves up by as many). */
  titleLinesRemoved: number;
  /** The engine's verdict on the rows removed or changed, before and after the gap. */
  before: Tally;
  after: Tally;
  /** Rows removed or changed that the validator loaded before: duplicates among them are told apart afterwards. */
  affectedLoads: AffectedLoad[];
  /** Rows left below the header that are neither empty nor a 合计 row. */
  dataRowsLeft: number;
}

/** Adjusts a file's expected counts by what the engine makes of the rows removed or changed. */
function adjust(report: FileReport, s: EditStats, demoted?: Demoted): void {
  report.rowsRead -= s.rowsRemoved;
  report.expectedRejected += s.after.reject - s.before.reject - (demoted?.rejected ?? 0);
  report.expectedSkipped.blank += s.after.blank - s.before.blank;
  report.expectedSkipped.summary += s.after.summary - s.before.summary;
  report.expectedSkipped.duplicate -= demoted?.duplicate ?? 0;
  Object.assign(report, fileReport(report));
}

/** What the removed rows were to the engine (a drop), for the note. */
function removedNote(s: EditStats, demoted?: Demoted): string {
  const rejects = s.before.reject + (demoted?.rejected ?? 0);
  const parts: string[] = [];
  if (rejects > 0) parts.push(`${rejects} of them ${rejects === 1 ? 'a deliberately bad row' : 'deliberately bad rows'} to reject`);
  if (demoted?.duplicate) parts.push(`${demoted.duplicate} ${demoted.duplicate === 1 ? 'a duplicate' : 'duplicates'} to skip`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The file's expected counts after the gap, for the note. */
function countsNote(report: FileReport): string {
  const k = report.expectedSkipped;
  return `; expected now: ${report.expectedLoaded} loaded, ${report.expectedRejected} rejected, ${k.duplicate + k.blank + k.summary} skipped (recomputed with the engine's row validator on the rows removed or changed)`;
}

interface Demoted {
  duplicate: number;
  rejected: number;
}

/**
 * The engine loads the first of rows sharing a natural key (by file path and row), skips
 * later copies with the same values and rejects later ones with other values; the row
 * validator, which sees one row at a time, calls them all loads. Rows the gap removed or
 * changed are grouped by key: a later copy that is now gone, or now rejected by the
 * validator, was a duplicate skipped (or a row rejected) and is no longer counted as such.
 * The copies of a row share the period and the column blanked, so a gap affects them all
 * alike, and the groups are complete.
 */
function duplicatesAmongAffected(stats: Map<FileReport, EditStats>): Map<FileReport, Demoted> {
  const byKey = new Map<string, { report: FileReport; load: AffectedLoad }[]>();
  for (const [report, s] of stats) {
    for (const load of s.affectedLoads) {
      const list = byKey.get(load.key) ?? [];
      list.push({ report, load });
      byKey.set(load.key, list);
    }
  }
  const demoted = new Map<FileReport, Demoted>();
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => (a.report.file < b.report.file ? -1 : a.report.file > b.report.file ? 1 : a.load.row - b.load.row));
    for (const { report, load } of list.slice(1)) {
      if (load.after === 'load') continue;
      const d = demoted.get(report) ?? { duplicate: 0, rejected: 0 };
      if (load.values === list[0].load.values) d.duplicate++;
      else d.rejected++;
      demoted.set(report, d);
    }
  }
  return demoted;
}

/**
 * Rows of other sources that refer (without `soft`) to rows the gap took out of the source
 * (removed, or now rejected) are rejected by the engine: counted in those files' expected
 * rejects, with a note. Returns a clause for the console line.
 */
async function brokenReferences(outDir: string, files: FileReport[], gap: Gap, stats: Map<FileReport, EditStats>): Promise<string> {
  const loaded = loadedColumns(gap.source);
  const clauses: string[] = [];
  for (const referring of sources) {
    for (const ref of referring.references ?? []) {
      if (ref.source !== gap.source.id || ref.soft) continue;
      const target = loaded.findIndex((c) => c.name === ref.sourceColumn);
      const column = loadedColumns(referring).findIndex((c) => c.name === ref.column);
      if (target < 0 || column < 0) continue;
      const gone = new Set<string>();
      for (const s of stats.values()) {
        for (const a of s.affectedLoads) if (a.after !== 'load') gone.add(JSON.stringify(a.parsed[target]));
      }
      if (gone.size === 0) continue;
      for (const report of files.filter((f) => f.source === referring.id)) {
        let broken = 0;
        await editSheet(outDir, report, referring, (_match, validate) => ({
          data(cells) {
            const v = validate(cells).values;
            if (v && v[column] !== null && gone.has(JSON.stringify(v[column]))) broken++;
            return undefined;
          },
        }));
        if (broken === 0) continue;
        report.expectedRejected += broken;
        Object.assign(report, fileReport(report));
        report.notes.push(
          `gap ${gap.flag}: ${broken} row${broken === 1 ? '' : 's'} refer to ${gap.source.id} rows the gap took out, so the engine rejects ${broken === 1 ? 'it' : 'them'} (broken reference); counted in the expected rejects`,
        );
        clauses.push(`${broken} row${broken === 1 ? '' : 's'} of ${report.file}${report.sheet ? ` [${report.sheet}]` : ''} now refer to nothing (rejected)`);
      }
    }
  }
  return clauses.length ? `; ${clauses.join(', ')}` : '';
}

function cellContext(): CellContext {
  return { hashPhone: (digits) => createHash('sha256').update(digits).digest('hex') };
}

// ---------------------------------------------------------------------------------------
// Editing one sheet of a file, row by row

/** What to do with a row: undefined keeps it, null removes it, an array replaces its cells. */
type RowEdit = RawCell[] | null | undefined;
type Validate = (cells: RawCell[]) => { outcome: Outcome; values?: unknown[] };
interface RowEditor {
  title?(cells: RawCell[]): RowEdit;
  data?(cells: RawCell[]): RowEdit;
}

const SUMMARY_WORDS = new Set(['合计', '总计', '小计']);
const SUMMARY_LIST = '合计';

/** How the engine's row validator sees a row before validating it: empty, a 合计 row, or data. */
function rowKind(cells: readonly RawCell[]): 'blank' | 'summary' | 'data' {
  const first = cells.find((c) => !isEmptyCell(c));
  if (first === undefined) return 'blank';
  if (typeof first === 'string' && SUMMARY_WORDS.has(first.normalize('NFKC').replace(/[\s:：]/g, ''))) return 'summary';
  return 'data';
}

/**
 * Finds the header of `source` in the file (the sheet of `report`), calls the editor on every
 * row and writes the file back when anything changed; counts what the engine makes of the
 * rows removed or changed. `renameSheet` (workbooks) may rename the sheet.
 */
async function editSheet(
  outDir: string,
  report: FileReport,
  source: SourceDefinition,
  begin: (match: HeaderMatch, validate: Validate) => RowEditor,
  renameSheet?: (name: string) => string,
): Promise<EditStats> {
  const path = join(outDir, report.file);
  const stats: EditStats = { rowsRemoved: 0, rowsChanged: 0, titleLinesRemoved: 0, before: zeroTally(), after: zeroTally(), affectedLoads: [], dataRowsLeft: 0 };
  const header = (rows: RawRow[]): { match: HeaderMatch; editor: RowEditor; validate: Validate } => {
    const found = findHeader(source, rows);
    if (!isHeaderMatch(found)) throw new Error(`${report.file}${report.sheet ? ` [${report.sheet}]` : ''}: ${describeHeaderProblem(source, found)}`);
    const validator = compileRowValidator(source, found.mapping, found.headers, cellContext(), { strictWidth: extname(path).toLowerCase() === '.csv' });
    const validate: Validate = (cells) => {
      const r = validator(cells);
      if (r.kind === 'load') return { outcome: 'load' as const, values: r.values };
      if (r.kind === 'reject') return { outcome: 'reject' as const };
      return { outcome: r.reason === SKIP_EMPTY ? ('blank' as const) : ('summary' as const) };
    };
    return { match: found, editor: begin(found, validate), validate };
  };
  const keyIndexes = loadedColumns(source)
    .map((c, i) => (c.key ? i : -1))
    .filter((i) => i >= 0);
  const affected = (values: unknown[], row: number, after: AffectedLoad['after']): AffectedLoad => ({
    key: JSON.stringify(keyIndexes.map((i) => values[i])),
    values: JSON.stringify(values),
    parsed: values,
    row,
    after,
  });
  /** Counts one data row's edit; returns the edit. */
  const count = (row: number, cells: RawCell[], edit: RowEdit, validate: Validate): RowEdit => {
    if (edit === undefined) {
      if (rowKind(cells) === 'data') stats.dataRowsLeft++;
      return edit;
    }
    // A workbook row without a single cell is not a row the engine reads.
    if (cells.length === 0) return edit;
    const before = validate(cells);
    stats.before[before.outcome]++;
    if (edit === null) {
      stats.rowsRemoved++;
      if (before.values) stats.affectedLoads.push(affected(before.values, row, 'removed'));
    } else {
      stats.rowsChanged++;
      const after = validate(edit).outcome;
      stats.after[after]++;
      if (before.values) stats.affectedLoads.push(affected(before.values, row, after));
      if (rowKind(edit) === 'data') stats.dataRowsLeft++;
    }
    return edit;
  };

  if (extname(path).toLowerCase() === '.csv') {
    await editCsv(path, report.file, (rows) => {
      const { match, editor, validate } = header(rows);
      return {
        headerRow: match.headerRow,
        edit(row, cells) {
          if (row < match.headerRow) {
            const edit = editor.title?.(cells);
            if (edit === null) stats.titleLinesRemoved += 1 + lineBreaks(cells);
            return edit;
          }
          if (row === match.headerRow) return undefined;
          return count(row, cells, editor.data?.(cells), validate);
        },
      };
    });
    return stats;
  }

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = report.sheet === null ? wb.worksheets[0] : wb.getWorksheet(report.sheet);
  if (!ws) throw new Error(`${report.file}: no sheet ${report.sheet ?? ''}`);
  const first: RawRow[] = [];
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, ws.rowCount); r++) first.push({ row: r, cells: rowCells(ws.getRow(r)) });
  const { match, editor, validate } = header(first);
  const removed: number[] = [];
  let changed = false;
  for (let r = 1; r <= ws.rowCount; r++) {
    if (r === match.headerRow) continue;
    const row = ws.getRow(r);
    const cells = rowCells(row);
    const edit = r < match.headerRow ? editor.title?.(cells) : count(r, cells, editor.data?.(cells), validate);
    if (edit === undefined) continue;
    changed = true;
    if (edit === null) {
      removed.push(r);
      if (r < match.headerRow) stats.titleLinesRemoved++;
      continue;
    }
    edit.forEach((value, i) => {
      if (value !== cells[i]) row.getCell(i + 1).value = toExcelValue(value);
    });
  }
  // Remove from the bottom up, a run of consecutive rows at a time. exceljs's spliceRows leaves
  // stale copies below the last row it moves when a run is longer than the rows after it:
  // everything below the rows kept is cleared afterwards.
  const last = ws.rowCount;
  for (let i = removed.length - 1; i >= 0; ) {
    let start = i;
    while (start > 0 && removed[start - 1] === removed[start] - 1) start--;
    ws.spliceRows(removed[start], i - start + 1);
    i = start - 1;
  }
  for (let r = last - removed.length + 1; r <= Math.max(last, ws.rowCount); r++) clearRow(ws.getRow(r));
  if (renameSheet) {
    const name = renameSheet(ws.name);
    if (name !== ws.name) {
      ws.name = name;
      changed = true;
    }
  }
  if (changed) await saveWorkbook(wb, path);
  return stats;
}

/** A row's cells as the engine's reader gives them (merged cells hold nothing but their first). */
function rowCells(row: ExcelJS.Row): RawCell[] {
  const cells: RawCell[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    cells[col - 1] = cell.type === ExcelJS.ValueType.Merge ? null : toRawCell(cell.value);
  });
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return cells;
}

/** Leaves a row with no cell (such a row is not written at all). */
function clearRow(row: ExcelJS.Row): void {
  row.values = [];
  if (row.height !== undefined) row.height = undefined as unknown as number;
}

function toExcelValue(value: RawCell): ExcelJS.CellValue {
  if (value === undefined || value === null) return null;
  if (isExcelError(value)) return { error: value.error } as ExcelJS.CellErrorValue;
  return value;
}

interface CsvEditor {
  headerRow: number;
  /** Called for every record but the header: undefined keeps it, null removes it, cells replace it. */
  edit(line: number, cells: string[]): RowEdit;
}

const CHUNK_CHARS = 256 * 1024;

/**
 * Streams a CSV file through `editor` into a new file in the same encoding (BOM kept) and
 * delimiter; records left alone are written back byte for byte, replaced ones are written
 * with csv-stringify and the record's own line ending. The file is replaced only when a
 * record changed. Records are cut the way the engine's extractor cuts them (same csv-parse
 * options), and `line` is the line a record starts on, as the engine numbers rows.
 */
async function editCsv(path: string, relPath: string, begin: (rows: RawRow[]) => CsvEditor): Promise<void> {
  const layout: CsvLayout = await detectCsvLayout(path, relPath);
  const head = Buffer.alloc(3);
  const fd = await open(path, 'r');
  try {
    await fd.read(head, 0, 3, 0);
  } finally {
    await fd.close();
  }
  const bomLength =
    layout.encoding === 'utf-8' ? (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0) : layout.encoding.startsWith('utf-16') ? 2 : 0;
  const bom = head.subarray(0, bomLength);

  // The parser is fed UTF-8; its byte count at the end of each record cuts the record's own text out.
  const queue: Buffer[] = [];
  let queueOffset = 0;
  const take = (n: number): string => {
    const parts: Buffer[] = [];
    while (n > 0) {
      const b = queue[0];
      const available = b.length - queueOffset;
      if (available <= n) {
        parts.push(queueOffset === 0 ? b : b.subarray(queueOffset));
        queue.shift();
        queueOffset = 0;
        n -= available;
      } else {
        parts.push(b.subarray(queueOffset, queueOffset + n));
        queueOffset += n;
        n = 0;
      }
    }
    return Buffer.concat(parts).toString('utf8');
  };
  const file = createReadStream(path, { start: bomLength });
  const text: AsyncIterable<Buffer | string> = layout.encoding === 'utf-8' ? file : file.pipe(iconv.decodeStream(layout.encoding, { stripBOM: false }));
  async function* utf8(): AsyncGenerator<Buffer> {
    for await (const chunk of text) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      queue.push(b);
      yield b;
    }
  }
  const parser = parse({
    delimiter: layout.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    info: true,
  });
  pipeline(Readable.from(utf8()), parser, () => {});

  const tmp = `${path}.gap-tmp`;
  const out = createWriteStream(tmp);
  if (bomLength > 0) out.write(bom);
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const s = pending.join('');
    pending = [];
    pendingChars = 0;
    const bytes = layout.encoding === 'utf-8' ? Buffer.from(s, 'utf8') : iconv.encode(s, layout.encoding);
    if (!out.write(bytes)) await once(out, 'drain');
  };
  let changed = false;
  let editor: CsvEditor | null = null;
  const buffered: { line: number; cells: string[]; raw: string }[] = [];
  const handle = async (line: number, cells: string[], raw: string) => {
    const edit = line === editor!.headerRow ? undefined : editor!.edit(line, cells);
    if (edit !== undefined) changed = true;
    const written = edit === undefined ? raw : edit === null ? '' : replaced(edit, raw, layout.delimiter);
    if (written) {
      pending.push(written);
      pendingChars += written.length;
      if (pendingChars >= CHUNK_CHARS) await flush();
    }
  };
  try {
    let consumed = 0;
    let line = 1;
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { bytes: number } }>) {
      const raw = take(info.bytes - consumed);
      consumed = info.bytes;
      if (editor === null) {
        buffered.push({ line, cells: record, raw });
        if (buffered.length === HEADER_SEARCH_ROWS) {
          editor = begin(buffered.map((b) => ({ row: b.line, cells: b.cells })));
          for (const b of buffered) await handle(b.line, b.cells, b.raw);
        }
      } else {
        await handle(line, record, raw);
      }
      line += 1 + lineBreaks(record);
    }
    if (editor === null) {
      editor = begin(buffered.map((b) => ({ row: b.line, cells: b.cells })));
      for (const b of buffered) await handle(b.line, b.cells, b.raw);
    }
    await flush();
  } finally {
    out.end();
    await finished(out);
  }
  if (changed) await rename(tmp, path);
  else await unlink(tmp);
}

/** A replaced record: its cells as CSV, ending the way the original record ended. */
function replaced(cells: RawCell[], raw: string, delimiter: string): string {
  const ending = raw.endsWith('\r\n') ? '\r\n' : raw.endsWith('\n') ? '\n' : raw.endsWith('\r') ? '\r' : '';
  const fields = cells.map((c) => (c === null || c === undefined ? '' : isExcelError(c) ? c.error : c instanceof Date ? c.toISOString() : String(c)));
  return stringify([fields], { delimiter, record_delimiter: '\n', eof: false }) + ending;
}

// ---------------------------------------------------------------------------------------
// Years and dates out of names and titles

// A stamp (`导出时间：2024-01-05 09:30`) or an as-of phrase (`截至2023年12月31日`) goes with its date.
const LABEL = String.raw`(?:(?:导出|打印|生成|制表|下载|更新)(?:时间|日期|于)?\s*[:：]?\s*|(?:截至|截止到|截止|截至到)\s*[:：]?\s*)?`;
const TIME = String.raw`(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?`;
const DATE_FORMS = [
  String.raw`\d{4}\s*[-—–~～至到]\s*\d{4}\s*年?度?`, // 2022—2023年, 2022-2023
  String.raw`\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?度?` + TIME, // 2023年, 2023年度, 2023年1月, 2023年12月31日
  String.raw`\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?` + TIME, // 2023-05, 2023/12/31, 2024-01-05 09:30
  String.raw`(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])?`, // 20231231, 202312
  String.raw`(?:19|20)\d{2}`, // a bare year: 话务明细_2023
];
const DATES = new RegExp(String.raw`(?<!\d)${LABEL}(?:${DATE_FORMS.join('|')})(?!\d)`, 'g');

/** `text` without any year or date (and without the brackets or separators they leave behind). */
export function withoutDates(text: string, kind: 'file name' | 'title row'): string {
  let s = text.replace(DATES, '');
  if (s === text) return text;
  s = s.replace(/[（(【[]\s*[)）】\]]/g, '');
  if (kind === 'file name') {
    s = s.replace(/([_\-.\s])[_\-.\s]+/g, '$1').replace(/^[_\-.\s]+|[_\-.\s]+$/g, '');
  } else {
    s = s.replace(/[\s\u3000]{2,}/g, (m) => m[0]).replace(/^[\s\u3000]+|[\s\u3000]+$/g, '');
  }
  return s;
}

/**
 * The file's relative path with no date in its name, unique in its folder: a second file of
 * the same name gets `_2` (`_02` …), which sorts after the first as its dated name did, so
 * that the engine still keeps the same copy of a row exported twice (the first by path).
 */
function undatedName(outDir: string, file: string, source: SourceDefinition, taken: Set<string>, width: number): string {
  const ext = extname(file);
  const stem = basename(file, ext);
  const folder = dirname(file);
  let bare = withoutDates(stem, 'file name');
  if (bare === stem) return file;
  if (bare === '') bare = source.title;
  const rel = (name: string) => (folder === '.' ? name : `${folder}/${name}`);
  let candidate = rel(`${bare}${ext}`);
  for (let n = 2; taken.has(candidate) || existsSync(join(outDir, candidate)); n++) candidate = rel(`${bare}_${String(n).padStart(width, '0')}${ext}`);
  return candidate;
}

/** A cell value as exceljs gives it (rich text, formula, hyperlink …) as the engine would read it. */
function toRawCell(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return String(value);
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
    return typeof v.result === 'number' && Number.isNaN(v.result) ? { error: FORMULA_WITHOUT_RESULT } : toRawCell(v.result);
  }
  if (typeof v.error === 'string') return { error: v.error };
  if (Array.isArray(v.richText)) return v.richText.map((r) => (typeof (r as { text?: unknown })?.text === 'string' ? (r as { text: string }).text : '')).join('');
  if ('text' in v) return toRawCell(v.text);
  return null;
}
