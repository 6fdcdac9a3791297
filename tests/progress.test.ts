/**
 * Long runs show progress per file: rows done, rows/s and an estimate of the time left, from
 * the share of the file's bytes read (CSV in one pass or by worker threads, and workbooks).
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleProgress, timeLeft } from '../src/cli/progress.js';
import { runPipeline } from '../src/pipeline/run.js';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { openTestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

describe('timeLeft', () => {
  it('extrapolates from the share of the file read', () => {
    expect(timeLeft(10_000, 25, 100)).toBe('about 30 s left');
    expect(timeLeft(60_000, 100, 300)).toBe('about 2 min 0 s left');
    expect(timeLeft(5_000, 100, 100)).toBe('about 0 s left');
  });
  it('says nothing before a second has passed or a percent is read', () => {
    expect(timeLeft(500, 50, 100)).toBeNull();
    expect(timeLeft(5_000, 0, 100)).toBeNull();
    expect(timeLeft(5_000, 10, 0)).toBeNull();
  });
});

describe('consoleProgress on a terminal', () => {
  it('shows the file, the rows, the rate and the time left on one live line', () => {
    let written = '';
    const stream = { isTTY: true, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const progress = consoleProgress(stream);
    const realNow = Date.now;
    try {
      Date.now = () => 1_000_000;
      progress.fileStart!('话务/话务明细.csv', 1, 3, 1000);
      progress.partStart!('话务/话务明细.csv', 'call_records', null);
      Date.now = () => 1_004_000;
      progress.rows!('话务/话务明细.csv', 20_000, 250);
    } finally {
      Date.now = realNow;
    }
    expect(written).toContain('[1/3] 话务/话务明细.csv  call_records  20,000 rows  5,000 rows/s  about 12 s left');
  });
});

describe('progress of a run', () => {
  const header = '话单编号,接入号,呼入时间,转人工,排队时长(秒),呼叫结果,通话时长(秒),接听中心,主叫号码';
  const lines = (n: number) => [header, ...Array.from({ length: n }, (_, i) => `C${i},10005,2023-01-01 08:00:00,是,5,人工接通,60,北京中心,`)].join('\n');

  for (const workers of [1, 2]) {
    it(`reports rows and bytes read up to the whole file (CSV, ${workers} worker${workers > 1 ? 's' : ''})`, async () => {
      const input = tempDir();
      const path = join(input, '话务明细_2023.csv');
      writeFileSync(path, lines(30_000));
      const wh = await openTestWarehouse('pglite');
      const seen: [number, number][] = [];
      try {
        await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef', workers, splitMinBytes: 0, progress: { rows: (_f, rows, bytes) => seen.push([rows, bytes]) } });
      } finally {
        await wh.close();
      }
      expect(seen.length).toBeGreaterThan(3);
      expect(seen.at(-1)).toEqual([30_000, statSync(path).size]);
      for (let i = 1; i < seen.length; i++) expect(seen[i][1]).toBeGreaterThanOrEqual(seen[i - 1][1]);
    });
  }

  it('reports bytes read of a workbook too', async () => {
    const input = tempDir();
    const rows = [header.split(','), ...Array.from({ length: 5000 }, (_, i) => [`C${i}`, '10005', '2023-01-01 08:00:00', '是', 5, '人工接通', 60, '北京中心', null])];
    const path = await writeXlsx(input, '话务明细_2023.xlsx', [{ name: 'Sheet1', rows }]);
    const wh = await openTestWarehouse('pglite');
    const seen: [number, number][] = [];
    try {
      await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef', progress: { rows: (_f, r, b) => seen.push([r, b]) } });
    } finally {
      await wh.close();
    }
    expect(seen.at(-1)).toEqual([5000, statSync(path).size]);
  });
});
