/**
 * Reading a report draft into text (src/draft/read-draft.ts): Word files written here with the
 * `docx` package and by hand, Markdown and text in UTF-8 and GB18030, and hostile files that
 * must each end in a DraftError naming the file.
 */
import { Document, Footer, FootnoteReferenceRun, Header, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import iconv from 'iconv-lite';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DraftError, readDraft, type DraftErrorCode } from '../src/draft/read-draft.js';
import { tempDir } from './support/fixtures.js';
import { writeBombXlsx } from './support/zip-bomb.js';
import { writeZip } from './support/zip-write.js';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const PACKAGE_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

/** A Word file as the `docx` package writes it: runs split inside a number's unit, a table, a header, a footer and a footnote. */
async function writeDocxPackage(path: string): Promise<void> {
  const doc = new Document({
    footnotes: { 1: { children: [new Paragraph('脚注：口径说明 12.5%')] } },
    sections: [
      {
        headers: { default: new Header({ children: [new Paragraph('页眉 2023 年度报告')] }) },
        footers: { default: new Footer({ children: [new Paragraph('页脚 第 1 页')] }) },
        children: [
          new Paragraph('一、服务概况'),
          new Paragraph({ children: [new TextRun('全年受理客户来电 '), new TextRun({ text: '45.2', bold: true }), new TextRun(' 万件'), new FootnoteReferenceRun(1), new TextRun('，同比增长 3.1%。')] }),
          new Table({
            rows: [
              new TableRow({ children: [new TableCell({ children: [new Paragraph('指标')] }), new TableCell({ children: [new Paragraph('数值')] })] }),
              new TableRow({ children: [new TableCell({ children: [new Paragraph('客户满意度')] }), new TableCell({ children: [new Paragraph('98.7%')] })] }),
            ],
          }),
          new Paragraph({ children: [new TextRun('投诉处理及时率\t'), new TextRun({ text: '100%', italics: true })] }),
        ],
      },
    ],
  });
  writeFileSync(path, await Packer.toBuffer(doc));
}

/** A Word file written by hand as another producer would: its own namespace prefix, a line break, a tracked change. */
function writeHandmadeDocx(path: string): void {
  const body =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><x:document xmlns:x="${W}"><x:body>` +
    '<x:p><x:r><x:t xml:space="preserve">培训 </x:t></x:r><x:r><x:t>1,234</x:t></x:r><x:r><x:t xml:space="preserve"> 人次</x:t></x:r></x:p>' +
    '<x:p><x:r><x:t>2023年</x:t></x:r><x:r><x:br/><x:t>45.2</x:t></x:r></x:p>' +
    '<x:p><x:r><x:t xml:space="preserve">志愿服务 </x:t></x:r><x:del x:id="1" x:author="a"><x:r><x:delText>300</x:delText></x:r></x:del><x:ins x:id="2" x:author="a"><x:r><x:t>320</x:t></x:r></x:ins><x:r><x:t xml:space="preserve"> 小时</x:t></x:r></x:p>' +
    '</x:body></x:document>';
  // Parts in an unusual order: the document before the package's relationships.
  writeZip(path, [
    { name: 'word/document.xml', text: body },
    { name: '[Content_Types].xml', text: CONTENT_TYPES },
    { name: '_rels/.rels', text: PACKAGE_RELS },
  ]);
}

/** Expects `read` to fail with DraftError `code` whose message names `file`; returns the message. */
async function draftError(read: Promise<unknown>, code: DraftErrorCode, file: string): Promise<string> {
  const error = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DraftError);
  const draft = error as DraftError;
  expect({ code: draft.code, file: draft.file }).toEqual({ code, file });
  expect(draft.message.startsWith(`${file}: `)).toBe(true);
  return draft.message;
}

describe('readDraft: Word (.docx)', () => {
  it('joins the runs of a paragraph, gives each table cell its own paragraph, leaves out header, footer and footnote', async () => {
    const path = join(tempDir('draft-'), '报告初稿.docx');
    await writeDocxPackage(path);
    const draft = await readDraft(path);
    expect({ file: draft.file, format: draft.format, encoding: draft.encoding }).toEqual({ file: path, format: 'docx', encoding: null });
    expect(draft.text).toBe(
      '一、服务概况\n\n' +
        '全年受理客户来电 45.2 万件，同比增长 3.1%。\n\n' +
        '指标\n\n数值\n\n客户满意度\n\n98.7%\n\n' +
        '投诉处理及时率\t100%\n\n',
    );
  });

  it('reads a hand-made Word file: any namespace prefix, tracked changes as accepted, a line break glues its two sides', async () => {
    const path = join(tempDir('draft-'), 'draft.DOCX');
    writeHandmadeDocx(path);
    const draft = await readDraft(path);
    expect(draft.format).toBe('docx');
    // Pinned: mammoth's raw text drops <w:br/>, so "2023年" and "45.2" touch (the matcher must know).
    expect(draft.text).toBe('培训 1,234 人次\n\n2023年45.2\n\n志愿服务 320 小时\n\n');
  });
});

describe('readDraft: Markdown and text', () => {
  const original = '# 2023 年社会责任报告\n\n全年受理工单 **45.2 万件**，满意度 98.7%。\n\n| 指标 | 数值 |\n|---|---|\n| 培训 | 1,234 人次 |\n';

  it('reads UTF-8 .md and .txt as they are (Markdown kept)', async () => {
    const dir = tempDir('draft-');
    for (const name of ['draft.md', 'draft.markdown', 'draft.txt', 'DRAFT.TXT']) {
      writeFileSync(join(dir, name), original, 'utf8');
      const draft = await readDraft(join(dir, name));
      expect({ format: draft.format, encoding: draft.encoding, text: draft.text }).toEqual({
        format: name.toLowerCase().endsWith('.txt') ? 'txt' : 'md',
        encoding: 'utf-8',
        text: original,
      });
    }
  });

  it('drops a UTF-8 BOM and turns CRLF and CR line endings into LF', async () => {
    const dir = tempDir('draft-');
    writeFileSync(join(dir, 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(original, 'utf8')]));
    writeFileSync(join(dir, 'crlf.md'), original.replace(/\n/g, '\r\n'), 'utf8');
    writeFileSync(join(dir, 'cr.txt'), 'a 1\rb 2\r\nc 3\n', 'utf8');
    expect(await readDraft(join(dir, 'bom.txt'))).toEqual({ file: join(dir, 'bom.txt'), format: 'txt', encoding: 'utf-8', text: original });
    expect((await readDraft(join(dir, 'crlf.md'))).text).toBe(original);
    expect((await readDraft(join(dir, 'cr.txt'))).text).toBe('a 1\nb 2\nc 3\n');
  });

  it('reads Chinese text saved as GB18030', async () => {
    const dir = tempDir('draft-');
    writeFileSync(join(dir, 'gbk.txt'), iconv.encode(original.replace(/\n/g, '\r\n'), 'gb18030'));
    const draft = await readDraft(join(dir, 'gbk.txt'));
    expect({ encoding: draft.encoding, text: draft.text }).toEqual({ encoding: 'gb18030', text: original });
  });

  it('reads an empty text file as empty text', async () => {
    const path = join(tempDir('draft-'), 'empty.txt');
    writeFileSync(path, '');
    expect(await readDraft(path)).toEqual({ file: path, format: 'txt', encoding: 'utf-8', text: '' });
  });

  it('refuses text that is neither UTF-8 nor GB18030, naming the line', async () => {
    const dir = tempDir('draft-');
    // Line 3 holds bytes no encoding read here accepts (0xFF, a GB18030 lead byte before a line break).
    const path = join(dir, 'bad.txt');
    writeFileSync(path, Buffer.concat([Buffer.from('第一行 1\n第二行 2\n', 'utf8'), Buffer.from([0x33, 0xff, 0xfe, 0x81]), Buffer.from('\n第四行\n', 'utf8')]));
    expect(await draftError(readDraft(path), 'encoding', path)).toMatch(/on line 3\b/);
    // Latin-1 text: valid GB18030 byte pairs, but not Chinese text.
    const latin = join(dir, 'latin1.txt');
    writeFileSync(latin, Buffer.concat([Buffer.from('Ligne 1\nAnn'), Buffer.from([0xe9]), Buffer.from('e 2023: r'), Buffer.from([0xe9]), Buffer.from('sultats\n')]));
    expect(await draftError(readDraft(latin), 'encoding', latin)).toMatch(/on line 2\b.*Western European/);
    // UTF-8 after a BOM that goes wrong on line 2.
    const bom = join(dir, 'bom-bad.md');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('标题\n'), iconv.encode('正文 45.2 万件\n', 'gb18030')]));
    expect(await draftError(readDraft(bom), 'encoding', bom)).toMatch(/on line 2\b/);
  });

  it('refuses UTF-16, saying to save as UTF-8', async () => {
    const path = join(tempDir('draft-'), 'unicode.txt');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('报告 45.2', 'utf16le')]));
    expect(await draftError(readDraft(path), 'encoding', path)).toMatch(/UTF-16.*UTF-8/);
  });

  it('refuses a text draft over 20 MB before reading it', async () => {
    const path = join(tempDir('draft-'), 'huge.txt');
    writeFileSync(path, Buffer.alloc(20 * 1024 * 1024 + 1, 0x41));
    expect(await draftError(readDraft(path), 'too_large', path)).toMatch(/20 MB/);
  });
});

describe('readDraft: files it refuses', () => {
  it('refuses other formats by extension, naming the ones it reads', async () => {
    const dir = tempDir('draft-');
    for (const name of ['draft.doc', 'draft.pdf', 'draft.wps', 'draft']) {
      const message = await draftError(readDraft(join(dir, name)), 'unsupported', join(dir, name));
      expect(message).toContain('save it as .docx (Word) or as text');
    }
  });

  it('refuses a missing file as unreadable', async () => {
    const path = join(tempDir('draft-'), 'gone.docx');
    expect(await draftError(readDraft(path), 'unreadable', path)).toMatch(/no longer there/);
  });

  it('refuses a zip bomb from its directory (limits passed in)', async () => {
    const path = join(tempDir('draft-'), 'bomb.docx');
    writeZip(path, [
      { name: '[Content_Types].xml', text: CONTENT_TYPES },
      { name: '_rels/.rels', text: PACKAGE_RELS },
      { name: 'word/document.xml', text: `<x:document xmlns:x="${W}"><x:body>${' '.repeat(3 * 1024 * 1024)}</x:body></x:document>` },
    ]);
    const message = await draftError(readDraft(path, { limits: { maxUncompressedBytes: 1024 * 1024, maxRatio: 200 } }), 'too_large', path);
    expect(message).toMatch(/zip bombs/);
    expect(message).not.toMatch(/Excel|workbook/);
  });

  it('refuses a zip whose declared sizes lie before anything else inflates it', async () => {
    const path = join(tempDir('draft-'), 'liar.docx');
    writeBombXlsx(path, { mib: 2, declaredSheetBytes: 1000 });
    const message = await draftError(readDraft(path), 'too_large', path);
    expect(message).toMatch(/more than the 1,000 bytes its zip directory declares/);
    expect(message).not.toMatch(/Excel|workbook/);
  });

  it('refuses a .docx whose text and layout parts would unpack past 64 MB, before inflating them', async () => {
    const path = join(tempDir('draft-'), 'markup.docx');
    writeBombXlsx(path, { mib: 65 });
    const message = await draftError(readDraft(path, { limits: { maxUncompressedBytes: 1024 ** 3, maxRatio: 1e6 } }), 'too_large', path);
    expect(message).toMatch(/holds 65 MB of text and layout .*more than the 64 MB/);
  });

  it('refuses a truncated .docx, random bytes, an empty file and an old .doc renamed', async () => {
    const dir = tempDir('draft-');
    const whole = join(dir, 'whole.docx');
    await writeDocxPackage(whole);
    const bytes = readFileSync(whole);
    const cut = join(dir, 'cut.docx');
    writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    expect(await draftError(readDraft(cut), 'damaged', cut)).toMatch(/cannot be read as a Word document \(.+\): open it in Word and save it again as \.docx$/);
    const random = join(dir, 'random.docx');
    let seed = 7;
    writeFileSync(random, Buffer.from(Array.from({ length: 5000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff)));
    expect(await draftError(readDraft(random), 'damaged', random)).toMatch(/cannot be read as a Word document/);
    const empty = join(dir, 'empty.docx');
    writeFileSync(empty, '');
    expect(await draftError(readDraft(empty), 'damaged', empty)).toMatch(/cannot be read as a Word document/);
    const ole = join(dir, 'old.docx');
    writeFileSync(ole, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)]));
    expect(await draftError(readDraft(ole), 'unsupported', ole)).toMatch(/password-protected .* \.doc/);
  });

  it('refuses a zip without a Word document in it, and one whose document is not XML', async () => {
    const dir = tempDir('draft-');
    const none = join(dir, 'no-document.docx');
    writeZip(none, [
      { name: '[Content_Types].xml', text: CONTENT_TYPES },
      { name: '_rels/.rels', text: PACKAGE_RELS },
      { name: 'word/other.xml', text: '<a/>' },
    ]);
    expect(await draftError(readDraft(none), 'damaged', none)).toMatch(/cannot be read as a Word document \(.*main document.*\)/);
    const broken = join(dir, 'broken-xml.docx');
    writeZip(broken, [
      { name: '[Content_Types].xml', text: CONTENT_TYPES },
      { name: '_rels/.rels', text: PACKAGE_RELS },
      { name: 'word/document.xml', text: `<x:document xmlns:x="${W}"><x:body><x:p>` },
    ]);
    expect(await draftError(readDraft(broken), 'damaged', broken)).toMatch(/cannot be read as a Word document/);
  });
});
