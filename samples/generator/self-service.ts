/**
 * 运营支撑部/YYYY年自助服务日报.csv (UTF-8 with BOM): one line per day per self-service from
 * December Y-1 to the end of Y, volumes sometimes with thousands separators; three invalid lines.
 */
import { join } from 'node:path';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { apportion } from './random.js';
import type { Rng } from './random.js';
import type { SelfServiceRecord } from './records.js';
import { complementFor, countFor } from './targets.js';
import type { Published } from './targets.js';
import { TextFileWriter, csvLine } from './text-file.js';
import { daysOf, formatDateText, isoDay, noSuchFebruaryDay } from './time.js';

export const SERVICES = ['互联网自助服务', '国漫智能服务专区', '国漫知识库'] as const;

/** One array per service, one entry per day from firstDay. manual -1 = empty. */
export interface SelfServiceTable {
  firstDay: number;
  days: number;
  volume: Int32Array[];
  manual: Int32Array[];
}

/** Builds the daily volumes so that the selfservice.* targets hold literally. */
export function buildSelfService(rng: Rng, year: number, targets: Published): SelfServiceTable {
  const t = targets.figures;
  const internet = countFor('selfservice.internet_volume', t['selfservice.internet_volume']);
  const totals = [internet, countFor('selfservice.roaming_queries', t['selfservice.roaming_queries']), countFor('selfservice.kb_logins', t['selfservice.kb_logins'])];
  const manualTotals = [complementFor('selfservice.diversion_rate', t['selfservice.diversion_rate'], internet), Math.round(totals[1] * 0.21), -1];
  const firstDay = daysOf(year - 1, 12, 1);
  const yStart = daysOf(year, 1, 1);
  const inYear = daysOf(year + 1, 1, 1) - yStart;
  const days = yStart - firstDay + inYear;
  const table: SelfServiceTable = { firstDay, days, volume: [], manual: [] };
  SERVICES.forEach((_, s) => {
    // weekly rhythm (weekends busier for self-service), a steady rise over the year, a little noise
    const weights = Array.from({ length: inYear }, (_, k) => {
      const weekday = (yStart + k + 4) % 7;
      return (weekday === 0 || weekday === 6 ? 1.15 : 1) * (0.85 + (0.3 * k) / inYear) * (0.9 + 0.2 * rng.next());
    });
    const volume = new Int32Array(days);
    const manual = new Int32Array(days).fill(-1);
    const perDay = apportion(totals[s], weights);
    const manualPerDay = manualTotals[s] < 0 ? null : apportion(manualTotals[s], weights.map((w) => w * (0.9 + 0.2 * rng.next())));
    const typical = totals[s] / inYear;
    for (let d = 0; d < days; d++) {
      const k = d - (yStart - firstDay);
      volume[d] = k >= 0 ? perDay[k] : Math.round(typical * (0.75 + 0.2 * rng.next()));
      if (manualPerDay) manual[d] = k >= 0 ? manualPerDay[k] : Math.round((manualTotals[s] / inYear) * (0.9 + 0.2 * rng.next()));
    }
    table.volume.push(volume);
    table.manual.push(manual);
  });
  return table;
}

export function* selfServiceRecords(tb: SelfServiceTable): Generator<SelfServiceRecord> {
  for (let d = 0; d < tb.days; d++) {
    for (let s = 0; s < SERVICES.length; s++) {
      yield { day: isoDay(tb.firstDay + d), service: SERVICES[s], volume: tb.volume[s][d], manual_calls: tb.manual[s][d] < 0 ? null : tb.manual[s][d] };
    }
  }
}

export async function writeSelfService(rng: Rng, outDir: string, year: number, tb: SelfServiceTable): Promise<FileReport> {
  const file = join('运营支撑部', `${year}年自助服务日报.csv`);
  const w = TextFileWriter.open(join(outDir, file), 'utf-8-bom');
  w.push(csvLine(['统计日期', '服务项目', '服务量', '人工话务量', '备注']));
  const bad = [
    { at: 40, problem: '服务量 - (not a number)', line: (d: string) => [d, SERVICES[1], '-', '', '系统故障未统计'] },
    { at: 150, problem: '服务项目 短信自助 (not a service)', line: (d: string) => [d, '短信自助', '1203', '', ''] },
    { at: 300, problem: `统计日期 ${year}-02-${noSuchFebruaryDay(year)} (no such day)`, line: () => [`${year}-02-${noSuchFebruaryDay(year)}`, SERVICES[0], '35000', '52000', '补录'] },
  ];
  const number = (n: number) => (n >= 1000 && rng.chance(0.25) ? n.toLocaleString('en-US') : String(n));
  let b = 0;
  for (let d = 0; d < tb.days; d++) {
    const day = formatDateText(tb.firstDay + d, rng.chance(0.7) ? 'iso' : 'slash');
    for (let s = 0; s < SERVICES.length; s++) {
      const manual = tb.manual[s][d];
      if (w.push(csvLine([day, SERVICES[s], number(tb.volume[s][d]), manual < 0 ? '' : number(manual), '']))) await w.flush();
    }
    if (b < bad.length && d === bad[b].at) w.push(csvLine(bad[b++].line(day)));
  }
  await w.close();
  return fileReport({
    file, source: 'self_service_daily', sheet: null, headerRow: 1, rowsRead: w.lineCount - 1, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: [`December ${year - 1} included; 国漫知识库 has no 人工话务量; an extra column 备注`, ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
