/**
 * The scale data of `make bench`: a year's worth of the three big exports, shaped like the
 * real ones (no figure targets; only size and mess matter here):
 *   csv/  1,000,000 hotline tickets (GB18030) and 2,000,000 call records (UTF-8)
 *   xlsx/ 450,000 ticket audits in twelve monthly workbooks with a title block and a 合计 row
 *   csv-2024/ the CSV set of the next year, for bench (g): same size and shape, its own dates,
 *         seeds and keys (no ticket or call number of 2023 again)
 */
import ExcelJS from 'exceljs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PROVINCES } from '../../src/transform/cells.js';
import { Rng } from '../generator/random.js';
import { TextFileWriter, csvLine } from '../generator/text-file.js';

export const BENCH_SIZES = { tickets: 1_000_000, calls: 2_000_000, audits: 450_000 } as const;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** The bench's own year; the CSV set can also be written for the next one (bench (g)). */
export const BENCH_YEAR = 2023;
const yearStart = (year: number) => Date.UTC(year, 0, 1);
/** 2023 keeps the seeds and keys it always had; another year gets its own. */
const seedLabel = (name: string, year: number) => (year === BENCH_YEAR ? name : `${name}-${year}`);
const stamp = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const phone = (rng: Rng) => `1${rng.int(30, 99)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;

async function writeTickets(file: string, rows: number, year: number): Promise<void> {
  const rng = new Rng(7, seedLabel('bench-tickets', year));
  const YEAR_START = yearStart(year);
  const out = TextFileWriter.open(file, 'gb18030');
  out.push(csvLine(['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长（秒）', '联系电话']));
  const channels = ['电话', '电话', '电话', '互联网', '短信', '信函', '一证通查', '12381', '不良信息举报', '其他'];
  const categories = ['投诉', '投诉', '咨询', '咨询', '建议', '申诉', '其他'];
  for (let i = 0; i < rows; i++) {
    const created = YEAR_START + rng.int(0, 364 * 86_400) * 1000;
    const closed = rng.chance(0.97) ? stamp(created + rng.int(600, 172_800) * 1000) : '';
    const province = rng.pick(PROVINCES);
    out.push(
      csvLine([
        `GD${year}${String(i).padStart(9, '0')}`,
        rng.chance(0.9) ? '10005' : '10000',
        rng.chance(0.3) ? `${province}省` : province,
        stamp(created),
        stamp(created + 172_800_000),
        closed,
        rng.pick(channels),
        rng.pick(categories),
        rng.chance(0.93) ? '是' : '否',
        rng.chance(0.1) ? 'Y' : 'N',
        rng.chance(0.14) ? '1' : '0',
        String(rng.int(30, 5_000)),
        phone(rng),
      ]),
    ) && (await out.flush());
  }
  await out.close();
}

async function writeCalls(file: string, rows: number, year: number): Promise<void> {
  const rng = new Rng(7, seedLabel('bench-calls', year));
  const YEAR_START = yearStart(year);
  // Call numbers had no year in them: another year's start with it.
  const prefix = year === BENCH_YEAR ? 'C' : `C${year}`;
  const out = TextFileWriter.open(file, 'utf-8');
  out.push(csvLine(['话单编号', '接入号', '呼入时间', '转人工', '排队时长(秒)', '呼叫结果', '通话时长(秒)', '接听中心', '主叫号码']));
  const hotlines = ['10000', '10000', '10005', '国漫', '18900110119'];
  for (let i = 0; i < rows; i++) {
    const queued = rng.chance(0.6);
    const outcome = queued ? (rng.chance(0.9) ? '人工接通' : '放弃') : rng.chance(0.8) ? 'IVR自助' : '溢出';
    out.push(
      csvLine([
        `${prefix}${String(i).padStart(10, '0')}`,
        rng.pick(hotlines),
        stamp(YEAR_START + rng.int(0, 364 * 86_400) * 1000),
        queued ? '是' : '否',
        queued ? String(rng.int(0, 120)) : '',
        outcome,
        String(rng.int(0, 900)),
        rng.chance(0.5) ? '上海' : '南京',
        phone(rng),
      ]),
    ) && (await out.flush());
  }
  await out.close();
}

async function writeAudits(dir: string, rows: number): Promise<void> {
  const rng = new Rng(7, 'bench-audits');
  const perMonth = Math.ceil(rows / 12);
  const verdicts = ['企业有责', '企业无责', '企业无责', '用户原因', '其他'];
  for (let m = 1; m <= 12; m++) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, `工单审核_2023-${pad(m)}.xlsx`), useSharedStrings: true });
    const ws = wb.addWorksheet('审核明细');
    ws.addRow([`2023年${m}月工单审核明细`]).commit();
    ws.addRow(['导出时间：2024-01-05 09:30']).commit();
    ws.addRow(['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单', '疑似代客', '审核人']).commit();
    const count = Math.min(perMonth, rows - perMonth * (m - 1));
    for (let i = 0; i < count; i++) {
      const proxy = rng.chance(0.06);
      ws.addRow([
        `SH2023${pad(m)}${String(i).padStart(6, '0')}`,
        `GD2023${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
        rng.pick(PROVINCES),
        new Date(Date.UTC(2023, m - 1, rng.int(1, 28))),
        rng.pick(verdicts),
        proxy ? '是' : '否',
        proxy ? (rng.chance(0.5) ? '是' : '否') : '',
        `审核员${rng.int(1, 60)}`,
      ]).commit();
    }
    ws.addRow(['合计', `${count}条`]).commit();
    ws.commit();
    await wb.commit();
  }
}

/** The folder under the bench data that holds a year's CSV set: csv/ for the bench's year, csv-<year>/ for another. */
export const csvFolder = (year: number) => (year === BENCH_YEAR ? 'csv' : `csv-${year}`);

/** Writes a year's CSV set (tickets and call records) under `dir`/csvFolder(year). */
export async function writeBenchCsv(dir: string, year: number, log: (s: string) => void): Promise<void> {
  const out = join(dir, csvFolder(year));
  await mkdir(out, { recursive: true });
  log(`writing ${BENCH_SIZES.tickets.toLocaleString('en-US')} tickets of ${year} …`);
  await writeTickets(join(out, `10005热线工单明细_${year}.csv`), BENCH_SIZES.tickets, year);
  log(`writing ${BENCH_SIZES.calls.toLocaleString('en-US')} call records of ${year} …`);
  await writeCalls(join(out, `话务明细_${year}.csv`), BENCH_SIZES.calls, year);
}

/** Writes the bench's workbooks under `dir`/xlsx. */
export async function writeBenchXlsx(dir: string, log: (s: string) => void): Promise<void> {
  await mkdir(join(dir, 'xlsx'), { recursive: true });
  log(`writing ${BENCH_SIZES.audits.toLocaleString('en-US')} audit rows in twelve workbooks …`);
  await writeAudits(join(dir, 'xlsx'), BENCH_SIZES.audits);
}
