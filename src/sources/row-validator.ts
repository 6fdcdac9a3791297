/**
 * Turns the raw cells of one row into the values to load, or into the list of problems that
 * reject it, or into a reason to skip it. Compiled once per file and source: the header
 * mapping is resolved up front, so the per-row work is one parser call per cell.
 */
import { compileRule, type ColumnDefinition, type ParsedRow, type SourceDefinition } from './define.js';
import { isEmptyCell, isExcelError, lineBreaks, showRaw, type CellContext, type CellValue, type RawCell } from '../transform/cells.js';
import { maskPhoneNumbers } from '../transform/pii.js';

export interface RowProblem {
  /** The column header as written in the file (or the canonical header). */
  column: string | null;
  /** The raw value shown to the clerk (personal data masked). */
  value: string | null;
  message: string;
}

export type RowOutcome =
  | { kind: 'load'; values: CellValue[] }
  | { kind: 'reject'; problems: RowProblem[] }
  | { kind: 'skip'; reason: string };

export const SKIP_EMPTY = 'empty row';
const SUMMARY_WORDS = new Set(['合计', '总计', '小计']);

/** Columns that reach the warehouse (names are never loaded), in definition order. */
export function loadedColumns(source: SourceDefinition): ColumnDefinition[] {
  return source.columns.filter((c) => c.type.kind !== 'name');
}

interface Slot {
  column: ColumnDefinition;
  /** Cell index in the row, or -1 when the file lacks this (optional) column. */
  index: number;
  header: string;
}

export interface ValidatorOptions {
  /** CSV rows must have exactly as many fields as the header (trailing empty fields aside). */
  strictWidth: boolean;
}

export function compileRowValidator(
  source: SourceDefinition,
  mapping: readonly (ColumnDefinition | null)[],
  headers: readonly string[],
  ctx: CellContext,
  options: ValidatorOptions,
): (cells: readonly RawCell[]) => RowOutcome {
  const slots: Slot[] = loadedColumns(source).map((column) => {
    const index = mapping.indexOf(column);
    return { column, index, header: index >= 0 ? headers[index].trim() : column.header };
  });
  const width = headers.length;
  const rules = (source.rules ?? []).map((rule) => ({ column: rule.column, check: compileRule(rule) }));
  const headerOf = new Map(slots.map((s) => [s.column.name, s.header]));
  const slotOf = new Map(slots.map((s) => [s.column.name, s]));

  return (cells) => {
    const first = cells.find((c) => !isEmptyCell(c));
    if (first === undefined) return { kind: 'skip', reason: SKIP_EMPTY };
    if (typeof first === 'string') {
      const word = first.normalize('NFKC').replace(/[\s:：]/g, '');
      if (SUMMARY_WORDS.has(word)) return { kind: 'skip', reason: `summary row (${word})` };
    }
    const problems: RowProblem[] = [];
    if (options.strictWidth && cells.length !== width) {
      const extra = cells.slice(width).some((c) => !isEmptyCell(c));
      if (cells.length < width || extra) {
        // A quote that is missing or stray makes one record of many lines: say so, since
        // those lines are not lost but read into this rejected row.
        const breaks = lineBreaks(cells);
        const swallowed =
          breaks > 0
            ? `, and it runs over ${breaks + 1} lines of the file: a quote (") on its first line is probably missing or stray, which would read the next ${breaks} line${breaks === 1 ? '' : 's'} into this row (they are rejected with it)`
            : '';
        problems.push({ column: null, value: null, message: `the row has ${cells.length} fields but the header has ${width}${swallowed}` });
        return { kind: 'reject', problems };
      }
    }
    const values: CellValue[] = new Array(slots.length);
    // Only rules read the row by name; build it only for sources that have rules.
    const row: ParsedRow | null = rules.length > 0 ? {} : null;
    for (let i = 0; i < slots.length; i++) {
      const { column, index, header } = slots[i];
      const raw = index >= 0 ? cells[index] : null;
      let value: CellValue = null;
      if (isEmptyCell(raw)) {
        if (column.emptyAs !== undefined) value = column.emptyAs;
        else if (!column.optional) problems.push({ column: header, value: '', message: 'is empty but required' });
      } else if (typeof raw === 'string' && raw.length > MAX_CELL_CHARS) {
        // Masked before it is cut (a number cut in half would no longer be recognised as one),
        // from a window of the start only: a 10 MB cell is not scanned whole.
        const value = column.type.kind === 'phone' ? shown(column, `${raw.slice(0, 40)}…`, ctx) : `${shown(column, raw.slice(0, 1000), ctx).slice(0, 40)}…`;
        problems.push({ column: header, value, message: tooLong(raw.length) });
      } else {
        const result = column.type.parse(asExcelError(raw as Exclude<RawCell, null | undefined>), ctx);
        if (result.ok) value = result.value;
        else problems.push({ column: header, value: shown(column, raw, ctx), message: maskPhoneNumbers(result.message, ctx.hashPhone) });
      }
      values[i] = value;
      if (row) row[column.name] = value;
    }
    if (row && problems.length === 0) {
      for (const rule of rules) {
        const message = rule.check(row);
        if (message) {
          const slot = slotOf.get(rule.column);
          problems.push({ column: headerOf.get(rule.column) ?? rule.column, value: slot ? shown(slot.column, cells[slot.index], ctx) : null, message: maskPhoneNumbers(message, ctx.hashPhone) });
        }
      }
    }
    return problems.length > 0 ? { kind: 'reject', problems } : { kind: 'load', values };
  };
}

// Excel writes its error values as text when it saves a CSV.
const ERROR_TEXT = /^#(N\/A|DIV\/0!|REF!|VALUE!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/;

function asExcelError(raw: Exclude<RawCell, null | undefined>): Exclude<RawCell, null | undefined> {
  return typeof raw === 'string' && raw.charCodeAt(0) === 35 /* # */ && ERROR_TEXT.test(raw.trim()) ? { error: raw.trim() } : raw;
}

/** The raw value as a clerk would recognise it in the file. */
export function rawText(raw: RawCell): string {
  if (raw === null || raw === undefined) return '';
  if (typeof raw === 'string') return raw;
  if (isExcelError(raw)) return raw.error;
  return showRaw(raw);
}

/** Excel's limit per cell; a longer value cannot have come from a spreadsheet. */
export const MAX_CELL_CHARS = 32_767;

function tooLong(length: number): string {
  return `holds ${length.toLocaleString('en')} characters, more than the ${MAX_CELL_CHARS.toLocaleString('en')} a spreadsheet cell can hold: the export is damaged in this row`;
}

/** The raw value stored with a reject: a phone column's is masked, and so is a phone number inside any other. */
function shown(column: ColumnDefinition, raw: RawCell, ctx: CellContext): string {
  return column.type.kind === 'phone' ? maskPhone(raw, ctx) : maskPhoneNumbers(rawText(raw), ctx.hashPhone);
}

/** A rejected phone cell is stored as its keyed hash, never as the number. */
function maskPhone(raw: RawCell, ctx: CellContext): string {
  return `hmac:${ctx.hashPhone(rawText(raw).trim()).slice(0, 16)}`;
}
