/**
 * Outputs are safe to open (issue "no phone number or formula leaks through an output", part 3):
 * formula-like CSV cells are quoted, report.md is inert, the console shows control characters as
 * escapes, a set of outputs is all of one run, and outputs are never written through a symlink.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleProgress } from '../src/cli/progress.js';
import { runSummary } from '../src/cli/summary.js';
import { formatTable } from '../src/cli/table.js';
import { terminalLines, terminalText } from '../src/report/terminal-text.js';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { csvSafe } from '../src/report/csv-safe.js';
import { mdText } from '../src/report/markdown.js';
import { OUTPUT_NAMES, outputFs, writeOutputs } from '../src/report/write-outputs.js';
import { coveringSamples, tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const FORMULA = '=HYPERLINK("http://x")';
const SCRIPT = '<script>alert(1)</script>';
const LINK = '[a](http://x)';
const IMAGE = '![a](http://x/i.png)';
const ESC = '\x1b[31mred';
const BIDI = 'abc\u202edef';
const HOSTILE = [FORMULA, SCRIPT, LINK, IMAGE, ESC, BIDI];
// A folder name may hold all of it but a slash.
const DIR = `=HYPERLINK("x") <script>alert(1)<script> [a](x) \x1b[31mred \u202eexe`;

let report: RunReport;
beforeAll(async () => {
  const input = tempDir();
  writeCsv(input, `${DIR}/测评样本_2023.csv`, [
    ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
    ['S1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'],
    ...HOSTILE.map((h, i) => [`S${i + 2}`, '即时测评', h, '营业厅', '2023-05-02', '成功', '8', '是', '是']),
    ['S9', '即时测评', '广东', '营业厅', '2023-05-02', '成功', '-5', '是', '是'],
    ['S10', '即时测评', '广东', '营业厅', '2023-05-02', '成功', '-2+3+cmd|\' /C calc\'!A0', '是', '是'],
    ...coveringSamples(),
  ]);
  const t = await createTestWarehouse('pglite');
  const wh = await openWarehouse(t.config);
  try {
    report = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
  } finally {
    await wh.close();
    await t.dispose();
  }
  // A sheet name and a message as a workbook could bring them (a CSV has no sheets).
  const part = report.files.flatMap((f) => f.parts).find((p) => p.result)!;
  part.sheet = `${FORMULA}${SCRIPT}${ESC}\u202e`;
  part.message = `extra column ${LINK} ${ESC} ${BIDI}`;
});

const rejects = (out: string) => parse(readFileSync(join(out, 'rejects.csv'), 'utf8'), { columns: true }) as Record<string, string>[];

describe('CSV outputs quote formula-like cells', () => {
  it('csvSafe puts a quote before =, +, -, @, tab and CR, but leaves numbers and plain signed numbers', () => {
    for (const s of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\tx', '\rx', "=cmd|' /C calc'!A0", '-2+3+cmd|x']) expect(csvSafe(s)).toBe(`'${s}`);
    for (const s of ['-5', '-0.25', '+3', '5', 'a=b', '', '省份']) expect(csvSafe(s)).toBe(s);
    expect(csvSafe(-5)).toBe(-5);
    expect(csvSafe(null)).toBeNull();
  });

  it('rejects.csv holds no cell a spreadsheet would run; the file, the sheet and the values are all there', async () => {
    const out = tempDir('etl-out-');
    await writeOutputs(report, out);
    const rows = rejects(out);
    expect(rows.length).toBeGreaterThanOrEqual(HOSTILE.length);
    for (const r of rows) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    const values = rows.map((r) => r.value);
    expect(values).toContain(`'${FORMULA}`);
    expect(values).toContain(SCRIPT);
    expect(values).toContain('-5');
    expect(values).toContain("'-2+3+cmd|' /C calc'!A0");
    expect(rows.every((r) => r.file === `'${DIR}/测评样本_2023.csv`)).toBe(true);
    expect(rows.every((r) => r.sheet === `'${FORMULA}${SCRIPT}${ESC}\u202e`)).toBe(true);
  });
});

describe('report.md is inert', () => {
  it('mdText leaves no HTML, link, image, table break or control character', () => {
    expect(mdText(SCRIPT)).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mdText(LINK)).toBe('\\[a\\](http\\://x)');
    expect(mdText(IMAGE)).toBe('!\\[a\\](http\\://x/i.png)');
    expect(mdText('<http://x> `code` a\\b')).toBe('&lt;http\\://x&gt; \\`code\\` a\\\\b');
    expect(mdText('a|b\nc\r\nd')).toBe('a\\|b c d');
    expect(mdText(ESC)).toBe('\\\\x1b\\[31mred');
    expect(mdText(BIDI)).toBe('abc\\\\u202edef');
    expect(mdText('see www.x.org')).toBe('see www\\.x.org');
  });

  it('file names, sheet names, values and messages from the files reach report.md escaped', async () => {
    const out = tempDir('etl-out-');
    await writeOutputs(report, out);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).not.toContain('<script');
    expect(md).not.toMatch(/(^|[^\\])\[a\]/);
    expect(md).not.toMatch(/(^|[^\\])\]\(http/);
    expect(md).not.toMatch(/http:\/\//);
    expect(md).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(md).toContain('\\\\x1b\\[31mred');
    // Every table row still has the columns of its header.
    const columns = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const section of ['## Files loaded', '## Rejected rows']) {
      const rows = md.split(section)[1].split('\n## ')[0].split('\n').filter((l) => l.startsWith('|'));
      expect(rows.length).toBeGreaterThan(2);
      expect(new Set(rows.map(columns)).size).toBe(1);
    }
    expect(md).toContain('&lt;script&gt;');
    // Our own links still work.
    expect(md).toContain('| [survey.accuracy](#fig-survey-accuracy) | ');
  });

  it('report.html escapes them too', async () => {
    const out = tempDir('etl-out-');
    await writeOutputs(report, out);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;');
  });
});

describe('the console shows control and bidi characters as escapes', () => {
  const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

  it('terminalText escapes C0, DEL, C1 and bidi characters and keeps the rest', () => {
    expect(terminalText('\x1b[31mred\x07\x7f\x9b\u202e\u2066x 话务')).toBe('\\x1b[31mred\\x07\\x7f\\x9b\\u202e\\u2066x 话务');
  });

  it('in every console table (formatTable: etl explain, inspect, sql, figures …) and in a command\'s lines (terminalLines)', () => {
    const table = formatTable(['file', `sheet ${ESC}`], [[`${DIR}/a.csv`, `${BIDI}\n\x07`]]);
    expect(table).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('sheet \\x1b[31mred');
    expect(table).toContain('abc\\u202edef\\x0a\\x07');
    expect(terminalLines(`a${ESC}\nb${BIDI}`)).toBe('a\\x1b[31mred\nbabc\\u202edef');
  });

  it('in the run summary', () => {
    const text = runSummary(report, [], 1);
    expect(text).not.toMatch(CONTROL);
    expect(text).toContain('\\x1b[31mred');
    expect(text).toContain('\\u202eexe');
  });

  it('in the progress lines', () => {
    let written = '';
    const stream = { isTTY: false, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const progress = consoleProgress(stream);
    const f = report.files.find((x) => x.parts.some((p) => p.result))!;
    progress.fileStart!(f.relPath, 1, 1, 100);
    progress.partStart!(f.relPath, 'satisfaction_samples', f.parts[0].sheet);
    progress.note!(f.relPath, `header ${ESC} ${BIDI}`);
    progress.fileEnd!(f);
    progress.stage!(`done ${ESC}`);
    expect(written.replace(/\n/g, '')).not.toMatch(CONTROL);
    expect(written).toContain('\\x1b[31mred');
    expect(written).toContain('abc\\u202edef');
  });
});

describe('a set of outputs is all of one run', () => {
  it('writes every output and leaves no temporary file', async () => {
    const out = tempDir('etl-out-');
    const written = await writeOutputs(report, out);
    expect(written).toEqual(OUTPUT_NAMES.map((n) => join(out, n)));
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it('a rename that fails puts back the last run’s outputs, names the file and says the run is recorded', async () => {
    const out = tempDir('etl-out-');
    for (const n of OUTPUT_NAMES) writeFileSync(join(out, n), `last run ${n}`);
    const rename = outputFs.renameSync;
    let calls = 0;
    const spy = vi.spyOn(outputFs, 'renameSync').mockImplementation((from, to) => {
      if (++calls === 3) throw Object.assign(new Error(`ENOSPC: no space left on device, rename '${String(from)}' -> '${String(to)}'`), { code: 'ENOSPC' });
      rename(from, to);
    });
    try {
      await expect(writeOutputs(report, out)).rejects.toThrow(new RegExp(`could not write ${join(out, 'report.md').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(ENOSPC.*run ${report.runId} itself is recorded in the warehouse, and the outputs in .* are still those of the last run`));
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const n of OUTPUT_NAMES) expect(readFileSync(join(out, n), 'utf8')).toBe(`last run ${n}`);
  });

  it('a directory where an output should go stops the write; outputs the last run did not have are removed', async () => {
    const out = tempDir('etl-out-');
    mkdirSync(join(out, 'report.html'));
    writeFileSync(join(out, 'figures.json'), 'last run');
    await expect(writeOutputs(report, out)).rejects.toThrow(`could not write ${join(out, 'report.html')}`);
    expect(readdirSync(out).sort()).toEqual(['figures.json', 'report.html']);
    expect(readFileSync(join(out, 'figures.json'), 'utf8')).toBe('last run');
  });

  it('a temporary file that cannot be written leaves the last run’s outputs alone', async () => {
    const out = tempDir('etl-out-');
    for (const n of OUTPUT_NAMES) writeFileSync(join(out, n), `last run ${n}`);
    const spy = vi.spyOn(outputFs, 'writeFileSync').mockImplementation((path) => {
      if (String(path).includes('report.html')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    });
    try {
      await expect(writeOutputs(report, out)).rejects.toThrow(`could not write ${join(out, 'report.html')} (EACCES: permission denied); run ${report.runId} itself is recorded in the warehouse`);
    } finally {
      spy.mockRestore();
    }
    expect(readdirSync(out).sort()).toEqual([...OUTPUT_NAMES].sort());
    for (const n of OUTPUT_NAMES) expect(readFileSync(join(out, n), 'utf8')).toBe(`last run ${n}`);
  });
});

describe('--out does not follow symbolic links', () => {
  it('a symlinked out folder is refused and nothing is written through it', async () => {
    const real = tempDir('etl-out-');
    const link = join(tempDir('etl-link-'), 'out');
    symlinkSync(real, link);
    await expect(writeOutputs(report, link)).rejects.toThrow(`the output folder ${link} is a symbolic link`);
    expect(readdirSync(real)).toEqual([]);
  });

  it('a symlinked output file is refused and its target is left alone', async () => {
    const out = tempDir('etl-out-');
    const target = join(tempDir('etl-target-'), 'elsewhere.txt');
    writeFileSync(target, 'not ours');
    symlinkSync(target, join(out, 'report.md'));
    await expect(writeOutputs(report, out)).rejects.toThrow(`${join(out, 'report.md')} is a symbolic link`);
    expect(readFileSync(target, 'utf8')).toBe('not ours');
    expect(readdirSync(out)).toEqual(['report.md']);
    rmSync(target);
    expect(existsSync(join(out, 'figures.json'))).toBe(false);
  });
});
