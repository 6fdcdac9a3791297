/**
 * The parts of a workbook other than its sheets, found the way Excel finds them: the package
 * relationships name the workbook part, the workbook's relationships name its worksheets,
 * shared strings and styles — by any part name, with absolute (`/xl/worksheets/sheet1.xml`,
 * as openpyxl writes) or relative targets.
 */
import { posix } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { FileError } from '../errors.js';
import { isDateFormat, unescapeXlsx } from './cell-value.js';
import { parseXml } from './xml-stream.js';
import type { ZipPart } from './zip-directory.js';
import { readPart } from './zip-part.js';

export interface WorkbookSheet {
  name: string;
  /** The worksheet's part in the zip. */
  part: string;
}

export interface WorkbookParts {
  sheets: WorkbookSheet[];
  /** Dates count from 1904-01-01 (`<workbookPr date1904="1"/>` or `"true"`). */
  date1904: boolean;
  sharedStrings: string[];
  /** For each cell style (`s=` index), whether its number format shows a date or time. */
  dateStyles: boolean[];
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships/';
const relType = (type: string) => type.replace(REL, '').replace(STRICT_REL, '');

// Built-in number formats that show dates or times (ECMA-376 18.8.30; 27–36 and 50–58 are the East Asian date formats).
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** Finds a part by name, also as stored with other letter case or a leading slash. */
export function findPart(parts: ReadonlyMap<string, ZipPart>, name: string): string | null {
  const wanted = name.replace(/^\/+/, '');
  if (parts.has(wanted)) return wanted;
  // Some Windows tools store `xl\workbook.xml`.
  const plain = (key: string) => key.replace(/\\/g, '/').replace(/^\/+/, '').toLowerCase();
  const lower = plain(wanted);
  for (const key of parts.keys()) if (plain(key) === lower) return key;
  return null;
}

interface Relationship {
  type: string;
  target: string;
}

async function relationships(handle: FileHandle, relPath: string, parts: ReadonlyMap<string, ZipPart>, ofPart: string): Promise<Map<string, Relationship> | null> {
  const logical = ofPart.replace(/\\/g, '/');
  const relsName = findPart(parts, posix.join(posix.dirname(logical), '_rels', `${posix.basename(logical)}.rels`));
  if (!relsName) return null;
  const rels = new Map<string, Relationship>();
  const base = posix.dirname(logical);
  await parseXml(readPart(handle, relPath, relsName, parts.get(relsName)!), relPath, relsName, {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target || a.TargetMode === 'External') return;
      const target = a.Target.startsWith('/') ? a.Target.slice(1) : posix.normalize(posix.join(base, a.Target));
      rels.set(a.Id ?? '', { type: relType(a.Type ?? ''), target });
    },
    close() {},
    text() {},
  });
  return rels;
}

/** Reads the package and workbook relationships, workbook.xml, the shared strings and the styles. */
export async function readWorkbookParts(handle: FileHandle, relPath: string, parts: ReadonlyMap<string, ZipPart>): Promise<WorkbookParts> {
  const root = await relationships(handle, relPath, parts, '');
  const office = [...(root?.values() ?? [])].find((r) => r.type === 'officeDocument');
  const workbook = findPart(parts, office?.target ?? 'xl/workbook.xml') ?? findPart(parts, 'xl/workbook.xml');
  if (!workbook) {
    throw new FileError(relPath, 'corrupt', 'holds no worksheet (it has no workbook part: it is not an Excel workbook, or it is damaged): open it in Excel and save it again as .xlsx');
  }
  const declared: { name: string; id: string }[] = [];
  let date1904 = false;
  // Extensions (`<extLst>`) may hold elements of the same local name (`<x15:workbookPr>`) that say nothing of dates.
  let extensions = 0;
  await parseXml(readPart(handle, relPath, workbook, parts.get(workbook)!), relPath, workbook, {
    open(name, a) {
      if (name === 'extLst') extensions++;
      else if (extensions > 0) return;
      else if (name === 'workbookPr') date1904 = a.date1904 === '1' || a.date1904?.toLowerCase() === 'true';
      else if (name === 'sheet') declared.push({ name: a.name ?? '', id: a.id ?? '' });
    },
    close(name) {
      if (name === 'extLst') extensions--;
    },
    text() {},
  });
  const rels = (await relationships(handle, relPath, parts, workbook)) ?? new Map<string, Relationship>();
  const sheets: WorkbookSheet[] = [];
  for (const d of declared) {
    const rel = rels.get(d.id);
    // Chart sheets and dialog sheets hold no rows.
    if (!rel || rel.type !== 'worksheet') continue;
    const part = findPart(parts, rel.target);
    if (!part) throw new FileError(relPath, 'corrupt', `is not a valid .xlsx workbook (damaged: its sheet ${d.name} points to a part ${rel.target} it does not hold): open it in Excel and save it again`);
    sheets.push({ name: d.name, part });
  }
  const byType = (type: string, fallback: string) => {
    const rel = [...rels.values()].find((r) => r.type === type);
    return findPart(parts, rel?.target ?? fallback);
  };
  const stringsPart = byType('sharedStrings', 'xl/sharedStrings.xml');
  const stylesPart = byType('styles', 'xl/styles.xml');
  return {
    sheets,
    date1904,
    sharedStrings: stringsPart ? await readSharedStrings(handle, relPath, stringsPart, parts.get(stringsPart)!) : [],
    dateStyles: stylesPart ? await readDateStyles(handle, relPath, stylesPart, parts.get(stylesPart)!) : [],
  };
}

/**
 * The shared strings: each `<si>` is the text of all its runs (`<r><t>`), CDATA included;
 * phonetic guides (`<rPh>`, which Excel writes over CJK text) are not text of the cell.
 */
async function readSharedStrings(handle: FileHandle, relPath: string, name: string, part: ZipPart): Promise<string[]> {
  const strings: string[] = [];
  let text = '';
  let inText = false;
  let phonetic = 0;
  await parseXml(readPart(handle, relPath, name, part), relPath, name, {
    open(tag) {
      if (tag === 'si') text = '';
      else if (tag === 'rPh') phonetic++;
      else if (tag === 't' && phonetic === 0) inText = true;
    },
    close(tag) {
      if (tag === 'si') strings.push(unescapeXlsx(text));
      else if (tag === 'rPh') phonetic--;
      else if (tag === 't') inText = false;
    },
    text(t) {
      if (inText) text += t;
    },
  });
  return strings;
}

/** For each cell format of `<cellXfs>`, whether it shows a date or time. */
async function readDateStyles(handle: FileHandle, relPath: string, name: string, part: ZipPart): Promise<boolean[]> {
  const formats = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  await parseXml(readPart(handle, relPath, name, part), relPath, name, {
    open(tag, a) {
      if (tag === 'numFmt') formats.set(Number(a.numFmtId), a.formatCode ?? '');
      else if (tag === 'cellXfs') inCellXfs = true;
      else if (tag === 'xf' && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        styles.push(formats.has(id) ? isDateFormat(formats.get(id)) : BUILT_IN_DATES.has(id));
      }
    },
    close(tag) {
      if (tag === 'cellXfs') inCellXfs = false;
    },
    text() {},
  });
  return styles;
}
