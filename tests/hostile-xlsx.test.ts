import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileError, XlsxExtractor } from '../src/extract/index.js';
import type { RawRow } from '../src/extract/index.js';
import { zipLimitsFromEnv } from '../src/extract/xlsx/zip-directory.js';
import { tempDir } from './support/fixtures.js';
import { headerRow, writeBombXlsx } from './support/zip-bomb.js';

const MIB = 1 << 20;
const dir = tempDir('etl-bomb-');

/** Reads every row of every sheet; returns the rows or the error it ended with, and how long it took. */
async function readAll(path: string, extractor = new XlsxExtractor()): Promise<{ rows: RawRow[]; error: FileError | null; ms: number }> {
  const started = performance.now();
  const rows: RawRow[] = [];
  try {
    for await (const sheet of extractor.sheets(path)) for await (const row of sheet.rows) rows.push(row);
    return { rows, error: null, ms: performance.now() - started };
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    return { rows, error, ms: performance.now() - started };
  }
}

describe('a zip bomb named .xlsx', () => {
  it('is refused from its directory alone: a 3 GiB sheet in a 3 MB file, in well under a second, with the reason and the limit to raise', async () => {
    const path = join(dir, '工单明细_bomb.xlsx');
    const { fileBytes, sheetBytes } = writeBombXlsx(path, { mib: 3072 });
    expect(fileBytes).toBeLessThan(4 * MIB);
    expect(sheetBytes).toBeGreaterThan(3 * 1024 * MIB);
    const rssBefore = process.memoryUsage().rss;
    const { rows, error, ms } = await readAll(path);
    expect(rows).toEqual([]);
    expect(error?.code).toBe('too-large');
    expect(error?.reason).toMatch(/^holds a part \(xl\/worksheets\/sheet1\.xml\) that would unpack 1,0\d\d times larger \(3 MB → 3,072 MB\), more than the limit of 200 times/);
    expect(error?.reason).toContain('zip bombs');
    expect(error?.reason).toContain('ETL_XLSX_MAX_RATIO');
    expect(ms).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * MIB);
  });

  it('is still refused by its total size when the ratio limit is raised', async () => {
    const path = join(dir, '工单明细_bomb.xlsx');
    writeBombXlsx(path, { mib: 3072 });
    const { error } = await readAll(path, new XlsxExtractor({ maxUncompressedBytes: 2048 * MIB, maxRatio: 1e6 }));
    expect(error?.code).toBe('too-large');
    expect(error?.reason).toMatch(/^would unpack to 3,072 MB, more than the limit of 2,048 MB: it is refused unread/);
    expect(error?.reason).toContain('ETL_XLSX_MAX_UNCOMPRESSED_MB');
  });

  it('is stopped as soon as a part unpacks beyond what its lying headers declare', async () => {
    const path = join(dir, '工单明细_liar.xlsx');
    // The headers say 4 KB; the sheet holds 256 MiB of whitespace and then a row.
    writeBombXlsx(path, { mib: 256, rows: headerRow(['工单编号']), declaredSheetBytes: 4096 });
    expect(statSync(path).size).toBeLessThan(MIB);
    const tempFiles = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`) && statSync(join(tmpdir(), f)).size > MIB);
    const { rows, error, ms } = await readAll(path);
    // exceljs copies a sheet that precedes the shared strings to a temporary file: that copy is stopped too.
    expect(tempFiles()).toEqual([]);
    expect(rows).toEqual([]);
    expect(error?.code).toBe('too-large');
    expect(error?.reason).toBe(
      'holds a part (xl/worksheets/sheet1.xml) that unpacks to more than the 4,096 bytes its zip directory declares: the file was crafted or damaged ("zip bomb"), so it is refused: ask for a fresh export saved from Excel',
    );
    expect(ms).toBeLessThan(2_000);
  });

  it('is refused when its local headers disagree with its directory', async () => {
    const path = join(dir, '工单明细_mixed.xlsx');
    // The streamed reader trusts the local header (3 GiB), the directory check sees 4 KB.
    writeBombXlsx(path, { mib: 3072, directorySheetBytes: 4096 });
    const { error } = await readAll(path);
    expect(error?.code).toBe('corrupt');
    expect(error?.reason).toBe('is not a valid .xlsx workbook (its parts declare different sizes in two places): open it in Excel and save it again');
  });
});

describe('a workbook whose directory lists a part twice', () => {
  it('is refused unread: a second copy of a sheet would be read as well', async () => {
    const path = join(dir, '工单明细_twice.xlsx');
    writeBombXlsx(path, { mib: 0, rows: headerRow(['工单编号']), sheetTwice: true });
    const { rows, error } = await readAll(path);
    expect(rows).toEqual([]);
    expect(error?.code).toBe('corrupt');
    expect(error?.reason).toBe('is not a valid .xlsx workbook (its zip directory lists the part xl/worksheets/sheet1.xml twice): open it in Excel and save it again');
  });
});

describe('the hand-made workbook of these tests', () => {
  it('is a real workbook: without the whitespace it reads like any other', async () => {
    const path = join(dir, '工单明细_small.xlsx');
    writeBombXlsx(path, { mib: 0, rows: headerRow(['工单编号', '省份']) });
    const { rows, error } = await readAll(path);
    expect(error).toBeNull();
    expect(rows).toEqual([{ row: 1, cells: ['工单编号', '省份'] }]);
  });
});

describe('the zip limits', () => {
  it('default to 2048 MB and 200 times, and come from the environment', () => {
    expect(zipLimitsFromEnv({})).toEqual({ maxUncompressedBytes: 2048 * MIB, maxRatio: 200 });
    expect(zipLimitsFromEnv({ ETL_XLSX_MAX_UNCOMPRESSED_MB: '10', ETL_XLSX_MAX_RATIO: ' 50 ' })).toEqual({ maxUncompressedBytes: 10 * MIB, maxRatio: 50 });
  });

  it('name a value that is not a positive number', () => {
    expect(() => zipLimitsFromEnv({ ETL_XLSX_MAX_RATIO: 'lots' })).toThrow('ETL_XLSX_MAX_RATIO must be a positive number, not "lots"');
    expect(() => zipLimitsFromEnv({ ETL_XLSX_MAX_UNCOMPRESSED_MB: '0' })).toThrow('ETL_XLSX_MAX_UNCOMPRESSED_MB must be a positive number, not "0"');
  });
});

/** Where each part's packed bytes lie, from the local headers. */
function packedRanges(bytes: Buffer): { name: string; start: number; end: number }[] {
  const ranges = [];
  for (let at = 0; bytes.readUInt32LE(at) === 0x04034b50; ) {
    const nameLength = bytes.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + bytes.readUInt16LE(at + 28);
    const end = start + bytes.readUInt32LE(at + 18);
    ranges.push({ name: bytes.toString('utf8', at + 30, at + 30 + nameLength), start, end });
    at = end;
  }
  return ranges;
}

describe('a workbook damaged inside its parts, its directory intact', () => {
  const hang = (ms: number) => new Promise<'hang'>((resolve) => setTimeout(() => resolve('hang'), ms).unref());

  it.each([
    ['saved by exceljs (the sheet is copied to a temporary file before the shared strings)', 'exceljs'],
    ['with its shared strings first (the sheet is read straight from the zip)', 'strings-first'],
  ])('%s: every damage ends as a named failure or the same rows, never a hang', async (_, layout) => {
    const path = join(dir, `工单明细_${layout}.xlsx`);
    const texts = Array.from({ length: 300 }, (_, i) => `工单${i}号，广西壮族自治区，${'企业有责用户原因'.slice(i % 4, (i % 4) + 4)}`);
    if (layout === 'exceljs') {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('工单明细').addRows(texts.map((t, i) => [i, t, i * 1.5]));
      await wb.xlsx.writeFile(path);
    } else {
      const rows = texts.map((_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c><c r="B${i + 1}" t="s"><v>${i}</v></c></row>`).join('');
      writeBombXlsx(path, { mib: 0, rows, sharedStrings: texts });
    }
    const good = readFileSync(path);
    const intact = await readAll(path);
    expect(intact.error).toBeNull();
    expect(intact.rows).toHaveLength(300);

    const outcomes = new Map<string, number>();
    for (const part of packedRanges(good)) {
      for (const at of [part.start + 1, Math.floor((part.start + part.end) / 2), part.end - 3]) {
        if (at < part.start || at + 2 > part.end) continue;
        const damaged = Buffer.from(good);
        for (let i = at; i < at + 2; i++) damaged[i] ^= 0x5a;
        writeFileSync(path, damaged);
        const result = await Promise.race([readAll(path), hang(10_000)]);
        const where = `${part.name} at ${at}`;
        if (result === 'hang') throw new Error(`the read of the workbook damaged in ${where} did not end`);
        if (result.error) {
          // Damage that inflates to more than declared is refused like a lying zip bomb.
          expect(result.error.reason, where).toMatch(
            result.error.code === 'too-large' ? /the file was crafted or damaged/ : /^is not a valid \.xlsx workbook \(.+\): open it in Excel and save it again$/,
          );
          expect(['corrupt', 'too-large'], where).toContain(result.error.code);
        } else {
          expect(result.rows, where).toEqual(intact.rows);
        }
        const outcome = result.error ? 'refused' : 'same rows';
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
    }
    expect(outcomes.get('refused')).toBeGreaterThan(10);
  });
});
