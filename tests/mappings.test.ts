/**
 * etl-mappings.json (src/pipeline/mappings.ts): a department renames 建单时间 to 工单创建时间 and
 * the clerk adds one line next to the exports instead of editing pipelines/. The renamed export
 * fails without it (saying which line to add), loads with it exactly as the original does, and
 * the run records which mapping applied to which file. A bad mapping file stops the run at once.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { runSummary } from '../src/cli/summary.js';
import type { Warehouse } from '../src/db/warehouse.js';
import { rangesFor } from '../src/pipeline/load-file.js';
import { applyMappings, baseSource, MappingsError, readMappings, readMappingsFile, type Mappings } from '../src/pipeline/mappings.js';
import { forgetFiles } from '../src/pipeline/forget.js';
import { runPipeline, type RunReport } from '../src/pipeline/run.js';
import { scanFolder } from '../src/pipeline/scan-folder.js';
import { describeHeaderProblem, findHeader, isHeaderMatch, type HeaderProblem } from '../src/sources/headers.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';

const PII_KEY = 'mappings-test-key-0123456789abcdef0123456789abcdef';
const hotline = sources.find((s) => s.id === 'hotline_tickets')!;

const TICKET_HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长(秒)', '联系电话', '备注'];
const RENAMED_HEADER = TICKET_HEADER.map((h) => (h === '建单时间' ? '工单创建时间' : h));

function tickets(count: number): string[][] {
  return Array.from({ length: count }, (_, i) => {
    const m = String(1 + (i % 12)).padStart(2, '0');
    const d = String(1 + (i % 27)).padStart(2, '0');
    return [
      `W2023${String(i).padStart(6, '0')}`,
      i % 3 === 0 ? '10000' : '10005',
      ['广东', '湖南省', '北京'][i % 3],
      `2023-${m}-${d} 08:${String(i % 60).padStart(2, '0')}:00`,
      `2023-${m}-${d} 20:00:00`,
      i % 4 === 0 ? '' : `2023-${m}-${d} 12:00:00`,
      ['电话', '互联网', '短信'][i % 3],
      ['投诉', '咨询', '建议'][i % 3],
      i % 2 ? '是' : '否',
      '否',
      i % 5 ? '否' : '是',
      String(60 + i),
      i % 2 ? `1380013${String(i).padStart(4, '0')}` : '',
      i % 7 ? '' : '备注',
    ];
  });
}

/** The ticket rows of the warehouse, without the file id (each input folder has its own). */
async function ticketRows(report: RunReport, wh: Warehouse): Promise<Record<string, unknown>[]> {
  expect(report.files.length).toBeGreaterThan(0);
  const { rows } = await wh.query<Record<string, unknown>>('select * from hotline_tickets order by ticket_id');
  return rows.map(({ _file_id, ...rest }) => rest);
}

const ONE_LINE = '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } } } }\n';

describe('the mapping line a failed header suggests', () => {
  it('pairs each missing required column with the unknown header most like it, and names the others', () => {
    const header = RENAMED_HEADER.map((h) => (h === '工单类型' ? '诉求' : h === '受理渠道' ? '来源' : h));
    const problem = findHeader(hotline, [{ row: 1, cells: header }]) as HeaderProblem;
    expect(isHeaderMatch(problem)).toBe(false);
    expect(problem.unknown).toEqual(['工单创建时间', '来源', '诉求', '备注']);
    // 工单创建时间 shares 建单时间's characters; 来源 and 诉求 share none with 受理渠道 or 工单类型: they are listed, not guessed.
    expect(describeHeaderProblem(hotline, problem)).toBe(
      'the header on row 1 lacks the required columns 建单时间 (also accepted: 受理时间, 创建时间), 受理渠道 (also accepted: 渠道), 工单类型 (also accepted: 类型, 业务类型); ' +
        'if 工单创建时间 is 建单时间 (created_at), add to etl-mappings.json (at the top of the input folder, under "sources"): "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } } ' +
        '(other headers of that row not in the contract: 来源, 诉求, 备注)',
    );
  });

  it('pairs a lone missing column with a lone unknown header, however unlike, and gives no line when no header is unknown', () => {
    const one = findHeader(hotline, [{ row: 2, cells: TICKET_HEADER.map((h) => (h === '工单类型' ? '诉求' : h)).filter((h) => h !== '备注') }]) as HeaderProblem;
    expect(describeHeaderProblem(hotline, one)).toBe(
      'the header on row 2 lacks the required column 工单类型 (also accepted: 类型, 业务类型); if 诉求 is 工单类型 (category), add to etl-mappings.json (at the top of the input folder, under "sources"): "hotline_tickets": { "headers": { "category": ["诉求"] } }',
    );
    const none = findHeader(hotline, [{ row: 1, cells: TICKET_HEADER.filter((h) => h !== '工单类型' && h !== '备注') }]) as HeaderProblem;
    expect(describeHeaderProblem(hotline, none)).toBe('the header on row 1 lacks the required column 工单类型 (also accepted: 类型, 业务类型)');
  });
});

describe('reading etl-mappings.json', () => {
  const write = (text: string | Buffer): string => {
    const dir = tempDir();
    writeFileSync(join(dir, 'etl-mappings.json'), text);
    return dir;
  };
  const failure = (text: string | Buffer): string => {
    try {
      readMappings(write(text), sources);
    } catch (error) {
      expect(error).toBeInstanceOf(MappingsError);
      return (error as Error).message;
    }
    throw new Error('the mapping file was accepted');
  };

  it('reads none when there is no file, and one line as one extra header spelling', () => {
    expect(readMappings(tempDir(), sources)).toBeNull();
    const m = readMappings(write(`\uFEFF${ONE_LINE}`), sources)!;
    expect(m).toMatchObject({ name: 'etl-mappings.json', sources: { hotline_tickets: { headers: { created_at: ['工单创建时间'] }, files: [] } } });
    expect(m.sha256).toBe(createHash('sha256').update(`\uFEFF${ONE_LINE}`).digest('hex'));
  });

  it('derives extended definitions and leaves the registered ones as they are', () => {
    const m = readMappings(write('{ "sources": { "hotline_tickets": { "headers": { "created_at": "工单创建时间" }, "files": ["*工单清单*"] } } }'), sources)!;
    const derived = applyMappings(sources, m);
    const tickets = derived.find((s) => s.id === 'hotline_tickets')!;
    expect(tickets).not.toBe(hotline);
    expect(baseSource(tickets)).toBe(hotline);
    expect(tickets.filePatterns).toEqual(['*工单明细*', 'hotline_tickets*', '*工单清单*']);
    expect(tickets.columns.find((c) => c.name === 'created_at')!.aliases).toEqual(['受理时间', '创建时间', '工单创建时间']);
    expect(hotline.filePatterns).toEqual(['*工单明细*', 'hotline_tickets*']);
    expect(hotline.columns.find((c) => c.name === 'created_at')!.aliases).toEqual(['受理时间', '创建时间']);
    // Sources the file does not name are the registered definitions themselves.
    expect(derived.filter((s) => s.id !== 'hotline_tickets').every((s) => sources.includes(s))).toBe(true);
  });

  it('fails on bad JSON, naming the file and where it stopped', () => {
    expect(failure('{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"], } } } }')).toMatch(
      /^etl-mappings\.json \(\/.*\/etl-mappings\.json\) is not valid JSON: .*position 75 \(line 1, column 76\)\. Names and texts need double quotes/,
    );
    expect(failure(Buffer.from([0x7b, 0xb9, 0xa4, 0x7d]))).toMatch(/is not UTF-8 text: save it as UTF-8/);
  });

  it('fails on an unknown source, listing the sources', () => {
    expect(failure('{ "sources": { "热线工单": {} } }')).toContain('sources["热线工单"]: "热线工单" is not a source (did you mean hotline_tickets, 10005 热线工单明细?)');
    const message = failure('{ "sources": { "hotline": { "headers": { "created_at": ["工单创建时间"] } } } }');
    expect(message).toContain('/etl-mappings.json) is not a valid mapping file:\n  sources.hotline: "hotline" is not a source (did you mean hotline_tickets, 10005 热线工单明细?); the sources are: activities, call_records, contracts,');
  });

  it('fails on an unknown column, listing the columns with their headers', () => {
    const message = failure('{ "sources": { "hotline_tickets": { "headers": { "create_at": ["工单创建时间"], "建单时间": ["工单创建时间"] } } } }');
    expect(message).toContain('sources.hotline_tickets.headers.create_at: hotline_tickets has no column "create_at"; its columns are: ticket_id (工单编号), hotline (热线号码), province (省份), created_at (建单时间),');
    expect(message).toContain('sources.hotline_tickets.headers["建单时间"]: "建单时间" is a header of the column created_at: write "created_at"');
  });

  it('fails on wrong shapes and keys, saying what is allowed', () => {
    expect(failure('[]')).toContain('(the whole file): must be an object such as { "sources": { "hotline_tickets"');
    expect(failure('{ "hotline_tickets": {} }')).toContain('hotline_tickets: not allowed here; allowed are "sources" (and "note")');
    const message = failure('{ "sources": { "hotline_tickets": { "header": {}, "headers": { "created_at": { "x": 1 } }, "files": "*清单*" } } }');
    expect(message).toContain('sources.hotline_tickets.header: not allowed here; allowed are "headers", "files" (and "note")');
    expect(message).toContain('sources.hotline_tickets.headers.created_at: must be a list of headers such as ["工单创建时间"]');
    expect(message).toContain('sources.hotline_tickets.files: must be a list of file-name patterns such as ["*工单清单*"]');
    expect(message).toContain('(its form: { "sources": { "<source id>": { "headers": { "<column name>": ["<header as the file writes it>"] }');
    expect(failure('{ "sources": { "hotline_tickets": { "files": ["*", "热线/*清单*"] } } }')).toMatch(
      /files\[0\]: a file-name pattern needs some text besides \*.*\n.*files\[1\]: a file-name pattern matches the file name only/,
    );
  });

  it('fails on a header that would name two columns', () => {
    expect(failure('{ "sources": { "hotline_tickets": { "headers": { "deadline": ["受理时间"] } } } }')).toContain(
      'sources.hotline_tickets.headers.deadline[0]: "受理时间" already names the column created_at (建单时间) of hotline_tickets; a header can name only one column',
    );
    expect(failure('{ "sources": { "hotline_tickets": { "headers": { "created_at": ["时间"], "deadline": ["时间"] } } } }')).toContain(
      'sources.hotline_tickets.headers.deadline[0]: "时间" already names the column created_at',
    );
  });
});

describe.each(WAREHOUSE_KINDS)('etl-mappings.json in a run on %s', (kind) => {
  const warehouse = useWarehouse(kind, { holdNothing: true });
  const run = (input: string, extra: { workers?: number; splitMinBytes?: number; mappings?: Mappings | null } = {}) =>
    runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: PII_KEY, workers: 1, ...extra });
  const rows = tickets(40);

  it('fails a renamed header without the mapping, naming the line to add, and loads it with that one line as the original', async () => {
    const original = tempDir();
    writeCsv(original, '热线/10005热线工单明细_2023.csv', [TICKET_HEADER, ...rows]);
    const before = await run(original);
    const expected = await ticketRows(before, warehouse());
    expect(expected).toHaveLength(40);
    // The renamed export is the same data: the warehouse must not hold the original beside it.
    await forgetFiles(warehouse(), { paths: [original], sources, piiKey: PII_KEY });

    const renamed = tempDir();
    writeCsv(renamed, '热线/10005热线工单明细_2023.csv', [RENAMED_HEADER, ...rows]);
    const failed = await run(renamed);
    const part = failed.files[0].parts[0];
    expect(part).toMatchObject({ source: 'hotline_tickets', status: 'failed' });
    expect(part.message).toBe(
      'the header on row 1 lacks the required column 建单时间 (also accepted: 受理时间, 创建时间); ' +
        'if 工单创建时间 is 建单时间 (created_at), add to etl-mappings.json (at the top of the input folder, under "sources"): ' +
        '"hotline_tickets": { "headers": { "created_at": ["工单创建时间"] } } (other headers of that row not in the contract: 备注)',
    );
    expect(failed.status).toBe('completed_with_errors');

    writeFileSync(join(renamed, 'etl-mappings.json'), ONE_LINE);
    const mapped = await run(renamed);
    const loaded = mapped.files.find((f) => f.relPath.endsWith('.csv'))!.parts[0];
    expect(loaded).toMatchObject({ source: 'hotline_tickets', status: 'loaded', headerRow: 1, extras: ['备注'], mappedHeaders: ['工单创建时间 → created_at'], mappedFilePattern: null });
    expect(loaded.result).toMatchObject({ read: 40, loaded: 40, rejected: 0, skipped: 0 });
    expect(await ticketRows(mapped, warehouse())).toEqual(expected);
    // The same figures as the original file gives.
    const values = (r: RunReport) => r.figures.filter((f) => f.definition.sources.includes('hotline_tickets')).map((f) => [f.id, f.value, f.numerator, f.denominator, f.reason]);
    expect(values(mapped)).toEqual(values(before));
  });

  it('records the mapping file (SHA-256 in the run parameters and etl.files) and per part the headers it mapped', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [RENAMED_HEADER, ...rows]);
    writeFileSync(join(input, 'etl-mappings.json'), ONE_LINE);
    const report = await run(input);
    const sha = createHash('sha256').update(ONE_LINE).digest('hex');
    const wh = warehouse();
    const { rows: runs } = await wh.query<{ parameters: { mappings: unknown } }>('select parameters from etl.runs where run_id = $1', [report.runId]);
    expect(runs[0].parameters.mappings).toEqual({ file: 'etl-mappings.json', sha256: sha, sources: { hotline_tickets: { headers: { created_at: ['工单创建时间'] }, files: [] } } });
    const { rows: parts } = await wh.query<{ path: string; sha256: string; status: string; source: string | null; message: string; mapped_headers: string[]; mapped_file_pattern: string | null }>(
      'select f.path, f.sha256, rf.status, rf.source, rf.message, rf.mapped_headers, rf.mapped_file_pattern from etl.run_files rf join etl.files f using (file_id) where rf.run_id = $1 order by f.path',
      [report.runId],
    );
    expect(parts).toEqual([
      {
        path: 'etl-mappings.json',
        sha256: sha,
        status: 'mappings',
        source: null,
        message: 'the mapping file of this run, applied to every export: 1 header spelling for hotline_tickets',
        mapped_headers: [],
        mapped_file_pattern: null,
      },
      {
        path: '热线/10005热线工单明细_2023.csv',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        status: 'loaded',
        source: 'hotline_tickets',
        message: 'headers mapped by etl-mappings.json: 工单创建时间 → created_at; columns not loaded (not in the contract): 备注',
        mapped_headers: ['工单创建时间 → created_at'],
        mapped_file_pattern: null,
      },
    ]);
    // Not an export: neither unmatched nor counted as loaded, and the summary says what it did.
    expect(report.files.flatMap((f) => f.parts).filter((p) => p.status === 'unmatched')).toEqual([]);
    const summary = runSummary(report, [], 1);
    expect(summary).toContain('files:   2 found, 1 loaded, 0 failed, 0 not matching any source, 1 mapping file');
    expect(summary).toContain(`  mappings  etl-mappings.json: the mapping file of this run, applied to every export: 1 header spelling for hotline_tickets (SHA-256 ${sha})`);
    expect(summary).toContain('  note      热线/10005热线工单明细_2023.csv: headers mapped by etl-mappings.json: 工单创建时间 → created_at; columns not loaded (not in the contract): 备注');
  });

  it('matches a renamed file by a pattern of the mapping file, and records the pattern', async () => {
    const input = tempDir();
    writeCsv(input, '2023年热线工单清单.csv', [RENAMED_HEADER, ...rows.slice(0, 5)]);
    const without = await run(input);
    expect(without.files[0].parts[0]).toMatchObject({ status: 'unmatched', source: null });
    writeFileSync(join(input, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "headers": { "created_at": ["工单创建时间"] }, "files": ["*工单清单*"] } } }');
    const report = await run(input);
    const part = report.files.find((f) => f.relPath.endsWith('.csv'))!.parts[0];
    expect(part).toMatchObject({ status: 'loaded', source: 'hotline_tickets', mappedFilePattern: '*工单清单*', result: { loaded: 5 } });
    expect(part.message).toMatch(/^file name matched by etl-mappings\.json pattern \*工单清单\*; headers mapped by etl-mappings\.json: 工单创建时间 → created_at/);
    const { rows: recorded } = await warehouse().query<{ mapped_file_pattern: string }>("select mapped_file_pattern from etl.run_files where run_id = $1 and status = 'loaded'", [report.runId]);
    expect(recorded).toEqual([{ mapped_file_pattern: '*工单清单*' }]);
  });

  it('stops at once on a bad mapping file: no run is recorded and the warehouse is as it was', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [RENAMED_HEADER, ...rows]);
    writeFileSync(join(input, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "headers": { "create_at": ["工单创建时间"] } } } }');
    const { rows: before } = await warehouse().query<{ n: number }>('select count(*)::int as n from etl.runs');
    await expect(run(input)).rejects.toThrow(/etl-mappings\.json \(.*\) is not a valid mapping file:\n {2}sources\.hotline_tickets\.headers\.create_at: hotline_tickets has no column "create_at"; its columns are: ticket_id \(工单编号\)/);
    const { rows: after } = await warehouse().query<{ n: number }>('select count(*)::int as n from etl.runs');
    expect(after).toEqual(before);
  });

  it('does not read a mapping file below the top of the input folder, and says so', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [TICKET_HEADER, ...rows.slice(0, 3)]);
    mkdirSync(join(input, '热线'), { recursive: true });
    writeFileSync(join(input, '热线', 'etl-mappings.json'), ONE_LINE);
    writeFileSync(join(input, 'etl-mapping.json'), ONE_LINE);
    const report = await run(input);
    expect(report.mappings).toBeNull();
    const unmatched = Object.fromEntries(report.files.filter((f) => f.parts[0].status === 'unmatched').map((f) => [f.relPath, f.parts[0].message]));
    expect(unmatched).toEqual({
      'etl-mapping.json': 'is not a spreadsheet or CSV file, nor read as the mapping file: that must be named exactly etl-mappings.json (lower case) and lie at the top of the input folder',
      '热线/etl-mappings.json': 'is not a spreadsheet or CSV file: a mapping file is only read at the top of the input folder (etl-mappings.json there); this one is not applied',
    });
  });

  it('reads a large mapped CSV file with worker threads, which are given the mapping, with the one-pass result', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [RENAMED_HEADER, ...tickets(3000)]);
    writeFileSync(join(input, 'etl-mappings.json'), ONE_LINE);
    const mappings = readMappings(input, sources)!;
    const derived = applyMappings(sources, mappings).find((s) => s.id === 'hotline_tickets')!;
    const path = join(input, '热线/10005热线工单明细_2023.csv');
    const firstLines = readFileSync(path, 'utf8').split('\r\n').slice(0, 3).map((l, i) => ({ row: i + 1, cells: l.split(',') }));
    const match = findHeader(derived, firstLines);
    if (!isHeaderMatch(match)) throw new Error('the mapped header was not found');
    // The mapped source is split like a registered one (before, any source not in pipelines/ was read in one pass).
    expect(await rangesFor({ path, relPath: 'x.csv', fileId: 1 }, derived, match, { workers: 2, minBytes: 0, piiKey: PII_KEY })).toMatchObject({ ranges: [expect.anything(), expect.anything()] });

    const outcome = async (workers: number) => {
      const notes: string[] = [];
      const report = await runPipeline(warehouse(), { sources, year: 2023, inputDir: input, piiKey: PII_KEY, workers, splitMinBytes: 0, progress: { note: (f, m) => notes.push(`${f}: ${m}`) } });
      const part = report.files.find((f) => f.relPath.endsWith('.csv'))!.parts[0];
      return { notes, part: { ...part, result: { ...part.result, skippedBy: [...part.result!.skippedBy] } }, rows: await ticketRows(report, warehouse()) };
    };
    const one = await outcome(1);
    const two = await outcome(2);
    // No note: the workers read it (a worker without the mapping would not find 工单创建时间 and the file would be read again in one pass).
    expect(two.notes).toEqual([]);
    expect(two).toEqual(one);
    expect(one.part).toMatchObject({ status: 'loaded', mappedHeaders: ['工单创建时间 → created_at'], result: { loaded: 3000 } });
  });

  it('is applied by etl status --input too, and is no unmatched file there', async () => {
    const input = tempDir();
    writeCsv(input, '热线/10005热线工单明细_2023.csv', [RENAMED_HEADER, ...rows]);
    const without = await scanFolder(input, { sources });
    expect(without.failed.map((f) => f.message)).toEqual([expect.stringContaining('add to etl-mappings.json')]);
    writeFileSync(join(input, 'etl-mappings.json'), ONE_LINE);
    const scan = await scanFolder(input, { sources });
    expect(scan).toMatchObject({ failed: [], unmatched: [] });
    expect(scan.parts.filter((p) => p.source === 'hotline_tickets').length).toBe(1);
    writeFileSync(join(input, 'etl-mappings.json'), '{ "sources": { "hotline_tickets": { "files": [] }, "tickets": {} } }');
    await expect(scanFolder(input, { sources })).rejects.toThrow(/sources\.tickets: "tickets" is not a source/);
    expect(() => readMappingsFile(join(input, 'etl-mappings.json'), sources)).toThrow(MappingsError);
  });
});
