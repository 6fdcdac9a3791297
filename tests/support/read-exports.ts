/**
 * A minimal reader that follows the source contracts (pipelines/), to check generated files
 * independently of the engine (tests/samples-generator.test.ts, tests/samples-continuation.test.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { compileRule, type ParsedRow, type SourceDefinition } from '../../src/sources/define.js';
import { isEmptyCell, normaliseText } from '../../src/transform/cells.js';
import type { RawCell } from '../../src/transform/cells.js';

export interface ReadResult {
  rows: ParsedRow[];
  read: number;
  rejected: number;
  blank: number;
  summary: number;
}

const norm = (s: string) => normaliseText(s).replace(/\s+/g, '').toLowerCase();
const ctx = { hashPhone: (digits: string) => createHash('sha256').update(digits).digest('hex') };

function readRows(source: SourceDefinition, rows: RawCell[][]): ReadResult {
  const lookup = new Map<string, (typeof source.columns)[number]>();
  for (const c of source.columns) for (const h of [c.header, ...(c.aliases ?? [])]) lookup.set(norm(h), c);
  const required = source.columns.filter((c) => !c.optional && c.emptyAs === undefined);
  const headerIndex = rows.slice(0, 20).findIndex((r) => {
    const found = new Set(r.map((v) => (typeof v === 'string' ? lookup.get(norm(v))?.name : undefined)));
    return required.every((c) => found.has(c.name));
  });
  if (headerIndex < 0) throw new Error(`no header for ${source.id}`);
  const columns = rows[headerIndex].map((v) => (typeof v === 'string' ? lookup.get(norm(v)) : undefined));
  const out: ReadResult = { rows: [], read: 0, rejected: 0, blank: 0, summary: 0 };
  for (const cells of rows.slice(headerIndex + 1)) {
    out.read++;
    const firstText = cells.find((v) => !isEmptyCell(v));
    if (firstText === undefined) {
      out.blank++;
      continue;
    }
    if (typeof firstText === 'string' && ['合计', '总计', '小计'].includes(norm(firstText))) {
      out.summary++;
      continue;
    }
    const row: ParsedRow = {};
    let ok = true;
    for (const col of source.columns) {
      const at = columns.indexOf(col);
      let raw = at < 0 ? null : cells[at];
      if (typeof raw === 'string' && /^#(N\/A|DIV\/0!|REF!|VALUE!|NAME\?|NUM!|NULL!)$/.test(raw.trim())) raw = { error: raw.trim() };
      if (raw === undefined || isEmptyCell(raw)) {
        if (col.emptyAs !== undefined) row[col.name] = col.emptyAs;
        else if (col.optional) row[col.name] = null;
        else ok = false;
        continue;
      }
      const parsed = col.type.parse(raw as Exclude<RawCell, null | undefined>, ctx);
      if (parsed.ok) row[col.name] = parsed.value;
      else ok = false;
    }
    if (ok && (source.rules ?? []).some((r) => compileRule(r)(row) !== null)) ok = false;
    if (ok) out.rows.push(row);
    else out.rejected++;
  }
  return out;
}

export async function readXlsx(path: string, source: SourceDefinition): Promise<ReadResult> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = source.sheets ? wb.worksheets.find((s) => source.sheets?.includes(s.name)) : wb.worksheets[0];
  if (!ws) throw new Error(`no sheet for ${source.id}`);
  const rows: RawCell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if (row.cellCount === 0) continue; // a row with no cell is not in the file
    const values = row.values as unknown[];
    rows.push(Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => (values[i + 1] ?? null) as RawCell));
  }
  return readRows(source, rows);
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GB18030. */
export async function readCsv(path: string, source: SourceDefinition): Promise<ReadResult> {
  const bytes = await readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    text = iconv.decode(bytes, 'gb18030');
  }
  const delimiter = text.slice(0, text.indexOf('\n')).includes('\t') ? '\t' : ',';
  const rows = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  return readRows(source, rows);
}
