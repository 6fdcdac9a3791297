/**
 * UE189/UE189体验员名单_YYYY-12-31.csv (UTF-8 with BOM): every experiencer who ever joined, with join and
 * leave dates around the year end (left on Y-12-31: not active; left in Y+1: active; joined in
 * Y+1: neither); two invalid lines.
 */
import { join } from 'node:path';
import { PROVINCES, PROVINCE_WEIGHTS, provinceLongName } from './fake.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import type { ExperiencerRecord } from './records.js';
import { countFor } from './targets.js';
import type { Published } from './targets.js';
import { TextFileWriter, csvLine } from './text-file.js';
import { daysOf, formatDateText, isoDay } from './time.js';

export interface Experiencer {
  id: string;
  province: string | null;
  joined: number;
  left: number | null;
}

/** Builds the pool so that experience.new_experiencers and experience.active_experiencers hold literally. */
export function buildExperiencers(rng: Rng, year: number, targets: Published): Experiencer[] {
  const t = targets.figures;
  const joinedInYear = countFor('experience.new_experiencers', t['experience.new_experiencers']);
  const active = countFor('experience.active_experiencers', t['experience.active_experiencers']);
  const leftInYear = Math.max(0, Math.min(3, joinedInYear - 2)); // new this year, gone again before it ended
  const olderActive = active - (joinedInYear - leftInYear);
  if (olderActive < 0) throw new Error('experiencers: more active experiencers joined this year than are active');

  const rows: Omit<Experiencer, 'id'>[] = [];
  const dayIn = (from: number, to: number) => rng.int(from, to);
  const [yStart, yEnd] = [daysOf(year, 1, 1), daysOf(year, 12, 31)];
  const firstDay = daysOf(year - 4, 3, 1);
  const add = (joined: number, left: number | null) => rows.push({ joined, left, province: rng.chance(0.9) ? PROVINCES[rng.weighted(PROVINCE_WEIGHTS)] : null });
  for (let i = 0; i < joinedInYear; i++) {
    const joined = i === 0 ? yStart : i === 1 ? yEnd : dayIn(yStart, yEnd - 30);
    add(joined, i >= 2 && i < 2 + leftInYear ? dayIn(joined + 1, yEnd) : null);
  }
  for (let i = 0; i < olderActive; i++) add(dayIn(firstDay, yStart - 1), i < 4 ? dayIn(yEnd + 1, yEnd + 40) : null);
  // Gone by the year end: left in earlier years, during the year, and on Y-12-31 itself.
  for (let i = 0; i < Math.round(active * 0.18) + 1; i++) {
    const joined = dayIn(firstDay, yStart - 60);
    add(joined, i === 0 ? yEnd : dayIn(joined + 30, yEnd));
  }
  for (let i = 0; i < 4; i++) add(dayIn(yEnd + 1, yEnd + 31), null); // joined in January Y+1
  rows.sort((a, b) => a.joined - b.joined);
  return rows.map((r, i) => ({ id: `TYY${String(100_001 + i)}`, ...r }));
}

export function* experiencerRecords(rows: Experiencer[]): Generator<ExperiencerRecord> {
  for (const r of rows) yield { joined: isoDay(r.joined), left: r.left === null ? null : isoDay(r.left) };
}

export async function writeExperiencers(rng: Rng, outDir: string, year: number, rows: Experiencer[]): Promise<FileReport> {
  // A snapshot names its as-of date: without one it could back no figure.
  const file = join('UE189', `UE189体验员名单_${year}-12-31.csv`);
  const w = TextFileWriter.open(join(outDir, file), 'utf-8-bom');
  w.push(csvLine(['体验员编号', '省份', '入库日期', '退出日期', '备注']));
  const bad = [
    { problem: `入库日期 ${year}-13-01 (no such month)`, line: ['TYY900001', '广东', `${year}-13-01`, '', ''] },
    { problem: '省份 火星 (not a province)', line: ['TYY900002', '火星', `${year}-06-18`, '', '测试账号'] },
  ];
  const date = (d: number | null) => (d === null ? '' : formatDateText(d, rng.pick(['iso', 'iso', 'slash', 'compact'] as const)));
  rows.forEach((r, i) => {
    const province = r.province === null ? '' : rng.chance(0.3) ? provinceLongName(r.province) : r.province;
    const note = r.left !== null && rng.chance(0.5) ? rng.pick(['主动退出', '长期未参与任务', '联系方式失效']) : '';
    w.push(csvLine([r.id, province, date(r.joined), date(r.left), note]));
    if (i === Math.floor(rows.length / 4) || i === Math.floor((rows.length * 3) / 4)) w.push(csvLine(bad[i === Math.floor(rows.length / 4) ? 0 : 1].line));
  });
  await w.close();
  return fileReport({
    file, source: 'experiencers', sheet: null, headerRow: 1, rowsRead: w.lineCount - 1, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: ['joined on Y-01-01 and Y-12-31; left on Y-12-31 (not active) and in January Y+1 (active)', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
