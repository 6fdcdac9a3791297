import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import type { Warehouse } from '../src/db/warehouse.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { etlEnv, runEtl } from './support/etl-process.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { BIG_CELL_CHARS, CORPUS, SQL_SHEET, SQL_TEXT, TICKET_HEADER, ticket, writeHostileCorpus } from './support/hostile-corpus.js';
import { createTestWarehouse, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

let corpus: { input: string; outside: string };
beforeAll(async () => {
  corpus = await writeHostileCorpus();
});
afterAll(() => {
  rmSync(corpus.input, { recursive: true, force: true });
  rmSync(corpus.outside, { recursive: true, force: true });
});

describe.each(WAREHOUSE_KINDS)('a folder of hostile and broken exports on %s', (kind) => {
  let t: TestWarehouse;
  let wh: Warehouse;
  let report: RunReport;
  let seconds: number;
  beforeAll(async () => {
    t = await createTestWarehouse(kind);
    wh = await openWarehouse(t.config);
    const started = performance.now();
    report = await runPipeline(wh, { sources, year: 2023, inputDir: corpus.input, piiKey: 'hostile-key-0123456789abcdef0123456789abcdef' });
    seconds = (performance.now() - started) / 1000;
  }, 60_000);
  afterAll(async () => {
    await wh.close();
    await t.dispose();
  });
  const part = (file: string) => {
    const parts = report.files.find((f) => f.relPath === file)?.parts;
    expect(parts, file).toHaveLength(1);
    return parts![0];
  };
  const rejects = (file: string) => part(file).result!.rejects.flatMap((r) => r.problems.map((p) => `${r.row}|${p.column}|${p.message}`));

  it('ends in a clean load or a named failure for every file, within seconds, and balances the counts', () => {
    expect(seconds).toBeLessThan(30);
    expect(report.status).toBe('completed_with_errors');
    expect(report.files.map((f) => f.relPath).sort()).toEqual(Object.values(CORPUS).filter((f) => f !== CORPUS.symlink).sort());
    for (const f of report.files) {
      for (const p of f.parts) {
        expect(p.status, f.relPath).toMatch(/^(loaded|failed)$/);
        if (p.result) expect(p.result.read, f.relPath).toBe(p.result.loaded + p.result.rejected + p.result.skipped);
        // A reason for the clerk, never a programmer's error or stack trace.
        if (p.status === 'failed') expect(p.message, f.relPath).not.toMatch(/Error|\bat .*:\d+:\d+|undefined/);
      }
    }
  });

  it('refuses the zip bomb, the truncated, the password-protected and the legacy workbook, saying what to do', () => {
    expect(part(CORPUS.bomb)).toMatchObject({ status: 'failed', message: expect.stringMatching(/^holds a part \(xl\/worksheets\/sheet1\.xml\) that would unpack .* "zip bombs".*ETL_XLSX_MAX_RATIO$/) });
    expect(part(CORPUS.truncated)).toMatchObject({ status: 'failed', message: expect.stringContaining('is not a valid .xlsx workbook') });
    expect(part(CORPUS.encrypted)).toMatchObject({ status: 'failed', message: expect.stringContaining('is password-protected: open it in Excel, remove the password') });
    expect(part(CORPUS.legacy)).toMatchObject({ status: 'failed', message: expect.stringContaining('legacy Excel 97–2003 .xls file') });
  });

  it('refuses binary garbage named .csv and an empty file, loads a header-only file as 0 rows, and fails a header below row 20', () => {
    expect(part(CORPUS.garbage)).toMatchObject({ status: 'failed', message: expect.stringContaining('is not a text file (it contains binary data)') });
    expect(part(CORPUS.empty)).toMatchObject({ status: 'failed', message: 'is empty (0 bytes): copy it again from the original export' });
    expect(part(CORPUS.headerOnly)).toMatchObject({ status: 'loaded', result: { read: 0, loaded: 0, rejected: 0, skipped: 0 } });
    expect(part(CORPUS.deepHeader)).toMatchObject({ status: 'failed', message: expect.stringContaining('no row within the first 20 holds the header of 10005 热线工单明细') });
  });

  it('rejects ragged rows and a 10 MB cell with their reasons, loading the rows around them', () => {
    expect(part(CORPUS.ragged).result).toMatchObject({ read: 4, loaded: 2, rejected: 2 });
    expect(rejects(CORPUS.ragged)).toEqual(['3|null|the row has 10 fields but the header has 13', '4|null|the row has 15 fields but the header has 13']);
    expect(part(CORPUS.bigCell).result).toMatchObject({ read: 3, loaded: 2, rejected: 1 });
    expect(rejects(CORPUS.bigCell)).toEqual([`3|受理渠道|holds ${BIG_CELL_CHARS.toLocaleString('en')} characters, more than the 32,767 a spreadsheet cell can hold: the export is damaged in this row`]);
    expect(part(CORPUS.bigCell).result!.rejects[0].problems[0].value).toBe(`${'x'.repeat(40)}…`);
  });

  it("decodes Excel's Unicode text (UTF-16 with BOM, tab-separated)", () => {
    expect(part(CORPUS.unicodeText)).toMatchObject({ status: 'loaded', source: 'satisfaction_samples', result: { read: 2, loaded: 2, rejected: 0 } });
  });

  it('treats SQL in a file name, sheet name, header and cells as data', async () => {
    expect(part(CORPUS.sql)).toMatchObject({ status: 'loaded', sheet: SQL_SHEET, extras: ['"); DROP TABLE etl.runs; --'], result: { loaded: 2 } });
    const { rows } = await wh.query<{ ticket_id: string; hotline: string }>("select ticket_id, hotline from hotline_tickets where ticket_id like 'SQL%' order by 1");
    expect(rows).toEqual([
      { ticket_id: `SQL1${SQL_TEXT}`, hotline: '10005' },
      { ticket_id: 'SQL2', hotline: `10005${SQL_TEXT}` },
    ]);
    const files = await wh.query<{ path: string }>('select path from etl.files where path = $1', [CORPUS.sql]);
    expect(files.rows).toHaveLength(1);
    expect((await wh.query<{ n: number }>('select count(*) as n from etl.runs')).rows[0].n).toBe(1);
  });

  it('fails a header naming a column twice, and rejects formula errors and dates of 1899 or 9999', () => {
    expect(part(CORPUS.duplicateHeader)).toMatchObject({ status: 'failed', message: expect.stringContaining('names a column twice (工单编号 appears in columns A and N)') });
    expect(rejects(CORPUS.formulaErrors)).toEqual([
      '3|处理时长（秒）|is the Excel error #REF!',
      '4|处理时长（秒）|is the Excel error #DIV/0!',
    ]);
    expect(rejects(CORPUS.dates)).toEqual(['2|建单时间|has the year 1899, outside 1900–2100', '3|处理时限|has the year 9999, outside 1900–2100']);
  });

  it('does not follow symbolic links, and says so', async () => {
    expect(report.files.map((f) => f.relPath)).not.toContain(CORPUS.symlink);
    expect(report.ignored).toEqual(
      expect.arrayContaining([
        { relPath: CORPUS.symlink, reason: 'is a symbolic link (not followed)' },
        { relPath: '热线/linked-folder', reason: 'is a symbolic link (not followed)' },
      ]),
    );
    expect((await wh.query("select 1 from hotline_tickets where ticket_id = 'LINKED1'")).rows).toEqual([]);
    expect(part(CORPUS.good).result).toMatchObject({ read: 2, loaded: 2 });
  });
});

describe.each(WAREHOUSE_KINDS)('etl run over the hostile folder on %s', (kind) => {
  it('names every failed and ignored file in its summary, and shows no stack trace', async () => {
    const t = await createTestWarehouse(kind);
    const out = tempDir('etl-hostile-out-');
    try {
      const { code, output } = await runEtl(['run', '--year', '2023', '--input', corpus.input, '--out', out], etlEnv(t.config));
      expect(code, output).toBe(1);
      for (const file of [CORPUS.bomb, CORPUS.truncated, CORPUS.encrypted, CORPUS.legacy, CORPUS.garbage, CORPUS.empty, CORPUS.deepHeader, CORPUS.duplicateHeader]) {
        expect(output).toMatch(new RegExp(`^  FAILED +${escape(file)}.*: \\S`, 'm'));
      }
      expect(output).toContain(`ignored   ${CORPUS.symlink}: is a symbolic link (not followed)`);
      expect(output).not.toMatch(/\n\s+at |Error:/);
    } finally {
      await t.dispose();
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(WAREHOUSE_KINDS)('a file that changes while it is read on %s', (kind) => {
  it('is detected by its SHA-256 before and after, and none of its rows are loaded', async () => {
    const input = tempDir();
    const path = writeCsv(input, '工单明细_copying.csv', [TICKET_HEADER, ...Array.from({ length: 5000 }, (_, i) => ticket(`CH${i}`))]);
    writeCsv(input, '工单明细_other.csv', [TICKET_HEADER, ticket('OTHER1')]);
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      const report = await runPipeline(wh, {
        sources,
        year: 2023,
        inputDir: input,
        piiKey: 'k-0123456789abcdef0123456789abcdef',
        // The copy is still being written while the run reads it.
        progress: { partStart: (file) => file === '工单明细_copying.csv' && appendFileSync(path, ticket('CH-late').join(',') + '\r\n') },
      });
      const changed = report.files.find((f) => f.relPath === '工单明细_copying.csv')!;
      expect(changed.parts).toMatchObject([{ status: 'failed', message: expect.stringMatching(/^changed while it was being read \(SHA-256 [0-9a-f]{12}… before, [0-9a-f]{12}… after\): .*wait until it is completely copied/) }]);
      const { rows } = await wh.query<{ ticket_id: string }>('select ticket_id from hotline_tickets');
      expect(rows).toEqual([{ ticket_id: 'OTHER1' }]);
    } finally {
      await wh.close();
      await t.dispose();
      rmSync(input, { recursive: true, force: true });
    }
  });
});
