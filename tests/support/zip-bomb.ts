/**
 * Hand-made .xlsx files for the zip-bomb tests: a minimal workbook whose one sheet is a run of
 * XML whitespace of any size, deflated once per MiB and repeated, so a 3 GiB sheet takes 3 MB.
 */
import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

const MIB = 1 << 20;

interface Part {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  /** What the headers claim the part unpacks to (a lying bomb claims less than `size`). */
  declared: number;
  /** What the central directory alone claims (default: `declared`). */
  directoryDeclared?: number;
}

function stored(name: string, text: string): Part {
  const raw = Buffer.from(text, 'utf8');
  return { name, data: deflateRawSync(raw), crc: crc32(raw), size: raw.length, declared: raw.length };
}

/** Deflates head + `mib` MiB of spaces + rows + tail, compressing the MiB of spaces only once. */
function sheet(mib: number, rows: string, declared?: number): Part {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>');
  const tail = Buffer.from(`${rows}</sheetData></worksheet>`);
  const spaces = Buffer.alloc(MIB, ' ');
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const block = deflateRawSync(spaces, flush);
  let crc = crc32(head);
  for (let i = 0; i < mib; i++) crc = crc32(spaces, crc);
  crc = crc32(tail, crc);
  // Full-flushed blocks end on a byte boundary, so they can be concatenated; 03 00 is an empty final block.
  const data = Buffer.concat([deflateRawSync(head, flush), ...Array<Buffer>(mib).fill(block), deflateRawSync(tail, flush), Buffer.from([0x03, 0x00])]);
  const size = head.length + mib * MIB + tail.length;
  return { name: 'xl/worksheets/sheet1.xml', data, crc, size, declared: declared ?? size };
}

function zip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.data.length, 18);
    local.writeUInt32LE(p.declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    local.copy(central, 8, 6, 30); // flags … name length, as in the local header
    central.writeUInt32LE(p.directoryDeclared ?? p.declared, 24);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.data);
    centrals.push(central, name);
    offset += 30 + name.length + p.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A row of the hotline-ticket export's header, as inline strings on row 1. */
export function headerRow(headers: readonly string[]): string {
  const cells = headers.map((h, i) => `<c r="${String.fromCharCode(65 + i)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('');
  return `<row r="1">${cells}</row>`;
}

/**
 * Writes a workbook whose sheet `工单明细` holds `rows` after `mib` MiB of whitespace.
 * `declaredSheetBytes` makes the zip headers lie about the sheet's unpacked size, and
 * `directorySheetBytes` makes the central directory alone say something else; `sharedStrings`
 * are stored before the sheet; `sheetTwice` stores the sheet a second time under its name.
 */
export function writeBombXlsx(
  path: string,
  options: { mib: number; rows?: string; declaredSheetBytes?: number; directorySheetBytes?: number; sharedStrings?: readonly string[]; sheetTwice?: boolean },
): { fileBytes: number; sheetBytes: number } {
  const rel = (target: string, type: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`;
  const content = { ...sheet(options.mib, options.rows ?? '', options.declaredSheetBytes), directoryDeclared: options.directorySheetBytes };
  const bytes = zip([
    stored(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    ),
    stored('_rels/.rels', rel('xl/workbook.xml', 'officeDocument')),
    stored(
      'xl/workbook.xml',
      '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="工单明细" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    stored('xl/_rels/workbook.xml.rels', rel('worksheets/sheet1.xml', 'worksheet')),
    // Shared strings stored before the sheet (`t="s"` cells refer to them): the reader then
    // streams the sheet straight from the zip instead of copying it to a temporary file first.
    ...(options.sharedStrings
      ? [
          stored(
            'xl/sharedStrings.xml',
            `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.sharedStrings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`,
          ),
        ]
      : []),
    content,
    ...(options.sheetTwice ? [content] : []),
  ]);
  writeFileSync(path, bytes);
  return { fileBytes: bytes.length, sheetBytes: content.size };
}
