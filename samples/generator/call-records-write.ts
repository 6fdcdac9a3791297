/**
 * 话务中心/话务明细_{Y-1,Y}.csv: one line per inbound call. The Y-1 file is GB18030 with
 * aliased headers and 1/0 flags; the Y file is UTF-8 with canonical headers and repeats the
 * last calls of Y-1 at its top (skipped as duplicates). A few invalid lines in each.
 */
import { join } from 'node:path';
import { CALL_HOTLINES, OUTCOMES, QUEUED } from './call-records-plan.js';
import type { CallPlan } from './call-records-plan.js';
import { SITES, callDays, clock } from './call-records.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import { TextFileWriter } from './text-file.js';
import type { TextEncoding } from './text-file.js';
import { daysOf, isoDay, noSuchFebruaryDay } from './time.js';

const HEADER = '话单编号,接入号,呼入时间,转人工,排队时长(秒),呼叫结果,通话时长(秒),接听中心,主叫号码';
const HEADER_PREV = '呼叫流水号,被叫号码,来电时间,是否转人工,等待时长,结果,通话时长,话务中心,来电号码';
const F = { hotline: 1, start: 2, queued: 3, wait: 4, outcome: 5, talk: 6 } as const;

interface BadLine {
  /** Day of year (0-based) of the call the bad line follows. */
  at: number;
  problem: string;
  mutate(fields: string[]): void;
}

function badLines(year: number): [BadLine[], BadLine[]] {
  const set = (k: number, v: string) => (f: string[]) => void (f[k] = v);
  const p = year - 1;
  return [
    [
      { at: 45, problem: `来电时间 ${p}-02-${noSuchFebruaryDay(p)} 09:12:45 (no such day)`, mutate: set(F.start, `${p}-02-${noSuchFebruaryDay(p)} 09:12:45`) },
      { at: 170, problem: '结果 转接 (not an outcome)', mutate: set(F.outcome, '转接') },
      { at: 301, problem: '是否转人工 1 but 等待时长 empty (required when queued)', mutate: (f) => void ((f[F.queued] = '1'), (f[F.wait] = ''), (f[F.outcome] = '人工接通')) },
    ],
    [
      { at: 20, problem: '通话时长 -12 (below 0)', mutate: set(F.talk, '-12') },
      { at: 99, problem: '接入号 empty (required)', mutate: set(F.hotline, '') },
      { at: 222, problem: '排队时长 12s (not a whole number)', mutate: (f) => void ((f[F.queued] = '是'), (f[F.wait] = '12s')) },
      { at: 340, problem: '呼入时间 #N/A (an Excel error saved as text)', mutate: set(F.start, '#N/A') },
    ],
  ];
}

export interface CallsWriteOptions {
  /**
   * A year that continues the one before (see continuation.ts): its file opens with these lines
   * of the year before's file (its last calls), and no Y-1 file is written.
   */
  leading?: string[];
  /** Receives the last calls of Y-12-31 in the Y file: what the next year's file repeats. */
  carryOver?: string[];
}

/** Writes both yearly files (only the Y file for a continued year); returns their expected load counts. */
export async function writeCalls(rng: Rng, outDir: string, year: number, plan: CallPlan, options: CallsWriteOptions = {}): Promise<FileReport[]> {
  const yStart = daysOf(year, 1, 1);
  const lastDay = daysOf(year + 1, 1, 1) - 1;
  const continued = options.leading !== undefined;
  const specs = [
    { file: join('话务中心', `话务明细_${year - 1}.csv`), encoding: 'gb18030' as TextEncoding, header: HEADER_PREV, yes: '1', no: '0' },
    { file: join('话务中心', `话务明细_${year}.csv`), encoding: 'utf-8' as TextEncoding, header: HEADER, yes: '是', no: '否' },
  ];
  const bad = badLines(year);
  const tail: string[] = []; // the last calls of Y-1, repeated at the top of the Y file
  const first = continued ? 1 : 0;
  let w = TextFileWriter.open(join(outDir, specs[first].file), specs[first].encoding);
  w.push(specs[first].header);
  for (const line of options.leading ?? []) w.push(line);
  const lines: number[] = [];
  let f = first;
  let b = 0;
  let badSeq = 0;
  for (const c of callDays(plan)) {
    if (continued && c.day < yStart) continue; // the year before is in its own year's export
    if (f === 0 && c.day >= yStart) {
      if (b < bad[0].length) throw new Error('calls: a bad line of the first file was not placed');
      await w.close();
      lines.push(w.lineCount - 1);
      f = 1;
      b = 0;
      w = TextFileWriter.open(join(outDir, specs[1].file), specs[1].encoding);
      w.push(specs[1].header);
      for (const line of tail) w.push(line);
    }
    const { yes, no } = specs[f];
    const date = isoDay(c.day);
    const slash = date.replaceAll('-', '/');
    const ymd = date.replaceAll('-', '');
    const dayOfYear = c.day - (f === 0 ? daysOf(year - 1, 1, 1) : yStart);
    for (let i = 0; i < c.n; i++) {
      const kind = c.kind[i];
      const start = f === 1 && rng.chance(0.15) ? `${slash} ${clock(c.second[i])}` : `${date} ${clock(c.second[i])}`;
      const waited = c.wait[i];
      const wait = waited >= 0 ? String(waited) : kind === 0 && rng.chance(0.03) ? '0' : '';
      const talked = c.talk[i];
      const talk = f === 1 && talked >= 1000 && rng.chance(0.3) ? `"${Math.floor(talked / 1000)},${String(talked % 1000).padStart(3, '0')}"` : String(talked);
      let phone = c.phone[i] === 0 ? '' : String(c.phone[i]);
      if (phone && rng.chance(0.03)) phone = rng.chance(0.6) ? `0${rng.pick(['10', '20', '21', '28', '29'])}-${phone.slice(3)}` : `+86 ${phone}`;
      const site = c.site[i] === 255 ? '' : SITES[c.site[i]];
      const id = `CL${ymd}${String(i + 1).padStart(7, '0')}`;
      const line = `${id},${CALL_HOTLINES[c.hotline[i]]},${start},${QUEUED[kind] ? yes : no},${wait},${OUTCOMES[kind]},${talk},${site},${phone}`;
      if (w.push(line)) await w.flush();
      if (f === 0 && c.day === yStart - 1 && i >= c.n - plan.overlap) tail.push(line);
      if (options.carryOver && f === 1 && c.day === lastDay && i >= c.n - plan.overlap) options.carryOver.push(line);
      if (i === 0 && b < bad[f].length && bad[f][b].at === dayOfYear) {
        const fields = [`CL${ymd}9${String(++badSeq).padStart(6, '0')}`, CALL_HOTLINES[c.hotline[i]], start, QUEUED[kind] ? yes : no, wait, OUTCOMES[kind], String(talked), site, phone];
        bad[f][b++].mutate(fields);
        w.push(fields.join(','));
      }
    }
  }
  if (b < bad[1].length) throw new Error('calls: a bad line of the second file was not placed');
  await w.close();
  lines.push(w.lineCount - 1);
  const none = { duplicate: 0, blank: 0, summary: 0 };
  if (continued) {
    const leading = options.leading?.length ?? 0;
    return [
      fileReport({
        file: specs[1].file, source: 'call_records', sheet: null, headerRow: 1, rowsRead: lines[0], expectedRejected: bad[1].length, expectedSkipped: none,
        notes: [`lines 2–${leading + 1} repeat exactly the last ${leading} calls of ${year - 1}'s 话务明细_${year - 1}.csv (skipped as identical duplicates where that file was loaded before)`, ...bad[1].map((x) => `rejected: ${x.problem}`)],
      }),
    ];
  }
  if (tail.length === 0) throw new Error('calls: no calls to repeat at the top of the second file');
  return [
    fileReport({
      file: specs[0].file, source: 'call_records', sheet: null, headerRow: 1, rowsRead: lines[0], expectedRejected: bad[0].length, expectedSkipped: none,
      notes: ['GB18030; aliased headers (呼叫流水号, 被叫号码, 来电时间 …); flags 1/0', ...bad[0].map((x) => `rejected: ${x.problem}`)],
    }),
    fileReport({
      file: specs[1].file, source: 'call_records', sheet: null, headerRow: 1, rowsRead: lines[1], expectedRejected: bad[1].length,
      expectedSkipped: { ...none, duplicate: tail.length },
      notes: [`lines 2–${tail.length + 1} repeat the last ${tail.length} calls of ${specs[0].file} exactly (skipped as duplicates)`, ...bad[1].map((x) => `rejected: ${x.problem}`)],
    }),
  ];
}
