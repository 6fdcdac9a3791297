/**
 * 客服热线/10005热线工单明细_{Y-1,Y}.csv: GB18030, comma-separated, mixed timestamp and boolean
 * spellings. Tickets created in Y-1 and closed in Y appear in both files as identical lines;
 * a few deliberately invalid lines are slipped in next to ordinary ones.
 */
import { join } from 'node:path';
import { PROVINCES, provinceLongName } from './fake.js';
import { CATEGORIES, CHANNELS, Flag, HOTLINES } from './hotline-plan.js';
import type { TicketTable } from './hotline-plan.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import { TextFileWriter } from './text-file.js';
import { TsStyle, formatTimestamp, isoDay, isoTimestamp, secondsOf } from './time.js';

const HEADER = ['工单编号', '热线号码', '省份', '建单时间', '处理时限', '办结时间', '受理渠道', '工单类型', '一次解决', '申诉倾向预警', '超时警示', '处理时长（秒）', '联系电话'];
/** The Y-1 export spells two headers with accepted aliases. */
const HEADER_PREV = HEADER.map((h) => (h === '一次解决' ? '一解' : h === '联系电话' ? '用户号码' : h));
const BOOLS = [['是', '否'], ['Y', 'N'], ['1', '0']] as const;
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const F = { id: 0, province: 2, created: 3, deadline: 4, closed: 5, channel: 6, category: 7, fcr: 8, handle: 11 } as const;

interface BadRow {
  at: number;
  problem: string;
  mutate(fields: string[], created: number): void;
}

function badRows(year: number): { prev: BadRow[]; cur: BadRow[] } {
  const at = (y: number, m: number, d: number) => secondsOf(y, m, d, 10);
  const set = (k: number, v: string) => (f: string[]) => void (f[k] = v);
  const p = year - 1;
  return {
    prev: [
      { at: at(p, 3, 14), problem: `建单时间 ${p}-13-01 08:00:00 (no such month)`, mutate: set(F.created, `${p}-13-01 08:00:00`) },
      { at: at(p, 5, 20), problem: '省份 火星 (not a province)', mutate: set(F.province, '火星') },
      { at: at(p, 8, 8), problem: '工单类型 empty (required)', mutate: set(F.category, '') },
      { at: at(p, 10, 17), problem: '处理时长 -30 (below 0)', mutate: set(F.handle, '-30') },
    ],
    cur: [
      { at: at(year, 2, 27), problem: `建单时间 ${year}-02-30 10:15:00 (no such day)`, mutate: set(F.created, `${year}-02-30 10:15:00`) },
      { at: at(year, 6, 10), problem: '省份 火星 (not a province)', mutate: set(F.province, '火星') },
      { at: at(year, 6, 18), problem: '工单类型 empty (required)', mutate: set(F.category, '') },
      { at: at(year, 6, 25), problem: '处理时限 two hours before 建单时间', mutate: (f, c) => void (f[F.deadline] = isoTimestamp(c - 7200)) },
      { at: at(year, 7, 3), problem: '办结时间 ten minutes before 建单时间', mutate: (f, c) => void (f[F.closed] = isoTimestamp(c - 600)) },
      { at: at(year, 7, 9), problem: '处理时长 #N/A (not a number)', mutate: set(F.handle, '#N/A') },
      { at: at(year, 7, 16), problem: '受理渠道 微信 (not a channel)', mutate: set(F.channel, '微信') },
      { at: at(year, 7, 24), problem: '一次解决 待定 (not yes/no)', mutate: set(F.fcr, '待定') },
    ],
  };
}

export interface HotlineWriteOptions {
  /**
   * A year that continues the one before (see continuation.ts): its file opens with these
   * lines of the year before's file (its tickets closed in this year), and no Y-1 file is written.
   */
  leading?: string[];
  /** Receives the lines of the Y file whose ticket was closed after Y: what the next year's file repeats. */
  carryOver?: string[];
}

/** Writes both yearly files (only the Y file for a continued year); returns their expected load counts. */
export async function writeHotline(rng: Rng, outDir: string, year: number, tb: TicketTable, options: HotlineWriteOptions = {}): Promise<FileReport[]> {
  const yStart = secondsOf(year, 1, 1);
  const next = secondsOf(year + 1, 1, 1);
  const bad = badRows(year);
  let day = '';
  let seq = 0;
  let badSeq = 0;

  const fields = (i: number): string[] => {
    const f = tb.flags[i];
    const style = f & Flag.Short ? TsStyle.SlashShort : f & Flag.SlashLong ? TsStyle.SlashLong : TsStyle.Iso;
    const [yes, no] = BOOLS[rng.weighted([65, 25, 10])];
    const ymd = isoDay(Math.floor(tb.created[i] / 86_400)).replaceAll('-', '');
    seq = ymd === day ? seq + 1 : 1;
    day = ymd;
    const province = PROVINCES[tb.province[i]];
    const h = tb.handle[i];
    let handle = String(h);
    if (h >= 1000 && rng.chance(0.3)) handle = `"${handle.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}"`;
    else if (rng.chance(0.002)) handle = handle.replace(/\d/g, (d) => FULL_WIDTH_DIGITS[Number(d)]);
    let phone = tb.phone[i] === 0 ? '' : String(tb.phone[i]);
    if (phone && rng.chance(0.02)) phone = `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    return [
      `W${ymd}${String(seq).padStart(6, '0')}`, HOTLINES[tb.hotline[i]], rng.chance(0.25) ? provinceLongName(province) : province,
      formatTimestamp(tb.created[i], style), formatTimestamp(tb.deadline[i], style),
      Number.isNaN(tb.closed[i]) ? '' : formatTimestamp(tb.closed[i], style), CHANNELS[tb.channel[i]], CATEGORIES[tb.category[i]],
      f & Flag.Fcr ? yes : no, f & Flag.Appeal ? yes : no, f & Flag.Overdue ? yes : no, handle, phone,
    ];
  };

  /** Writes tickets [from, to) after `leading` lines; the bad rows follow their anchor ticket. */
  const writeFile = async (file: string, header: string[], from: number, to: number, bads: BadRow[], leading: string[], keep?: string[], carry?: string[]) => {
    const w = TextFileWriter.open(join(outDir, file), 'gb18030');
    w.push(header.join(','));
    for (const line of leading) if (w.push(line)) await w.flush();
    let b = 0;
    for (let i = from; i < to; i++) {
      const f = fields(i);
      const line = f.join(',');
      if (w.push(line)) await w.flush();
      if (keep && tb.closed[i] >= yStart && tb.closed[i] < next) keep.push(line);
      if (carry && tb.closed[i] >= next) carry.push(line);
      while (b < bads.length && tb.created[i] >= bads[b].at) {
        const copy = [...f];
        copy[F.id] = `${f[F.id].slice(0, 9)}9${String(++badSeq).padStart(5, '0')}`;
        bads[b++].mutate(copy, tb.created[i]);
        w.push(copy.join(','));
      }
    }
    if (b < bads.length) throw new Error(`${file}: no ticket to anchor a bad row`);
    await w.close();
    return w.lineCount - 1;
  };

  let split = 0;
  while (split < tb.n && tb.created[split] < yStart) split++;
  const duplicates: string[] = [];
  const prevFile = join('客服热线', `10005热线工单明细_${year - 1}.csv`);
  const curFile = join('客服热线', `10005热线工单明细_${year}.csv`);
  const noSkips = { duplicate: 0, blank: 0, summary: 0 };
  if (options.leading) {
    const rows = await writeFile(curFile, HEADER, split, tb.n, bad.cur, options.leading, undefined, options.carryOver);
    return [
      fileReport({
        file: curFile, source: 'hotline_tickets', sheet: null, headerRow: 1, rowsRead: rows, expectedRejected: bad.cur.length, expectedSkipped: noSkips,
        notes: [
          `lines 2–${options.leading.length + 1} repeat exactly the lines of ${year - 1}'s 10005热线工单明细_${year - 1}.csv whose ticket was closed in ${year} (skipped as identical duplicates where that file was loaded before)`,
          ...bad.cur.map((r) => `rejected: ${r.problem}`),
        ],
      }),
    ];
  }
  const prevRows = await writeFile(prevFile, HEADER_PREV, 0, split, bad.prev, [], duplicates);
  const curRows = await writeFile(curFile, HEADER, split, tb.n, bad.cur, duplicates, undefined, options.carryOver);
  return [
    fileReport({
      file: prevFile, source: 'hotline_tickets', sheet: null, headerRow: 1, rowsRead: prevRows, expectedRejected: bad.prev.length, expectedSkipped: noSkips,
      notes: [`${duplicates.length} tickets created in ${year - 1} and closed in ${year} are repeated verbatim at the top of ${curFile}`, ...bad.prev.map((r) => `rejected: ${r.problem}`)],
    }),
    fileReport({
      file: curFile, source: 'hotline_tickets', sheet: null, headerRow: 1, rowsRead: curRows, expectedRejected: bad.cur.length,
      expectedSkipped: { ...noSkips, duplicate: duplicates.length },
      notes: [`lines 2–${duplicates.length + 1} repeat lines of ${prevFile} exactly (skipped as duplicates when that file is read first)`, ...bad.cur.map((r) => `rejected: ${r.problem}`)],
    }),
  ];
}
