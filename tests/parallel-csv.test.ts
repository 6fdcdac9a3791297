/**
 * Large CSV files are read by several worker threads at once (src/pipeline/parallel-csv.ts).
 * The result must be exactly the one-pass result: the same rows with the same line numbers,
 * the same counts and rejects in the same order, and a cut that falls inside a quoted field
 * is noticed and the file read again in one pass.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { detectCsvLayout, readCsvRows } from '../src/extract/csv/csv-extractor.js';
import { planCsvRanges } from '../src/extract/csv/split.js';
import { loadCsvInParallel, SplitError } from '../src/pipeline/parallel-csv.js';
import { defaultWorkers, runPipeline, type RunReport } from '../src/pipeline/run.js';
import { findHeader, isHeaderMatch } from '../src/sources/headers.js';
import type { RawRow } from '../src/extract/extractor.js';
import { loadPart } from '../src/load/part-loader.js';
import { defineSource, notBefore, requiredWhen } from '../src/sources/define.js';
import { compileRowValidator } from '../src/sources/row-validator.js';
import { cell } from '../src/transform/cells.js';
import { phoneHasher } from '../src/transform/pii.js';
import { tempDir } from './support/fixtures.js';
import { openTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';

const CALL_HEADER = '话单编号,接入号,呼入时间,转人工,排队时长(秒),呼叫结果,通话时长(秒),接听中心,主叫号码';

/** Call records with every kind of row: good, rejected, duplicated, summary, empty; `eol` picks the line ending of each line. */
function callLines(count: number, eol: (i: number) => string = () => '\r\n'): string {
  const lines = [CALL_HEADER];
  for (let i = 0; i < count; i++) {
    const id = `C${String(i).padStart(6, '0')}`;
    if (i % 97 === 13) lines.push(`${id},10000,2023-02-30 08:00:00,否,,IVR自助,60,,`); // impossible date: rejected
    else if (i % 101 === 7) lines.push(''); // empty line: skipped
    else if (i % 89 === 5) lines.push(`C000001,10000,2023-01-01 00:00:00,否,,IVR自助,61,,`); // conflicting duplicate of C000001
    else lines.push(`${id},10005,2023-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:00:00,是,${i % 60},人工接通,${i % 500},"北京,中心",138${String(i).padStart(8, '0')}`);
  }
  lines.push('合计,,,,,,,,');
  return lines.map((l, i) => l + eol(i)).join('');
}

async function readAll(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

describe('planCsvRanges', () => {
  it('cuts after line feeds and gives each range the line its first record is on, whatever the line endings', async () => {
    const dir = tempDir();
    const endings = ['\r\n', '\n', '\r', '\n', '\r\n', '\r'];
    const path = join(dir, 'calls.csv');
    // A multi-line quoted field early on shifts every later line number by its line breaks.
    writeFileSync(path, callLines(3000, (i) => endings[i % endings.length]).replace('"北京,中心"', '"北京\r\n中\n心"'));
    const layout = await detectCsvLayout(path);
    const whole = await readAll(readCsvRows({ path, relPath: 'calls.csv', layout }));
    const ranges = await planCsvRanges(path, (await import('node:fs')).statSync(path).size, 7);
    expect(ranges.length).toBe(7);
    const pieces: RawRow[] = [];
    for (let i = 0; i < ranges.length; i++) {
      let next = -1;
      pieces.push(...(await readAll(readCsvRows({ path, relPath: 'calls.csv', layout, range: { ...ranges[i], onEnd: (line) => (next = line) } }))));
      if (i + 1 < ranges.length) expect(next).toBe(ranges[i + 1].firstLine);
      else expect(next).toBe(whole[whole.length - 1].row + 1);
    }
    expect(pieces).toEqual(whole);
  });

  it('gives one range for a file with fewer lines than workers, and none beyond the end', async () => {
    const dir = tempDir();
    const path = join(dir, 'tiny.csv');
    writeFileSync(path, `${CALL_HEADER}\n`);
    expect(await planCsvRanges(path, Buffer.byteLength(`${CALL_HEADER}\n`), 4)).toEqual([{ start: 0, end: Buffer.byteLength(`${CALL_HEADER}\n`), firstLine: 1 }]);
  });
});

describe('defaultWorkers', () => {
  it('takes ETL_WORKERS, and refuses a value that is not a count', () => {
    expect(defaultWorkers({ ETL_WORKERS: '3' })).toBe(3);
    expect(defaultWorkers({})).toBeGreaterThanOrEqual(1);
    expect(() => defaultWorkers({ ETL_WORKERS: 'two' })).toThrow(/ETL_WORKERS must be a whole number/);
  });
});

describe('loadCsvInParallel', () => {
  it('refuses a cut inside a quoted field (SplitError), so the file is read again in one pass', async () => {
    const dir = tempDir();
    const path = join(dir, '话务明细.csv');
    const body = callLines(200).split('\r\n');
    // Row 100's 接听中心 holds hundreds of line breaks: the middle of the file is inside its quotes.
    body[100] = body[100].replace('"北京,中心"', `"${Array.from({ length: 400 }, (_, i) => `第${i}行`).join('\n')}"`);
    writeFileSync(path, body.join('\r\n'));
    const layout = await detectCsvLayout(path);
    const source = sources.find((s) => s.id === 'call_records')!;
    const match = findHeader(source, await readAll(readCsvRows({ path, relPath: 'x', layout, range: { start: 0, end: 200, firstLine: 1 } })));
    if (!isHeaderMatch(match)) throw new Error('header not found');
    const ranges = await planCsvRanges(path, (await import('node:fs')).statSync(path).size, 2);
    let copied = 0;
    const copy = async (_t: string, _c: readonly string[], chunks: AsyncIterable<string>) => {
      for await (const c of chunks) copied += c.split('\n').length - 1;
      return copied;
    };
    await expect(loadCsvInParallel({ copy, source, file: { path, relPath: '话务明细.csv', fileId: 1 }, layout, match, ranges }, { workers: 2, minBytes: 0, piiKey: 'k-0123456789abcdef0123456789abcdef' })).rejects.toBeInstanceOf(SplitError);
  });
});

describe('loadCsvInParallel with a source defined outside the registry', () => {
  it('reads it with worker threads too: each worker makes its cell types and rules again from the definition it is given', async () => {
    const source = defineSource({
      id: 'meter_readings',
      title: '抄表记录',
      filePatterns: ['*抄表记录*'],
      coverage: { kind: 'continuous', period: 'read_at' },
      grain: 'one meter reading',
      columns: [
        { name: 'reading_id', header: '读数编号', type: cell.text(), key: true },
        { name: 'read_at', header: '抄表时间', type: cell.timestamp() },
        { name: 'kind', header: '类型', type: cell.enumOf(['水', '电'], { 电力: '电' }) },
        { name: 'amount', header: '读数', type: cell.decimal({ min: 0 }), optional: true },
        { name: 'checked_at', header: '复核时间', type: cell.timestamp(), optional: true },
        { name: 'caller', header: '联系电话', type: cell.phone(), optional: true },
      ],
      rules: [requiredWhen('amount', { column: 'kind', equals: '电' }, 'for 电 readings'), notBefore('checked_at', 'read_at', '抄表时间')],
    });
    expect(sources.some((s) => s.id === source.id)).toBe(false);
    const lines = ['读数编号,抄表时间,类型,读数,复核时间,联系电话'];
    for (let i = 0; i < 6000; i++) {
      const kind = ['水', '电', '电力'][i % 3];
      const amount = i % 7 === 3 ? '' : i % 11 === 4 ? '-1' : String(i);
      const checked = i % 13 === 6 ? '2023-01-01 00:00:00' : '2023-12-31 00:00:00';
      lines.push(`R${i},2023-0${1 + (i % 9)}-1${i % 10} 08:00:00,${kind},${amount},${checked},138${String(i).padStart(8, '0')}`);
    }
    const dir = tempDir();
    const path = join(dir, '抄表记录.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const layout = await detectCsvLayout(path);
    const match = findHeader(source, await readAll(readCsvRows({ path, relPath: 'x', layout, range: { start: 0, end: 200, firstLine: 1 } })));
    if (!isHeaderMatch(match)) throw new Error('header not found');
    const piiKey = 'k-0123456789abcdef0123456789abcdef';
    const collect = (into: string[]) => async (_t: string, _c: readonly string[], chunks: AsyncIterable<string>) => {
      for await (const c of chunks) into.push(...c.split('\n').filter(Boolean));
      return into.length;
    };
    const inParallel: string[] = [];
    const ranges = await planCsvRanges(path, (await import('node:fs')).statSync(path).size, 2);
    expect(ranges.length).toBe(2);
    const parallel = await loadCsvInParallel({ copy: collect(inParallel), source, file: { path, relPath: '抄表记录.csv', fileId: 1 }, layout, match, ranges }, { workers: 2, minBytes: 0, piiKey });

    const inOnePass: string[] = [];
    const headerRow = match.headerRow;
    async function* afterHeader() {
      for await (const row of readCsvRows({ path, relPath: '抄表记录.csv', layout })) if (row.row > headerRow) yield row;
    }
    const validate = compileRowValidator(source, match.mapping, match.headers, { hashPhone: phoneHasher(piiKey) }, { strictWidth: true });
    const onePass = await loadPart({ copy: collect(inOnePass), source, fileId: 1, rows: afterHeader(), validate });

    expect(parallel).toEqual(onePass);
    expect(inParallel.sort()).toEqual(inOnePass.sort());
    // Workers that collect their garbage after every chunk (an embedded run's budget, at its tightest) read the same.
    const collecting: string[] = [];
    const budget = { bytes: 0, garbageBytes: 0 };
    expect(await loadCsvInParallel({ copy: collect(collecting), source, file: { path, relPath: '抄表记录.csv', fileId: 1 }, layout, match, ranges }, { workers: 2, minBytes: 0, piiKey, memoryBudget: budget })).toEqual(onePass);
    expect(collecting.sort()).toEqual(inOnePass.sort());
    // The rules and the cell types ran in the workers: an 电 reading without 读数, a 复核时间 before 抄表时间, a negative 读数.
    const messages = new Set(parallel.rejects.flatMap((r) => r.problems.map((p) => p.message)));
    expect([...messages].some((m) => m === 'is required for 电 readings')).toBe(true);
    expect([...messages].some((m) => m.startsWith('is earlier than 抄表时间'))).toBe(true);
    expect(parallel.rejected).toBeGreaterThan(0);
    expect(parallel.loaded).toBeGreaterThan(3000);
    expect(inParallel.some((l) => l.includes('\t电\t'))).toBe(true);
  });
});

describe('loadCsvInParallel with many rejects', () => {
  it('puts together hundreds of thousands of rejects per range (as one pass would list them)', async () => {
    const dir = tempDir();
    const path = join(dir, '话务明细.csv');
    const rows = 420_000;
    const lines = [CALL_HEADER];
    for (let i = 0; i < rows; i++) lines.push(`C${i},10005,2023-02-30 08:00:00,否,,IVR自助,60,,`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const layout = await detectCsvLayout(path);
    const source = sources.find((s) => s.id === 'call_records')!;
    const match = findHeader(source, await readAll(readCsvRows({ path, relPath: 'x', layout, range: { start: 0, end: 400, firstLine: 1 } })));
    if (!isHeaderMatch(match)) throw new Error('header not found');
    const ranges = await planCsvRanges(path, (await import('node:fs')).statSync(path).size, 2);
    const copy = async (_t: string, _c: readonly string[], chunks: AsyncIterable<string>) => {
      for await (const _ of chunks) throw new Error('no row should be loaded');
      return 0;
    };
    const result = await loadCsvInParallel({ copy, source, file: { path, relPath: '话务明细.csv', fileId: 1 }, layout, match, ranges }, { workers: 2, minBytes: 0, piiKey: 'k-0123456789abcdef0123456789abcdef' });
    expect(result).toMatchObject({ read: rows, loaded: 0, rejected: rows, skipped: 0 });
    expect(result.rejects.map((r) => r.row)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
  }, 240_000);
});

for (const kind of WAREHOUSE_KINDS) {
  describe(`a run with worker threads (${kind})`, () => {
    /** Runs the pipeline over `input` with the given workers and returns what a clerk and an analyst would see. */
    async function runWith(input: string, workers: number) {
      const wh = await openTestWarehouse(kind);
      try {
        const notes: string[] = [];
        const report: RunReport = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef', workers, splitMinBytes: 0, progress: { note: (file, m) => notes.push(`${file}: ${m}`) } });
        const parts = report.files.map((f) => ({ file: f.relPath, parts: f.parts }));
        const table = (await wh.query('select * from call_records order by _file_id, _row')).rows;
        const rejects = (await wh.query('select * from etl.rejects order by file_id, row_number, column_name')).rows.map(({ run_id, reject_id, ...r }: Record<string, unknown>) => r);
        const figures = report.figures.filter((f) => f.definition.sources.includes('call_records')).map((f) => [f.id, f.value, f.numerator, f.denominator]);
        return { parts, table, rejects, figures, notes };
      } finally {
        await wh.close();
      }
    }

    it('loads the same rows, counts, rejects and figures as one pass (GB18030 and UTF-8)', async () => {
      const input = tempDir();
      writeFileSync(join(input, '话务明细_2023.csv'), callLines(5000));
      writeFileSync(join(input, '话务明细_2022.csv'), iconv.encode(callLines(3000).replaceAll('C0', 'D0').replaceAll('2023-', '2022-'), 'gb18030'));
      const one = await runWith(input, 1);
      const three = await runWith(input, 3);
      // Read by the workers, not again in one pass.
      expect(three.notes).toEqual([]);
      expect(three).toEqual(one);
      const calls = one.parts.flatMap((f) => f.parts).filter((p) => p.source === 'call_records');
      expect(calls.map((p) => p.result?.rejected)).toEqual([expect.any(Number), expect.any(Number)]);
      expect(calls.every((p) => p.result!.rejected > 0 && p.result!.skipped > 0)).toBe(true);
      expect(one.table.length).toBeGreaterThan(7000);
    });

    it('reads a file again in one pass when a quoted field spans a cut, with the one-pass result', async () => {
      const input = tempDir();
      const body = callLines(300).split('\r\n');
      body[150] = body[150].replace('"北京,中心"', `"${Array.from({ length: 600 }, (_, i) => `第${i}行`).join('\n')}"`);
      writeFileSync(join(input, '话务明细_2023.csv'), body.join('\r\n'));
      const one = await runWith(input, 1);
      const two = await runWith(input, 2);
      expect(two.notes).toEqual([expect.stringMatching(/^话务明细_2023.csv: read again in one pass: .*quoted field/)]);
      expect({ ...two, notes: [] }).toEqual(one);
      expect(one.table.some((r: Record<string, unknown>) => String(r.site).includes('第599行'))).toBe(true);
    });

    it('names the same line for a damaged record as one pass does', async () => {
      const input = tempDir();
      writeFileSync(join(input, '话务明细_2023.csv'), `${callLines(3000)}C9,10000,"2023-01-01 00:00:00,否\r\n`);
      const one = await runWith(input, 1);
      expect(one.parts[0].parts[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/quoted field starting on line 3003/) });
      const two = await runWith(input, 2);
      expect(two.notes).toEqual([expect.stringContaining('read again in one pass')]);
      expect({ ...two, notes: [] }).toEqual(one);
    });
  });
}
