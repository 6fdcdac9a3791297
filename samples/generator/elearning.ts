/**
 * 人力资源部/轻学堂学习记录_YYYY.csv (GB18030): one line per learner per course per day, from
 * December Y-1 on; some learners are outsourced staff missing from the roster (kept, noted by
 * the run); three invalid lines.
 */
import { join } from 'node:path';
import { personName } from './fake.js';
import type { Employee } from './hr-roster.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import type { Rng } from './random.js';
import type { ElearningRecord } from './records.js';
import { unitsFor } from './targets.js';
import type { Published } from './targets.js';
import { TextFileWriter, csvLine } from './text-file.js';
import { daysOf, formatDateText, isoDay, noSuchFebruaryDay } from './time.js';

export interface StudyRecord {
  learner: number;
  course: number;
  day: number;
  /** Minutes in halves (45 = 22.5 min), credits in halves. */
  minutes: number;
  credits: number;
}
export interface Elearning {
  learners: { id: string; name: string }[];
  records: StudyRecord[];
}

/** [course, typical minutes, credits] */
const COURSES: [string, number, number][] = [
  ['5G业务知识精讲', 35, 3], ['投诉处理沟通技巧', 25, 2], ['客户服务礼仪规范', 20, 2], ['反电信网络诈骗知识', 15, 1.5], ['宽带故障快速定位', 40, 4],
  ['智能客服系统操作指南', 30, 3], ['国际漫游业务办理', 25, 2.5], ['个人信息保护法解读', 30, 3], ['情绪管理与压力疏导', 20, 1.5],
  ['数据分析入门', 45, 4.5], ['党的二十大精神学习', 40, 4], ['安全生产知识必修课', 25, 2.5], ['网络与信息安全意识', 20, 2], ['普通话语音训练', 15, 1],
  ['云网融合产品知识', 35, 3.5], ['工单质量规范', 20, 2], ['翼支付业务介绍', 15, 1.5], ['天翼云盘使用技巧', 10, 1], ['服务质量管理体系', 45, 5], ['优秀案例分享', 12, 1],
];
const TYPICAL_MINUTES = 24;

/** Builds the records so that elearning.hours and elearning.credits hold literally (as sums over Y). */
export function buildElearning(rng: Rng, year: number, targets: Published, roster: Employee[]): Elearning {
  const t = targets.figures;
  const halfMinutes = unitsFor('elearning.hours', t['elearning.hours'], 120);
  const halfCredits = unitsFor('elearning.credits', t['elearning.credits'], 2);
  const n = Math.max(12, Math.round(halfMinutes / 2 / TYPICAL_MINUTES));
  // Learners: the whole roster and the many outsourced hotline agents, who are not on it.
  const outsiders = Array.from({ length: Math.max(8, Math.round(n / 100)) }, (_, i) => ({ id: `WX${String(20_011 + i * 13)}`, name: personName(rng) }));
  const learners = [...roster.map((e) => ({ id: e.id, name: e.name })), ...outsiders];
  const activity = learners.map(() => 0.2 + rng.next() * 2);
  const dayWeights = Array.from({ length: 365 }, (_, k) => ((daysOf(year, 1, 1) + k + 4) % 7 >= 5 ? 0.5 : 1.2));

  const draw = (day: number): StudyRecord => {
    const course = rng.int(0, COURSES.length - 1);
    const [, typical, credits] = COURSES[course];
    return { learner: rng.weighted(activity), course, day, minutes: Math.max(2, Math.round(typical * 2 * (0.5 + rng.next()))), credits: credits * 2 };
  };
  const inYear = Array.from({ length: n }, () => draw(daysOf(year, 1, 1) + rng.weighted(dayWeights)));
  // Scale the year's totals onto the targets, then settle the remainder half a unit at a time.
  const settle = (key: 'minutes' | 'credits', target: number, min: number) => {
    const sum = inYear.reduce((s, r) => s + r[key], 0);
    for (const r of inYear) r[key] = Math.max(min, Math.round((r[key] * target) / sum));
    let diff = target - inYear.reduce((s, r) => s + r[key], 0);
    for (let guard = 0; diff !== 0; guard++) {
      if (guard > 10_000_000) throw new Error(`elearning: cannot reach the ${key} target`);
      const r = inYear[rng.int(0, n - 1)];
      if (r[key] + Math.sign(diff) < min) continue;
      r[key] += Math.sign(diff);
      diff -= Math.sign(diff);
    }
  };
  settle('minutes', halfMinutes, 2);
  settle('credits', halfCredits, 1);
  const december = Array.from({ length: Math.round(n * 0.03) + 2 }, () => draw(daysOf(year - 1, 12, rng.int(1, 31))));
  const records = [...december, ...inYear].sort((a, b) => a.day - b.day || a.learner - b.learner);
  return { learners, records };
}

export function* elearningRecords(e: Elearning): Generator<ElearningRecord> {
  for (const r of e.records) yield { study_date: isoDay(r.day), minutes: r.minutes / 2, credits: r.credits / 2 };
}

const FULL_WIDTH = '０１２３４５６７８９';

export async function writeElearning(rng: Rng, outDir: string, year: number, e: Elearning): Promise<FileReport> {
  const file = join('人力资源部', `轻学堂学习记录_${year}.csv`);
  const w = TextFileWriter.open(join(outDir, file), 'gb18030');
  w.push(csvLine(['记录编号', '学员工号', '学员姓名', '课程名称', '学习时间', '学习时长(分钟)', '学分']));
  const bad = [
    { at: 0.15, problem: '学习时长 - (not a number)', change: (f: string[]) => void (f[5] = '-') },
    { at: 0.5, problem: `学习日期 ${year}-02-${noSuchFebruaryDay(year)} (no such day)`, change: (f: string[]) => void (f[4] = `${year}-02-${noSuchFebruaryDay(year)} 21:03:11`) },
    { at: 0.85, problem: '学分 #VALUE! (an Excel error saved as text)', change: (f: string[]) => void (f[6] = '#VALUE!') },
  ];
  let b = 0;
  let day = -1;
  let seq = 0;
  for (let i = 0; i < e.records.length; i++) {
    const r = e.records[i];
    seq = r.day === day ? seq + 1 : 1;
    day = r.day;
    const learner = e.learners[r.learner];
    const when = rng.chance(0.6)
      ? `${isoDay(r.day)} ${rng.int(7, 23)}:${String(rng.int(0, 59)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`
      : formatDateText(r.day, 'slash');
    let minutes = String(r.minutes / 2);
    if (rng.chance(0.003)) minutes = minutes.replace(/\d/g, (c) => FULL_WIDTH[Number(c)]);
    const fields = [`XT${isoDay(r.day).replaceAll('-', '')}${String(seq).padStart(4, '0')}`, learner.id, learner.name, COURSES[r.course][0], when, minutes, String(r.credits / 2)];
    if (w.push(csvLine(fields))) await w.flush();
    if (b < bad.length && i >= Math.floor(e.records.length * bad[b].at)) {
      const copy = [...fields];
      copy[0] = `XT${year}9${String(b + 1).padStart(7, '0')}`;
      bad[b++].change(copy);
      w.push(csvLine(copy));
    }
  }
  await w.close();
  const outsiders = new Set(e.records.map((r) => e.learners[r.learner].id).filter((id) => id.startsWith('WX'))).size;
  return fileReport({
    file, source: 'elearning_records', sheet: null, headerRow: 1, rowsRead: w.lineCount - 1, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: [`${outsiders} outsourced learners (工号 WX…) are not in the roster: kept, with a note`, '学习时间 with a time of day or as a date; an extra column 学员姓名', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
