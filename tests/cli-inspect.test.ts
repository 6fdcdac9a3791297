/**
 * `etl inspect FILE [--mappings F] [--json]` (src/cli/inspect-command.ts): which source an export
 * resembles and how each header maps, without a warehouse; and `etl run` refusing a bad
 * etl-mappings.json before it opens one (exit 2).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileInspection } from '../src/pipeline/inspect-file.js';
import { etl } from './support/audit-cli.js';
import { tempDir, writeCsv, writeXlsx } from './support/fixtures.js';

const TICKET_HEADER = ['工单编号', '热线号码', '省份', '受理时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长(秒)', '联系电话', '备注'];
const RENAMED_HEADER = TICKET_HEADER.map((h) => (h === '受理时间' ? '工单创建时间' : h));
const TICKET = ['W1', '10005', '广东', '2023-01-05 08:00:00', '2023-01-06 08:00:00', '', '电话', '投诉', '是', '否', '否', '60', '', ''];
const ONE_LINE = '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } } } }';
const LINE = '"hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } }';

/** An environment whose warehouse folder does not exist: inspect must not create (open) it. */
function noWarehouse(): { env: NodeJS.ProcessEnv; dir: string } {
  const dir = join(tempDir('etl-wh-'), 'never-opened');
  return { env: { ...process.env, DATABASE_URL: '', ETL_WAREHOUSE_DIR: dir, ETL_PII_KEY: 'k-0123456789abcdef0123456789abcdef' }, dir };
}

/** The table line of one header cell: letter, header, how it maps, column. */
const cellLine = (letter: string, header: string, how: string, column: string) =>
  new RegExp(`^ +${letter} +${header.replace(/[()]/g, '\\$&')} +${how} +${column.replace(/[()]/g, '\\$&')}$`, 'm');

describe('etl inspect', () => {
  it('shows a matching export: each header matched, alias or unknown, and that a run loads it, without opening a warehouse', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, '10005热线工单明细_2023.csv', [TICKET_HEADER, TICKET]);
    const { env, dir: warehouse } = noWarehouse();
    const r = await etl(['inspect', file], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mappings:  none (no etl-mappings.json beside the file; --mappings F applies one)');
    expect(r.stdout).toContain('file name: matches hotline_tickets (10005 热线工单明细)');
    expect(r.stdout).toContain('hotline_tickets (10005 热线工单明细), row 1: 11 of 11 required columns, complete');
    expect(r.stdout).toMatch(cellLine('A', '工单编号', 'matched', 'ticket_id'));
    expect(r.stdout).toMatch(cellLine('D', '受理时间', 'alias', 'created_at (建单时间)'));
    expect(r.stdout).toMatch(cellLine('N', '备注', 'unknown', 'not in the contract: not loaded'));
    expect(r.stdout.trimEnd().endsWith('a run loads it as hotline_tickets')).toBe(true);
    expect(existsSync(warehouse)).toBe(false);
  });

  it('shows a renamed header as unknown with the mapping line that fixes it, and as mapped once the line is there', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, '10005热线工单明细_2023.csv', [RENAMED_HEADER, TICKET]);
    const { env } = noWarehouse();
    const before = await etl(['inspect', file], env);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("no source's complete header on the first 20 rows; closest:\n  hotline_tickets (10005 热线工单明细): 10 of 11 required headers on row 1");
    expect(before.stdout).toMatch(cellLine('D', '工单创建时间', 'unknown', 'not in the contract: not loaded'));
    expect(before.stdout).toContain('missing required: 建单时间 (created_at; also accepted: 受理时间, 创建时间)');
    expect(before.stdout).toContain(`if 工单创建时间 is 建单时间 (created_at), add to etl-mappings.json (at the top of the input folder, under "sources"): ${LINE}`);
    expect(before.stdout).toContain(`a run fails it for hotline_tickets: the header on row 1 lacks the required column 建单时间 (also accepted: 受理时间, 创建时间); if 工单创建时间 is 建单时间 (created_at), add to etl-mappings.json`);

    // --mappings F, then the etl-mappings.json beside the file.
    const elsewhere = join(tempDir(), 'draft.json');
    writeFileSync(elsewhere, ONE_LINE);
    const given = await etl(['inspect', file, '--mappings', elsewhere], env);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(new RegExp(`mappings: +${elsewhere}, SHA-256 [0-9a-f]{12}…: 1 header spelling for hotline_tickets`));
    expect(given.stdout).toMatch(cellLine('D', '工单创建时间', 'mapped', `created_at (建单时间), by ${elsewhere}`));
    writeFileSync(join(dir, 'etl-mappings.json'), ONE_LINE);
    const beside = await etl(['inspect', file], env);
    expect(beside.code).toBe(0);
    expect(beside.stdout).toContain('mappings:  etl-mappings.json beside the file, SHA-256 ');
    expect(beside.stdout).toMatch(cellLine('D', '工单创建时间', 'mapped', 'created_at (建单时间), by etl-mappings.json'));
    expect(beside.stdout).toMatch(cellLine('E', '处理时限', 'matched', 'deadline'));
    expect(beside.stdout.trimEnd().endsWith('a run loads it as hotline_tickets')).toBe(true);

    const json = await etl(['inspect', file, '--json'], env);
    const x = JSON.parse(json.stdout) as FileInspection;
    expect(x).toMatchObject({ format: 'csv', error: null, mappings: { file: 'etl-mappings.json' }, byFileName: [{ source: 'hotline_tickets', mappedPattern: null }], verdict: { loads: [{ source: 'hotline_tickets', sheet: null }], fails: [], unmatched: false } });
    const fit = x.sheets[0].fits[0];
    expect(fit).toMatchObject({ source: 'hotline_tickets', complete: true, headerRow: 1, requiredFound: 11, requiredTotal: 11, missingRequired: [], suggestion: null });
    expect(fit.cells.map((c) => `${c.letter} ${c.header} ${c.status} ${c.column}`)).toEqual([
      'A 工单编号 matched ticket_id',
      'B 热线号码 matched hotline',
      'C 省份 matched province',
      'D 工单创建时间 mapped created_at',
      'E 处理时限 matched deadline',
      'F 办结时间 matched closed_at',
      'G 受理渠道 matched channel',
      'H 工单类型 matched category',
      'I 一次解决 matched first_contact_resolved',
      'J 申诉倾向预警 matched appeal_warning',
      'K 超时警示 matched overdue_warning',
      'L 处理时长(秒) matched handle_seconds',
      'M 联系电话 matched customer_phone_hash',
      'N 备注 unknown null',
    ]);
  });

  it('shows the closest sources of an export that matches none, with how many required headers each found', async () => {
    const dir = tempDir();
    const file = writeCsv(dir, '导出数据.csv', [
      ['编号', '时间', '省份', '受理渠道', '一次解决', '处理时长(秒)'],
      ['1', '2023-01-01', '广东', '电话', '是', '5'],
    ]);
    const { env } = noWarehouse();
    const r = await etl(['inspect', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("file name: matches no source's file-name pattern; a run tells the source by the header row");
    const closest = r.stdout.split('closest:\n')[1].split('\n').slice(0, 3);
    expect(closest[0]).toBe('  hotline_tickets (10005 热线工单明细): 4 of 11 required headers on row 1');
    expect(closest.slice(1).every((l) => /^ {2}\w+ \(.+\): \d+ of \d+ required headers on row 1$/.test(l))).toBe(true);
    expect(r.stdout).toContain('missing required: 工单编号 (ticket_id; also accepted: 工单号, 工单流水号), 热线号码 (hotline;');
    expect(r.stdout.trimEnd().endsWith('a run lists it as matching no source (by file name or header row)')).toBe(true);

    const json = JSON.parse((await etl(['inspect', file, '--json'], env)).stdout) as FileInspection;
    expect(json.verdict).toEqual({ loads: [], fails: [], unmatched: true });
    expect(json.sheets[0].fits[0]).toMatchObject({ source: 'hotline_tickets', complete: false, requiredFound: 4, requiredTotal: 11 });
    expect(json.sheets[0].fits.map((f) => f.requiredFound)).toEqual([...json.sheets[0].fits.map((f) => f.requiredFound)].sort((a, b) => b - a));
  });

  it('looks at each sheet of a workbook, below its title rows', async () => {
    const dir = tempDir();
    const file = await writeXlsx(dir, '热线工单清单_2023.xlsx', [
      { name: '说明', rows: [['本表由热线部导出'], ['字段说明见下']] },
      { name: '工单', rows: [['2023年热线工单'], RENAMED_HEADER, TICKET] },
    ]);
    writeFileSync(join(dir, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] }, "files": ["*工单清单*"] } } }');
    const { env } = noWarehouse();
    const r = await etl(['inspect', file], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('file name: matches hotline_tickets (10005 热线工单明细) by the etl-mappings.json pattern *工单清单*');
    expect(r.stdout).toContain('sheet 说明: no row of the first 20 holds a header of any source\n');
    expect(r.stdout).toContain('sheet 工单:\n  hotline_tickets (10005 热线工单明细), row 2: 11 of 11 required columns, complete');
    expect(r.stdout).toMatch(cellLine('D', '工单创建时间', 'mapped', 'created_at (建单时间), by etl-mappings.json'));
    expect(r.stdout.trimEnd().endsWith('a run loads sheet 工单 as hotline_tickets')).toBe(true);
  });

  it('shows control and bidi characters of the file name and the headers as escapes, never raw', async () => {
    const hostile = '\x1b[31m红\x1b]0;pwn\x07\u202e';
    const dir = tempDir();
    const file = writeCsv(dir, `10005热线工单明细_2023${hostile}.csv`, [RENAMED_HEADER.map((h) => (h === '工单创建时间' ? `工单创建时间${hostile}` : h)), TICKET]);
    const { env } = noWarehouse();
    const r = await etl(['inspect', file], env);
    expect(r.code, r.stderr).toBe(1);
    expect(`${r.stdout}${r.stderr}`.replace(/\n/g, '')).not.toMatch(/[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    const shown = '\\x1b[31m红\\x1b]0;pwn\\x07\\u202e';
    expect(r.stdout).toContain(`file:      ${dir}/10005热线工单明细_2023${shown}.csv`);
    expect(r.stdout).toMatch(new RegExp(`^ +D +工单创建时间${shown.replace(/[\\[\]]/g, '\\$&')} +unknown +not in the contract`, 'm'));
    expect(r.stdout).toContain(`a run fails it for hotline_tickets: the header on row 1 lacks the required column 建单时间`);
  });

  it('checks a mapping file given as FILE, and refuses a bad one or a missing file (exit 2)', async () => {
    const dir = tempDir();
    const { env } = noWarehouse();
    writeFileSync(join(dir, 'etl-mappings.json'), ONE_LINE);
    const good = await etl(['inspect', join(dir, 'etl-mappings.json')], env);
    expect(good).toMatchObject({ code: 0, stdout: `${join(dir, 'etl-mappings.json')} is a valid mapping file: 1 header spelling for hotline_tickets\n` });
    writeFileSync(join(dir, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "headers": { "created": ["工单创建时间"] } } } }');
    const bad = await etl(['inspect', join(dir, 'etl-mappings.json')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not a valid mapping file:\n  sources.hotline_tickets.headers.created: hotline_tickets has no column "created"; its columns are: ticket_id (工单编号)');
    const file = writeCsv(dir, '10005热线工单明细_2023.csv', [RENAMED_HEADER, TICKET]);
    const beside = await etl(['inspect', file], env);
    expect(beside.code).toBe(2);
    expect(beside.stderr).toMatch(/^etl: etl-mappings\.json \(.*\) is not a valid mapping file:/);
    const missing = await etl(['inspect', join(dir, 'nothing.csv')], env);
    expect(missing).toMatchObject({ code: 2, stderr: `etl: ${join(dir, 'nothing.csv')} is not a file\n` });
  });
});

describe('etl run with a bad etl-mappings.json', () => {
  it('stops at once (exit 2) naming the file, the place in it and what is allowed, before opening the warehouse', async () => {
    const input = tempDir();
    writeCsv(input, '10005热线工单明细_2023.csv', [RENAMED_HEADER, TICKET]);
    writeFileSync(join(input, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"], } } } }');
    const { env, dir } = noWarehouse();
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', tempDir('etl-out-')], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^etl: etl-mappings\.json \(.*\/etl-mappings\.json\) is not valid JSON: .*\(line 1, column \d+\)\. Names and texts need double quotes/);
    expect(r.stdout).toBe('');
    expect(existsSync(dir)).toBe(false);
  });
});
