/**
 * The hostile and broken exports of the tests/hostile-*.test.ts suites, written by the tests
 * themselves: one folder of hotline-ticket and survey exports, each file broken in its own way.
 */
import iconv from 'iconv-lite';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, writeCsv, writeXlsx } from './fixtures.js';
import { writeBombXlsx } from './zip-bomb.js';

/** The header of a 10005 hotline-ticket export. */
export const TICKET_HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长（秒）', '联系电话'];

/** A valid hotline ticket row; `over` replaces cells by header (objects: Excel error and formula cells, for workbooks). */
export function ticket(id: string, over: Record<string, string | number | object> = {}): (string | number | null)[] {
  const row: Record<string, string | number | object> = {
    工单编号: id, 热线号码: '10005', 省份: '广东省', 建单时间: '2023-03-04 09:05:00', 处理时限: '2023-03-06 09:05:00', 办结时间: '2023-03-05 10:00:00',
    受理渠道: '电话', 工单类型: '投诉', 一次解决: '是', 申诉倾向预警: '否', 超时警示: '否', '处理时长（秒）': 120, 联系电话: '13800138000',
    ...over,
  };
  return TICKET_HEADER.map((h) => row[h]) as (string | number | null)[];
}

/** Text that would drop a table if it were ever pasted into SQL. */
export const SQL_TEXT = "'; DROP TABLE hotline_tickets; --";
/** A sheet name holding SQL_TEXT (Excel caps sheet names at 31 characters). */
export const SQL_SHEET = `x${SQL_TEXT}`.slice(0, 31);
/** The size of the overlong cell: 10 MiB. */
export const BIG_CELL_CHARS = 10 * 1024 * 1024;
const SURVEY_HEADER = ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'];
const rows = (tickets: (string | number | null)[][]) => [TICKET_HEADER, ...tickets];

/** File names of the corpus, relative to its folder. */
export const CORPUS = {
  bomb: '热线/工单明细_zip-bomb.xlsx',
  truncated: '热线/工单明细_truncated.xlsx',
  encrypted: '热线/工单明细_password.xlsx',
  legacy: '热线/工单明细_legacy.xls',
  garbage: '热线/工单明细_garbage.csv',
  empty: '热线/工单明细_empty.csv',
  headerOnly: '热线/工单明细_header-only.csv',
  deepHeader: '热线/工单明细_header-on-row-25.csv',
  ragged: '热线/工单明细_ragged.csv',
  bigCell: '热线/工单明细_10MB-cell.csv',
  unicodeText: '满意度/满意度_unicode-text.txt',
  sql: `热线/工单明细_${SQL_TEXT}.xlsx`,
  duplicateHeader: '热线/工单明细_duplicate-header.csv',
  formulaErrors: '热线/工单明细_formula-errors.xlsx',
  dates: '热线/工单明细_dates.csv',
  symlink: '热线/工单明细_link.csv',
  good: '热线/工单明细_good.csv',
} as const;

/** Writes the corpus into a new folder; returns the folder and a file outside it that a link points at. */
export async function writeHostileCorpus(): Promise<{ input: string; outside: string }> {
  const input = tempDir('etl-hostile-');
  const at = (rel: string) => join(input, rel);
  mkdirSync(at('热线'));
  mkdirSync(at('满意度'));

  writeBombXlsx(at(CORPUS.bomb), { mib: 3072 });
  const good = await writeXlsx(input, CORPUS.truncated, [{ name: '工单', rows: rows(Array.from({ length: 300 }, (_, i) => ticket(`TR${i}`))) }]);
  const whole = readFileSync(good);
  writeFileSync(good, whole.subarray(0, whole.length >> 1));
  // Office 2007+ encryption: an OLE compound file holding an "EncryptedPackage" stream.
  const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048), Buffer.from('EncryptedPackage', 'utf16le'), Buffer.alloc(2048)]);
  writeFileSync(at(CORPUS.encrypted), ole);
  writeFileSync(at(CORPUS.legacy), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(4096)]));
  writeFileSync(at(CORPUS.garbage), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + (i >> 3)) & 0xff)));
  writeFileSync(at(CORPUS.empty), '');
  writeCsv(input, CORPUS.headerOnly, [TICKET_HEADER]);
  writeCsv(input, CORPUS.deepHeader, [...Array.from({ length: 24 }, (_, i) => [`说明第${i + 1}行`]), TICKET_HEADER, ticket('DH1')]);
  writeCsv(input, CORPUS.ragged, rows([ticket('RG1'), ticket('RG2').slice(0, 10), [...ticket('RG3'), '多余', '字段'], ticket('RG4')]));
  writeCsv(input, CORPUS.bigCell, rows([ticket('BC1'), ticket('BC2', { 受理渠道: 'x'.repeat(BIG_CELL_CHARS) }), ticket('BC3')]));
  const unicodeText = [SURVEY_HEADER, ['U1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'], ['U2', '即时测评', '湖南省', '热线投诉', '2023-05-02', '成功', '8', '否', '']];
  writeFileSync(at(CORPUS.unicodeText), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(unicodeText.map((r) => r.join('\t')).join('\r\n'), 'utf16le')]));
  await writeXlsx(input, CORPUS.sql, [
    {
      name: SQL_SHEET,
      rows: [[...TICKET_HEADER, `"); DROP TABLE etl.runs; --`], [...ticket(`SQL1${SQL_TEXT}`), 'x'], ticket('SQL2', { 热线号码: `10005${SQL_TEXT}` })],
    },
  ]);
  writeCsv(input, CORPUS.duplicateHeader, [[...TICKET_HEADER, '工单编号'], [...ticket('DUP1'), 'DUP1']]);
  await writeXlsx(input, CORPUS.formulaErrors, [
    { name: '工单', rows: rows([ticket('FE1'), ticket('FE2', { '处理时长（秒）': { error: '#REF!' } }), ticket('FE3', { '处理时长（秒）': { formula: '1/0', result: { error: '#DIV/0!' } } })]) },
  ]);
  writeCsv(input, CORPUS.dates, rows([ticket('DT1', { 建单时间: '1899-12-31 10:00:00' }), ticket('DT2', { 处理时限: '9999-12-31 00:00:00' }), ticket('DT3')]));
  writeCsv(input, CORPUS.good, rows([ticket('OK1'), ticket('OK2')]));
  const outside = tempDir('etl-outside-');
  writeCsv(outside, 'secret.csv', rows([ticket('LINKED1')]));
  symlinkSync(join(outside, 'secret.csv'), at(CORPUS.symlink));
  symlinkSync(outside, at('热线/linked-folder'));
  return { input, outside };
}
