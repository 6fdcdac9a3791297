import { execFile } from 'node:child_process';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FileError } from '../src/extract/errors.js';
import { sniffFormat } from '../src/extract/sniff.js';
import { projectRoot } from '../src/paths.js';
import { tempDir } from './support/fixtures.js';

const MIB = 1 << 20;
const dir = tempDir('etl-csv-hostile-');
const HEADER = '工单编号,热线号码,省份\r\n';

/** Reads a CSV with the compiled extractor in a process of its own, reporting its peak memory. */
async function readInChild(path: string): Promise<{ rows: number; longest: number; error: string | null; maxRssMb: number; seconds: number }> {
  const extractor = pathToFileURL(join(projectRoot(), 'dist', 'src', 'extract', 'index.js')).href;
  const script = `
    const { CsvExtractor } = await import(${JSON.stringify(extractor)});
    const started = performance.now();
    let rows = 0, longest = 0, error = null;
    try {
      for await (const sheet of new CsvExtractor().sheets(${JSON.stringify(path)}))
        for await (const row of sheet.rows) { rows++; for (const c of row.cells) longest = Math.max(longest, c.length); }
    } catch (e) { error = e.code ?? String(e); }
    const seconds = (performance.now() - started) / 1000;
    console.log(JSON.stringify({ rows, longest, error, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script]);
  return JSON.parse(stdout) as Awaited<ReturnType<typeof readInChild>>;
}

describe('a CSV with a 10 MB cell', () => {
  it('is read row by row with memory bounded by the record size, not the file size', async () => {
    const baseline = await readInChild(writeAt('small.csv', `${HEADER}A1,10005,广东\r\n`));
    const big = await readInChild(writeAt('big-cell.csv', `${HEADER}A1,10005,广东\r\nA2,${'x'.repeat(10 * MIB)},广东\r\nA3,10005,广东\r\n`));
    // The row validator then rejects the cell (tests/hostile-files.test.ts); here: the memory it takes.
    expect(big).toMatchObject({ rows: 4, longest: 10 * MIB, error: null });
    expect(big.maxRssMb - baseline.maxRssMb).toBeLessThan(100);
    expect(big.seconds).toBeLessThan(10);
  }, 60_000);

  it('stops a quote that is never closed at 16 MiB, however large the file', async () => {
    const path = join(dir, 'unclosed.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, `${HEADER}A1,"oops,广东\r\n`);
    const block = 'x,y,z\r\n'.repeat(100_000);
    for (let i = 0; i < 96; i++) writeSync(fd, block); // 64 MiB after the open quote
    closeSync(fd);
    const baseline = await readInChild(writeAt('small.csv', `${HEADER}A1,10005,广东\r\n`));
    const result = await readInChild(path);
    expect(result.error).toBe('corrupt');
    expect(result.maxRssMb - baseline.maxRssMb).toBeLessThan(150);
    expect(result.seconds).toBeLessThan(20);
  }, 60_000);
});

describe('UTF-16 text', () => {
  it('without its byte-order mark is a named failure telling how to save it', async () => {
    const path = writeAt('unicode-no-bom.txt', iconv.encode('工单编号\t热线号码\r\nT1\t10005\r\n', 'utf16le'));
    const error = await sniffFormat(path, 'unicode-no-bom.txt').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect(error).toMatchObject({ code: 'encoding', reason: 'is UTF-16 text without the byte-order mark that says how to read it: open it in Excel and save it as "CSV UTF-8"' });
  });

  it('with its byte-order mark is read as text (decoded by the CSV reader)', async () => {
    const path = writeAt('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('工单编号\t热线号码\r\n', 'utf16le')]));
    expect(await sniffFormat(path, 'unicode.txt')).toBe('csv');
  });
});

function writeAt(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
