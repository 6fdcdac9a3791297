/**
 * Workbooks as other producers write them — LibreOffice, openpyxl (pandas), the .NET Open XML
 * SDK, Apache POI, Numbers, Excel with phonetic guides — each read to the same rows and values.
 * The XML is written here as each producer writes it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { XlsxExtractor } from '../src/extract/xlsx/xlsx-extractor.js';
import type { RawRow } from '../src/extract/extractor.js';
import { writeZip } from './support/zip-write.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-xlsx-producers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

interface Layout {
  sheetName?: string;
  sheetPart?: string;
  /** How workbook.xml.rels names the sheet (default: relative `worksheets/sheet1.xml`). */
  sheetTarget?: string;
  workbookPr?: string;
  sheetXml: string;
  sharedStrings?: string;
  styles?: string;
  /** Part names in the order they are stored (default: package order, sheets last). */
  order?: string[];
  workbookXml?: string;
  workbookRels?: string;
}

const STYLES = `${XML}<styleSheet xmlns="${MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`;

function workbook(file: string, l: Layout): string {
  const sheetPart = l.sheetPart ?? 'xl/worksheets/sheet1.xml';
  const parts: Record<string, string> = {
    '[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
    '_rels/.rels': `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      l.workbookXml ??
      `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}">${l.workbookPr ?? ''}<sheets><sheet name="${l.sheetName ?? '审核明细'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      l.workbookRels ??
      `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="${l.sheetTarget ?? 'worksheets/sheet1.xml'}"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>${l.sharedStrings ? `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ''}</Relationships>`,
    'xl/styles.xml': l.styles ?? STYLES,
    [sheetPart]: l.sheetXml,
  };
  if (l.sharedStrings) parts['xl/sharedStrings.xml'] = l.sharedStrings;
  const order = l.order ?? Object.keys(parts);
  const target = path.join(dir, file);
  writeZip(target, order.map((name) => ({ name, text: parts[name] })));
  return target;
}

const sheet = (rows: string, prefix = '') => `${XML}<${prefix}worksheet xmlns${prefix ? `:${prefix.slice(0, -1)}` : ''}="${MAIN}"><${prefix}sheetData>${rows}</${prefix}sheetData></${prefix}worksheet>`;
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

async function read(file: string): Promise<{ name: string | null; rows: RawRow[] }[]> {
  const sheets: { name: string | null; rows: RawRow[] }[] = [];
  for await (const s of new XlsxExtractor().sheets(file)) {
    const rows: RawRow[] = [];
    for await (const r of s.rows) rows.push(r);
    sheets.push({ name: s.name, rows });
  }
  return sheets;
}

describe('workbooks from every producer', () => {
  it('LibreOffice: date1904="true" counts dates from 1904', async () => {
    // 2023-03-04 is serial 44989 in the 1900 system and 43527 in the 1904 system.
    const file = workbook('libreoffice-1904.xlsx', { workbookPr: '<workbookPr date1904="true"/>', sheetXml: sheet('<row r="1"><c r="A1" s="1"><v>43527</v></c><c r="B1" s="2"><v>43527.5</v></c></row>') });
    const [s] = await read(file);
    expect(s.rows[0].cells).toEqual([new Date(Date.UTC(2023, 2, 4)), new Date(Date.UTC(2023, 2, 4, 12))]);
    const classic = workbook('excel-1900.xlsx', { workbookPr: '<workbookPr date1904="0"/>', sheetXml: sheet('<row r="1"><c r="A1" s="1"><v>44989</v></c></row>') });
    expect((await read(classic))[0].rows[0].cells).toEqual([new Date(Date.UTC(2023, 2, 4))]);
  });

  it('Excel with phonetic guides: shared strings keep their text, not the guide', async () => {
    const strings =
      `${XML}<sst xmlns="${MAIN}" count="3" uniqueCount="3">` +
      '<si><t>姓名</t></si>' +
      '<si><r><t>萧</t></r><r><t>峰</t></r><rPh sb="0" eb="1"><t>xiao</t></rPh><rPh sb="1" eb="2"><t>feng</t></rPh><phoneticPr fontId="1"/></si>' +
      '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1" type="fullwidthKatakana"/></si></sst>';
    const file = workbook('phonetic.xlsx', { sharedStrings: strings, sheetXml: sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>') });
    expect((await read(file))[0].rows.map((r) => r.cells)).toEqual([['姓名'], ['萧峰', '漢字']]);
  });

  it('openpyxl (pandas): absolute relationship targets keep the real sheet names', async () => {
    const file = workbook('openpyxl.xlsx', { sheetName: '签到', sheetTarget: '/xl/worksheets/sheet1.xml', sheetXml: sheet(`<row r="1">${inline('A1', '培训编号')}</row>`) });
    const [s] = await read(file);
    expect(s.name).toBe('签到');
    expect(s.rows[0].cells).toEqual(['培训编号']);
  });

  it('.NET and Numbers: worksheet parts with other names, found through the relationships', async () => {
    for (const part of ['xl/worksheets/sheet.xml', 'xl/worksheets/data.xml', 'xl/sheets/Sheet One.xml']) {
      const target = part.replace('xl/', '');
      const file = workbook(`named-${path.basename(part)}.xlsx`, { sheetPart: part, sheetTarget: target, sheetXml: sheet(`<row r="1">${inline('A1', part)}</row>`) });
      const [s] = await read(file);
      expect(s.name, part).toBe('审核明细');
      expect(s.rows[0].cells, part).toEqual([part]);
    }
  });

  it('the .NET Open XML SDK: namespace prefixes on every tag, in the sheet, the workbook and the relationships', async () => {
    const file = workbook('dotnet.xlsx', {
      workbookXml: `${XML}<x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="数据" sheetId="1" r:id="R1a2b"/></x:sheets></x:workbook>`,
      workbookRels: `${XML}<ns0:Relationships xmlns:ns0="${PKG}"><ns0:Relationship Id="R1a2b" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/></ns0:Relationships>`,
      sheetXml: sheet('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>编号</x:t></x:is></x:c><x:c r="B1"><x:v>42</x:v></x:c></x:row>', 'x:'),
    });
    const [s] = await read(file);
    expect(s.name).toBe('数据');
    expect(s.rows.map((r) => [r.row, r.cells])).toEqual([[1, ['编号', 42]]]);
  });

  it('Apache POI and others: rows and cells without r= follow the one before', async () => {
    const rows = `<row>${'<c t="inlineStr"><is><t>a</t></is></c>'}<c><v>1</v></c></row><row r="4"><c r="C4"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>`;
    const [s] = await read(workbook('no-refs.xlsx', { sheetXml: sheet(rows) }));
    expect(s.rows.map((r) => [r.row, r.cells])).toEqual([
      [1, ['a', 1]],
      [4, [null, null, 3, 4]],
      [5, [5]],
    ]);
  });

  it('LibreOffice 4–5 and some Excel: workbook.xml and styles.xml stored after the sheet', async () => {
    const file = workbook('late-workbook.xlsx', {
      sheetName: '审核明细',
      sheetXml: sheet(`<row r="1">${inline('A1', '审核日期')}</row><row r="2"><c r="A2" s="1"><v>44989</v></c></row>`),
      order: ['[Content_Types].xml', 'xl/worksheets/sheet1.xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/workbook.xml'],
    });
    const [s] = await read(file);
    expect(s.name).toBe('审核明细');
    expect(s.rows[1].cells).toEqual([new Date(Date.UTC(2023, 2, 4))]);
  });

  it('inline rich text keeps every run, CDATA included; t="d", t="b", t="e" and t="str" formula results', async () => {
    const rows =
      '<row r="1"><c r="A1" t="inlineStr"><is><r><t>abc</t></r><r><rPr><b/></rPr><t>defg</t></r></is></c>' +
      '<c r="B1" t="inlineStr"><is><t><![CDATA[a<b & c]]></t></is></c>' +
      '<c r="C1" t="d"><v>2023-03-04T08:30:00</v></c><c r="D1" t="d"><v>2023-12-31</v></c></row>' +
      '<row r="2"><c r="A2" t="b"><v>1</v></c><c r="B2" t="b"><v>0</v></c><c r="C2" t="e"><v>#REF!</v></c>' +
      '<c r="D2" t="str"><f>A1&amp;B1</f><v>ab</v></c><c r="E2"><f t="shared" ref="E2:E3" si="0">1+1</f><v>2</v></c><c r="F2"><f>1/0</f></c></row>';
    const [s] = await read(workbook('cells.xlsx', { sheetXml: sheet(rows) }));
    expect(s.rows[0].cells).toEqual(['abcdefg', 'a<b & c', new Date(Date.UTC(2023, 2, 4, 8, 30)), new Date(Date.UTC(2023, 11, 31))]);
    expect(s.rows[1].cells).toEqual([true, false, { error: '#REF!' }, 'ab', 2, null]);
  });

  it('reads what exceljs writes the same as before: shared strings, dates, formulas', async () => {
    const file = path.join(dir, 'exceljs.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('审核明细');
    ws.addRow(['审核编号', '审核日期', '金额']);
    ws.addRow(['A1', new Date(Date.UTC(2023, 0, 3)), { formula: '1+1', result: 2 }]);
    ws.getCell('B2').numFmt = 'yyyy-mm-dd';
    await wb.xlsx.writeFile(file);
    const [s] = await read(file);
    expect(s.rows.map((r) => r.cells)).toEqual([
      ['审核编号', '审核日期', '金额'],
      ['A1', new Date(Date.UTC(2023, 0, 3)), 2],
    ]);
  });

  it('refuses a cell beyond the last column of a worksheet, by name', async () => {
    const file = workbook('far.xlsx', { sheetXml: sheet('<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>') });
    await expect(read(file)).rejects.toMatchObject({ code: 'corrupt', reason: expect.stringContaining('has a cell beyond column XFD') });
  });

  it('names a sheet that is not well-formed XML, with no JavaScript internals', async () => {
    const file = workbook('bad-xml.xlsx', { sheetXml: `${XML}<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></row></sheetData></worksheet>` });
    const error = await read(file).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'corrupt' });
    expect((error as Error & { reason: string }).reason).toMatch(/^is not a valid \.xlsx workbook \(damaged: its part xl\/worksheets\/sheet1\.xml is not well-formed XML/);
  });
});

describe('merged ranges', () => {
  it('are known before the rows of their sheet, with any prefix', async () => {
    const rows = `<row r="1">${inline('A1', '部门')}</row><row r="2">${inline('A2', '综合部')}</row><row r="3"/><row r="4">${inline('A4', '热线部')}</row>`;
    const file = workbook('merged.xlsx', {
      sheetXml: `${XML}<x:worksheet xmlns:x="${MAIN}"><x:sheetData>${rows.replace(/<(\/?)(row|c|is|t)\b/g, '<$1x:$2')}</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A2:A3"/><x:mergeCell ref="B4:C6"/></x:mergeCells></x:worksheet>`,
    });
    for await (const s of new XlsxExtractor().sheets(file)) {
      expect(s.merges).toEqual([
        { top: 2, left: 0, bottom: 3, right: 0 },
        { top: 4, left: 1, bottom: 6, right: 2 },
      ]);
      const got: unknown[] = [];
      for await (const r of s.rows) got.push([r.row, r.cells]);
      expect(got).toEqual([[1, ['部门']], [2, ['综合部']], [3, []], [4, ['热线部']]]);
    }
  });
});

describe('what the comparison with openpyxl on public fixture workbooks found (docs/diff-readers.md)', () => {
  const strings = `${XML}<sst xmlns="${MAIN}"><si><t>first</t></si><si><t>a_x000D_b</t></si><si><t>_x005F_x000D_</t></si></sst>`;

  it('reads `<c t="s"/>` and an empty `<v/>` as empty, not as the first shared string', async () => {
    const [s] = await read(workbook('empty-shared.xlsx', { sharedStrings: strings, sheetXml: sheet('<row r="1"><c r="A1" t="s"/><c r="B1" t="s"><v/></c><c r="C1" t="s"><v>0</v></c></row>') }));
    expect(s.rows[0].cells).toEqual([null, null, 'first']);
  });

  it('decodes Excel’s _xHHHH_ escapes, an escaped underscore included', async () => {
    const [s] = await read(workbook('escapes.xlsx', { sharedStrings: strings, sheetXml: sheet(`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>2</v></c>${inline('C1', 'x_x0009_y')}</row>`) }));
    expect(s.rows[0].cells).toEqual(['a\rb', '_x000D_', 'x\ty']);
  });

  it('counts 1900 serials before Excel’s fictitious 29 February 1900 from 1 January', async () => {
    const [s] = await read(workbook('early-1900.xlsx', { sheetXml: sheet('<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>61</v></c></row>') }));
    expect(s.rows[0].cells).toEqual([new Date(Date.UTC(1900, 0, 1)), new Date(Date.UTC(1900, 1, 28)), new Date(Date.UTC(1900, 2, 1))]);
  });

  it('knows date formats in LibreOffice’s capitals and elapsed times, and nothing else', async () => {
    const { isDateFormat } = await import('../src/extract/xlsx/cell-value.js');
    for (const f of ['YYYY-MM-DD', 'DD.MM.YY', 'HH:MM:SS', '[h]', '[ss]', '[h]:mm', 'yyyy"年"m"月"d"日"', 'm/d/yy h:mm AM/PM']) expect(isDateFormat(f), f).toBe(true);
    for (const f of ['General', '0.00', '#,##0;[Red]-#,##0', '0.00E+00', '"年"0', '@', '[Red]0.0', '_(* #,##0_)']) expect(isDateFormat(f), f).toBe(false);
  });

  it('does not take a <workbookPr> inside an extension for the workbook’s own', async () => {
    const workbookXml = `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><workbookPr date1904="1"/><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets><extLst><ext uri="{x}"><x15:workbookPr chartTrackingRefBase="1"/></ext></extLst></workbook>`;
    const [s] = await read(workbook('ext-1904.xlsx', { workbookXml, sheetXml: sheet('<row r="1"><c r="A1" s="1"><v>43527</v></c></row>') }));
    expect(s.rows[0].cells).toEqual([new Date(Date.UTC(2023, 2, 4))]);
  });

  it('reads XML parts saved in UTF-16, either byte order, with or without a byte-order mark', async () => {
    for (const [label, encode] of [
      ['utf-16le with BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
      ['utf-16be', (t: string) => Buffer.from(t, 'utf16le').swap16()],
    ] as const) {
      const target = path.join(dir, `utf16-${label.replace(/\W+/g, '-')}.xlsx`);
      workbook(path.basename(target), { sheetXml: sheet(`<row r="1">${inline('A1', '编号')}</row>`) });
      // Rewrite the sheet part in UTF-16: the zip writer takes text, so write the bytes as latin1 text of the same bytes.
      const { writeZip } = await import('./support/zip-write.js');
      const sheetXml = sheet(`<row r="1">${inline('A1', '编号')}</row>`).replace('encoding="UTF-8"', 'encoding="UTF-16"');
      const parts = [
        { name: '_rels/.rels', text: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
        { name: 'xl/workbook.xml', text: `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
        { name: 'xl/_rels/workbook.xml.rels', text: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
        { name: 'xl/worksheets/sheet1.xml', bytes: encode(sheetXml) },
      ];
      writeZip(target, parts);
      const [s] = await read(target);
      expect(s.rows[0].cells, label).toEqual(['编号']);
    }
  });

  it('finds parts stored with Windows backslashes in their names', async () => {
    const { writeZip } = await import('./support/zip-write.js');
    const target = path.join(dir, 'backslashes.xlsx');
    writeZip(target, [
      { name: '_rels\\.rels', text: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
      { name: 'xl\\workbook.xml', text: `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>` },
      { name: 'xl\\_rels\\workbook.xml.rels', text: `${XML}<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>` },
      { name: 'xl\\worksheets\\sheet1.xml', text: sheet(`<row r="1">${inline('A1', 'x')}</row>`) },
    ]);
    const [s] = await read(target);
    expect(s).toMatchObject({ name: 'S', rows: [{ row: 1, cells: ['x'] }] });
  });

  it('refuses a row numbered outside 1 to 1,048,576, by name', async () => {
    const error = await read(workbook('row-0.xlsx', { sheetXml: sheet('<row r="0"><c r="A0"><v>1</v></c></row>') })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'corrupt', reason: expect.stringContaining('has a row numbered 0, outside the 1 to 1,048,576 a worksheet has') });
  });

  it('reads a t="d" cell holding a time alone as that time of Excel’s day 0', async () => {
    const [s] = await read(workbook('time-only.xlsx', { sheetXml: sheet('<row r="1"><c r="A1" t="d"><v>10:10:10</v></c></row>') }));
    expect(s.rows[0].cells).toEqual([new Date(Date.UTC(1899, 11, 30, 10, 10, 10))]);
  });
});
