/**
 * Gap flags of the sample generator (samples/generator/gaps.ts): each kind of gap, checked by
 * reading the written files back through the engine's own extractors, against an ungapped
 * generation of the same seed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import type { SourceDefinition } from '../src/sources/define.js';
import { applyGaps, generateSamples, parseGap } from '../samples/generate.js';
import type { FileReport, GapsResult, GenerateResult } from '../samples/generate.js';
import { GapError, withoutDates } from '../samples/generator/gaps.js';
import { sidecarPath } from '../samples/generator/index.js';
import { extractorFor } from '../src/extract/index.js';
import type { RawRow } from '../src/extract/index.js';
import { isEmptyCell } from '../src/transform/cells.js';
import type { RawCell } from '../src/transform/cells.js';
import { findHeader, isHeaderMatch } from '../src/sources/headers.js';

const PUBLISHED = fileURLToPath(new URL('../reference/published/2023.json', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const AUDIT = (m: number) => `质量管理部/工单审核/工单审核_2023-${String(m).padStart(2, '0')}.xlsx`;
const CALLS_2022 = '话务中心/话务明细_2022.csv';
const SELF_SERVICE = '运营支撑部/2023年自助服务日报.csv';
const SAFETY = '综合部/2023年安全生产台账.xlsx';
const ROSTER = '人力资源部/2023年员工花名册.xlsx';
const HOTLINE = ['客服热线/10005热线工单明细_2022.csv', '客服热线/10005热线工单明细_2023.csv'];
const YEAR = /(?<!\d)(19|20)\d{2}(?!\d)/;

const source = (id: string): SourceDefinition => sources.find((s) => s.id === id)!;

interface Sheet {
  name: string | null;
  /** Rows above the header. */
  titles: RawRow[];
  header: RawRow;
  /** Rows below the header, as the engine reads them. */
  rows: RawRow[];
  /** Cell index of a column (by warehouse name), -1 when absent. */
  index(column: string): number;
}

/** Reads the sheet of `sourceId` in a file the way the engine does: extractor, then the header matcher. */
async function readSheet(path: string, sourceId: string, sheet?: string): Promise<Sheet> {
  const def = source(sourceId);
  const extractor = extractorFor(path.endsWith('.csv') ? 'csv' : 'xlsx');
  for await (const s of extractor.sheets(path)) {
    const rows: RawRow[] = [];
    for await (const r of s.rows) rows.push(r);
    if (sheet !== undefined && s.name !== sheet) continue;
    const match = findHeader(def, rows);
    if (!isHeaderMatch(match)) continue;
    return {
      name: s.name,
      titles: rows.filter((r) => r.row < match.headerRow),
      header: rows.find((r) => r.row === match.headerRow)!,
      rows: rows.filter((r) => r.row > match.headerRow),
      index: (column) => match.mapping.findIndex((c) => c?.name === column),
    };
  }
  throw new Error(`${path}: no sheet holds the header of ${sourceId}`);
}

/** Rows per month of the source's period column, parsed with the column's own type ('bad' = not a date). */
function rowsPerMonth(sheet: Sheet, sourceId: string): Map<string, number> {
  const def = source(sourceId);
  const period = def.columns.find((c) => c.name === (def.coverage as { period: string }).period)!;
  const i = sheet.index(period.name);
  const counts = new Map<string, number>();
  for (const r of sheet.rows) {
    const raw = r.cells[i];
    if (isEmptyCell(raw)) continue;
    const parsed = period.type.parse(raw as Exclude<RawCell, null | undefined>, { hashPhone: (d) => d });
    const key = parsed.ok ? String(parsed.value).slice(0, 7) : 'bad';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const titleText = (sheet: Sheet) => sheet.titles.map((t) => t.cells.filter((c) => typeof c === 'string').join(' '));

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/')).sort();
}

async function copyGeneration(from: string, to: string): Promise<void> {
  await cp(from, to, { recursive: true });
  await cp(sidecarPath(from, 'manifest'), sidecarPath(to, 'manifest'));
}

const manifestOf = async (dir: string) =>
  JSON.parse(await readFile(sidecarPath(dir, 'manifest'), 'utf8')) as { gaps: string[]; files: FileReport[]; selfCheck: { ok: boolean } };

const FLAGS: [string, string][] = [
  ['drop-month', 'ticket_audits:2023-05'],
  ['drop-month', 'call_records:2022-07..2022-12'],
  ['empty-column', 'self_service_daily:manual_calls'],
  ['empty-register', 'safety_register'],
  ['undated', 'hr_roster'],
];

let work: string;
let base: string;
let gapped: string;
let hotline: string;
let generated: GenerateResult;
let applied: GapsResult;
let hotlineApplied: GapsResult;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'samples-gaps-'));
  base = join(work, 'base');
  gapped = join(work, 'gapped');
  hotline = join(work, 'hotline');
  generated = await generateSamples({ outDir: base, scale: 'small', seed: 1, published: PUBLISHED });
  await copyGeneration(base, gapped);
  await copyGeneration(base, hotline);
  applied = await applyGaps(gapped, generated.files, FLAGS.map(([f, v]) => parseGap(f, v)));
  hotlineApplied = await applyGaps(hotline, generated.files, [parseGap('--drop-month', 'hotline_tickets:2022-07..2022-12')]);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('sample generator gap flags', () => {
  it('--drop-month ticket_audits:2023-05 deletes the May workbook and leaves the other eleven byte-identical', async () => {
    expect(existsSync(join(base, AUDIT(5)))).toBe(true);
    expect(existsSync(join(gapped, AUDIT(5)))).toBe(false);
    const others = [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12].map(AUDIT);
    for (const f of others) {
      expect((await readFile(join(gapped, f))).equals(await readFile(join(base, f))), f).toBe(true);
    }
    const audits = (await listFiles(gapped)).filter((f) => f.startsWith('质量管理部/工单审核/'));
    expect(audits).toEqual(others.sort());
    // What the workbook held in May, read from the ungapped file.
    const may = rowsPerMonth(await readSheet(join(base, AUDIT(5)), 'ticket_audits'), 'ticket_audits');
    expect(may.get('2023-05')).toBeGreaterThan(0);
    const line = applied.applied[0];
    expect(line.files).toEqual([expect.objectContaining({ file: AUDIT(5), deleted: true, rowsRemoved: may.get('2023-05') })]);
  });

  it('--drop-month call_records:2022-07..2022-12 removes the rows dated then and keeps January–June as they were', async () => {
    const before = await readSheet(join(base, CALLS_2022), 'call_records');
    const after = await readSheet(join(gapped, CALLS_2022), 'call_records');
    const monthsBefore = rowsPerMonth(before, 'call_records');
    const monthsAfter = rowsPerMonth(after, 'call_records');
    for (let m = 7; m <= 12; m++) {
      const month = `2022-${String(m).padStart(2, '0')}`;
      expect(monthsBefore.get(month), month).toBeGreaterThan(0);
      expect(monthsAfter.get(month), month).toBeUndefined();
    }
    for (let m = 1; m <= 6; m++) {
      const month = `2022-0${m}`;
      expect(monthsBefore.get(month), month).toBeGreaterThan(0);
      expect(monthsAfter.get(month), month).toBe(monthsBefore.get(month));
    }
    // Rows whose date cannot be read stay (the engine rejects them).
    expect(monthsAfter.get('bad')).toBe(monthsBefore.get('bad'));
    // The rows kept are the very same records, in order, and the header too.
    const dropped = [...monthsBefore].filter(([k]) => k >= '2022-07' && k <= '2022-12').reduce((n, [, c]) => n + c, 0);
    expect(dropped).toBeGreaterThan(0);
    expect(after.rows).toHaveLength(before.rows.length - dropped);
    expect(after.header.cells).toEqual(before.header.cells);
    const i = before.index('start_time');
    const type = source('call_records').columns.find((c) => c.name === 'start_time')!.type;
    const inSecondHalf = (r: RawRow) => {
      const parsed = isEmptyCell(r.cells[i]) ? null : type.parse(r.cells[i] as string, { hashPhone: (d) => d });
      return parsed !== null && parsed.ok && String(parsed.value) >= '2022-07' && String(parsed.value) < '2023';
    };
    expect(after.rows.map((r) => r.cells)).toEqual(before.rows.filter((r) => !inSecondHalf(r)).map((r) => r.cells));
    // The manifest counts what the file now holds.
    const report = applied.files.find((f) => f.file === CALLS_2022)!;
    expect(report.rowsRead).toBe(after.rows.length);
    expect(report.notes.some((n) => n.startsWith('gap --drop-month call_records:2022-07..2022-12'))).toBe(true);
  });

  it('--empty-column self_service_daily:manual_calls blanks every 人工话务量 cell and leaves the other columns as they were', async () => {
    const before = await readSheet(join(base, SELF_SERVICE), 'self_service_daily');
    const after = await readSheet(join(gapped, SELF_SERVICE), 'self_service_daily');
    const i = after.index('manual_calls');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(after.header.cells).toEqual(before.header.cells);
    expect(after.rows).toHaveLength(before.rows.length);
    expect(before.rows.filter((r) => !isEmptyCell(r.cells[i])).length).toBeGreaterThan(0);
    expect(after.rows.filter((r) => !isEmptyCell(r.cells[i]))).toEqual([]);
    const without = (cells: RawCell[]) => cells.filter((_, j) => j !== i);
    expect(after.rows.map((r) => without(r.cells))).toEqual(before.rows.map((r) => without(r.cells)));
    // Written back in its own encoding: the BOM stays.
    const bytes = await readFile(join(gapped, SELF_SERVICE));
    expect([...bytes.subarray(0, 3)]).toEqual([...(await readFile(join(base, SELF_SERVICE))).subarray(0, 3)]);
  });

  it('--empty-register safety_register keeps title rows and header, and no data row', async () => {
    const before = await readSheet(join(base, SAFETY), 'safety_register');
    const after = await readSheet(join(gapped, SAFETY), 'safety_register');
    expect(before.rows.length).toBeGreaterThan(0);
    expect(after.rows).toEqual([]);
    expect(after.header.cells).toEqual(before.header.cells);
    expect(titleText(after)).toEqual(titleText(before));
    expect(titleText(after).join(' ')).toMatch(YEAR);
    const report = applied.files.find((f) => f.file === SAFETY)!;
    expect(report).toMatchObject({ rowsRead: 0, expectedLoaded: 0, expectedRejected: 0 });
  });

  it('--undated hr_roster leaves no year in the file name or the title rows, and the rows as they were', async () => {
    const before = await readSheet(join(base, ROSTER), 'hr_roster');
    expect(titleText(before).join(' ')).toMatch(YEAR);
    expect(existsSync(join(gapped, ROSTER))).toBe(false);
    const rosterFiles = (await listFiles(gapped)).filter((f) => f.startsWith('人力资源部/') && f.includes('花名册'));
    expect(rosterFiles).toEqual(['人力资源部/员工花名册.xlsx']);
    const after = await readSheet(join(gapped, rosterFiles[0]), 'hr_roster');
    expect(rosterFiles[0]).not.toMatch(YEAR);
    expect(after.titles.length).toBeGreaterThan(0);
    for (const t of titleText(after)) expect(t).not.toMatch(YEAR);
    expect(titleText(after)).toContain('星河通信客户服务中心员工花名册');
    expect(after.header.cells).toEqual(before.header.cells);
    expect(after.rows.map((r) => r.cells)).toEqual(before.rows.map((r) => r.cells));
    const report = applied.files.find((f) => f.source === 'hr_roster')!;
    expect(report.file).toBe(rosterFiles[0]);
    expect(report.headerRow).toBe(after.header.row);
  });

  it('--drop-month hotline_tickets:2022-07..2022-12 empties those months in both yearly files, repeated rows included', async () => {
    let repeated = 0;
    for (const f of HOTLINE) {
      const before = rowsPerMonth(await readSheet(join(base, f), 'hotline_tickets'), 'hotline_tickets');
      const after = rowsPerMonth(await readSheet(join(hotline, f), 'hotline_tickets'), 'hotline_tickets');
      for (const [month, n] of before) {
        if (month >= '2022-07' && month <= '2022-12') expect(after.get(month), `${f} ${month}`).toBeUndefined();
        else expect(after.get(month), `${f} ${month}`).toBe(n);
      }
      if (f.endsWith('2023.csv')) repeated = [...before].filter(([m]) => m >= '2022-07' && m <= '2022-12').reduce((n, [, c]) => n + c, 0);
    }
    // The 2023 file repeated tickets of December 2022: they went, and so did their expected duplicate skips.
    expect(repeated).toBeGreaterThan(0);
    const was = generated.files.find((f) => f.file === HOTLINE[1])!;
    const now = hotlineApplied.files.find((f) => f.file === HOTLINE[1])!;
    expect(now.rowsRead).toBe((await readSheet(join(hotline, HOTLINE[1]), 'hotline_tickets')).rows.length);
    expect(now.rowsRead).toBe(was.rowsRead - repeated);
    expect(now.expectedSkipped.duplicate).toBe(was.expectedSkipped.duplicate - repeated);
  });

  it('records the gaps in the manifest: the flags, the deleted file gone, a note per file touched', async () => {
    const manifest = await manifestOf(gapped);
    expect(manifest.gaps).toEqual(FLAGS.map(([f, v]) => `--${f} ${v}`));
    expect(manifest.selfCheck.ok).toBe(true);
    expect(manifest.files.map((f) => f.file)).not.toContain(AUDIT(5));
    expect(manifest.files).toHaveLength(generated.files.length - 1);
    expect(manifest.files).toEqual(applied.files);
    for (const file of [CALLS_2022, SELF_SERVICE, SAFETY, '人力资源部/员工花名册.xlsx']) {
      const report = manifest.files.find((f) => f.file === file)!;
      expect(report.notes.filter((n) => n.startsWith('gap --')), file).toHaveLength(1);
      const skipped = report.expectedSkipped.duplicate + report.expectedSkipped.blank + report.expectedSkipped.summary;
      expect(report.expectedLoaded, file).toBe(report.rowsRead - report.expectedRejected - skipped);
    }
    // The base generation's manifest is untouched.
    expect((await manifestOf(base)).gaps).toBeUndefined();
  });

  it('rejects unknown sources and columns and bad months, naming the flag and the value', () => {
    const bad: [string, string, RegExp][] = [
      ['drop-month', 'tickets:2023-05', /--drop-month tickets:2023-05: unknown source "tickets"/],
      ['drop-month', 'ticket_audits:2023-13', /--drop-month ticket_audits:2023-13: "2023-13" is not a month/],
      ['drop-month', 'ticket_audits:2023/05', /not a month written YYYY-MM/],
      ['drop-month', 'ticket_audits', /expected SOURCE:YYYY-MM/],
      ['drop-month', 'call_records:2022-12..2022-07', /ends before it starts/],
      ['drop-month', 'hr_roster:2023-01', /hr_roster has no period column/],
      ['empty-column', 'self_service_daily:calls', /--empty-column self_service_daily:calls: self_service_daily has no column "calls"/],
      ['empty-register', 'register', /unknown source "register"/],
      ['undated', 'hr_roster:2023', /expected a source alone/],
    ];
    for (const [flag, value, message] of bad) {
      expect(() => parseGap(flag, value), `${flag} ${value}`).toThrow(GapError);
      expect(() => parseGap(flag, value), `${flag} ${value}`).toThrow(message);
    }
    expect(parseGap('--drop-month', 'call_records:2022-07..2022-12')).toMatchObject({ kind: 'drop-month', from: '2022-07', to: '2022-12' });
  });

  it('takes years and dates out of names and titles, export stamps included', () => {
    expect(withoutDates('2023年员工花名册', 'file name')).toBe('员工花名册');
    expect(withoutDates('UE189体验员名单_2023-12-31', 'file name')).toBe('UE189体验员名单');
    expect(withoutDates('10005热线工单明细_2022', 'file name')).toBe('10005热线工单明细');
    expect(withoutDates('星河通信客户服务中心2023年员工花名册', 'title row')).toBe('星河通信客户服务中心员工花名册');
    expect(withoutDates('综合部活动台账（2023年）', 'title row')).toBe('综合部活动台账');
    expect(withoutDates('2022—2023年各楼宇用电情况统计', 'title row')).toBe('各楼宇用电情况统计');
    expect(withoutDates('导出时间：2024-01-05 09:30', 'title row')).toBe('');
    expect(withoutDates('导出时间：2023-02-02 08:30　导出人：质量管理部', 'title row')).toBe('导出人：质量管理部');
    expect(withoutDates('统计口径：按日汇总；填报单位：信息化部', 'title row')).toBe('统计口径：按日汇总；填报单位：信息化部');
  });

  it('on the command line, exits with status 2 naming a bad flag before generating anything', async () => {
    const out = join(work, 'never');
    const run = promisify(execFile)(process.execPath, ['dist/samples/generate.js', '--out', out, '--scale', 'small', '--empty-column', 'self_service_daily:人工话务量'], { cwd: ROOT });
    const error = (await run.then(() => null, (e: unknown) => e)) as { code: number; stderr: string } | null;
    expect(error?.code).toBe(2);
    expect(error?.stderr).toContain('--empty-column self_service_daily:人工话务量');
    expect(existsSync(out)).toBe(false);
  });
});
