/**
 * Writes a one-sheet workbook of given rows the way another producer lays it out: namespace
 * prefixes (.NET), absolute relationship targets (openpyxl), another part name (Numbers),
 * shared strings with phonetic guides (Excel over CJK), rows and cells without references
 * (POI), 1904 dates and workbook.xml stored last (LibreOffice).
 */
import { writeZip } from './zip-write.js';

export interface ProducerStyle {
  prefix?: boolean;
  absoluteTargets?: boolean;
  sheetPart?: string;
  phonetic?: boolean;
  noRefs?: boolean;
  date1904?: boolean;
  workbookLast?: boolean;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const column = (i: number) => String.fromCharCode(65 + i);

/** Cells: strings (shared), numbers, or Dates (a date cell, written as a serial under a date style). */
export function writeProducerXlsx(path: string, sheetName: string, rows: (string | number | Date | null)[][], style: ProducerStyle): void {
  const p = style.prefix ? 'x:' : '';
  const strings: string[] = [];
  const stringIndex = (s: string) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const serial = (d: Date) => d.getTime() / 86_400_000 + 25569 - (style.date1904 ? 1462 : 0);
  const sheetRows = rows
    .map((row, r) => {
      const cells = row
        .map((v, c) => {
          if (v === null) return '';
          const ref = style.noRefs ? '' : ` r="${column(c)}${r + 1}"`;
          if (typeof v === 'string') return `<${p}c${ref} t="s"><${p}v>${stringIndex(v)}</${p}v></${p}c>`;
          if (v instanceof Date) return `<${p}c${ref} s="1"><${p}v>${serial(v)}</${p}v></${p}c>`;
          return `<${p}c${ref}><${p}v>${v}</${p}v></${p}c>`;
        })
        .join('');
      return `<${p}row${style.noRefs ? '' : ` r="${r + 1}"`}>${cells}</${p}row>`;
    })
    .join('');
  // With noRefs, an empty cell cannot be skipped: write an empty element so the next cell keeps its column.
  const sheetXml = style.noRefs
    ? `${XML}<${p}worksheet xmlns${p ? ':x' : ''}="${MAIN}"><${p}sheetData>${rows
        .map((row) => `<${p}row>${row.map((v) => (v === null ? `<${p}c/>` : typeof v === 'string' ? `<${p}c t="s"><${p}v>${stringIndex(v)}</${p}v></${p}c>` : v instanceof Date ? `<${p}c s="1"><${p}v>${serial(v)}</${p}v></${p}c>` : `<${p}c><${p}v>${v}</${p}v></${p}c>`)).join('')}</${p}row>`)
        .join('')}</${p}sheetData></${p}worksheet>`
    : `${XML}<${p}worksheet xmlns${p ? ':x' : ''}="${MAIN}"><${p}sheetData>${sheetRows}</${p}sheetData></${p}worksheet>`;
  const sst = `${XML}<${p}sst xmlns${p ? ':x' : ''}="${MAIN}">${strings
    .map((s) => `<${p}si><${p}t>${esc(s)}</${p}t>${style.phonetic ? `<${p}rPh sb="0" eb="1"><${p}t>pinyin</${p}t></${p}rPh><${p}phoneticPr fontId="1"/>` : ''}</${p}si>`)
    .join('')}</${p}sst>`;
  const sheetPart = style.sheetPart ?? 'xl/worksheets/sheet1.xml';
  const target = (part: string) => (style.absoluteTargets ? `/${part}` : part.replace(/^xl\//, ''));
  const parts: { name: string; text: string }[] = [
    { name: '[Content_Types].xml', text: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>` },
    { name: '_rels/.rels', text: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="${style.absoluteTargets ? '/' : ''}xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `${XML}<${p ? 'ns0:' : ''}Relationships xmlns${p ? ':ns0' : ''}="${PKG}"><${p ? 'ns0:' : ''}Relationship Id="rS" Type="${REL}/worksheet" Target="${target(sheetPart)}"/><${p ? 'ns0:' : ''}Relationship Id="rT" Type="${REL}/sharedStrings" Target="${target('xl/sharedStrings.xml')}"/><${p ? 'ns0:' : ''}Relationship Id="rY" Type="${REL}/styles" Target="${target('xl/styles.xml')}"/></${p ? 'ns0:' : ''}Relationships>`,
    },
    { name: 'xl/styles.xml', text: `${XML}<${p}styleSheet xmlns${p ? ':x' : ''}="${MAIN}"><${p}cellXfs count="2"><${p}xf numFmtId="0"/><${p}xf numFmtId="14" applyNumberFormat="1"/></${p}cellXfs></${p}styleSheet>` },
    { name: 'xl/sharedStrings.xml', text: sst },
    { name: sheetPart, text: sheetXml },
  ];
  const workbook = {
    name: 'xl/workbook.xml',
    text: `${XML}<${p}workbook xmlns${p ? ':x' : ''}="${MAIN}" xmlns:r="${REL}">${style.date1904 ? `<${p}workbookPr date1904="true"/>` : ''}<${p}sheets><${p}sheet name="${esc(sheetName)}" sheetId="1" r:id="rS"/></${p}sheets></${p}workbook>`,
  };
  writeZip(path, style.workbookLast ? [...parts, workbook] : [parts[0], parts[1], workbook, ...parts.slice(2)]);
}
