/**
 * UE189/UE189体验任务清单_YYYY.csv (GB18030): the experience tasks of Y-1, Y and January Y+1 with the
 * samples each collected; two invalid lines.
 */
import { join } from 'node:path';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { splitTotal } from './random.js';
import type { Rng } from './random.js';
import type { TaskRecord } from './records.js';
import { countFor } from './targets.js';
import type { Published } from './targets.js';
import { TextFileWriter, csvLine } from './text-file.js';
import { daysOf, formatDateText, isoDay } from './time.js';

export interface ExperienceTask {
  id: string;
  title: string;
  day: number;
  samples: number;
}

const SUBJECTS = ['天翼云盘', '翼支付', '天翼看家', '云电脑', '5G消息', '智慧家庭', '电信营业厅APP', '宽带报装', '话费查询', '国际漫游', '视频彩铃', '天翼超高清'];
const ASPECTS = ['新版本体验', '办理流程体验', '界面易用性测评', '资费感知调研', '客服触点体验'];

/** Builds the tasks so that experience.tasks and experience.samples hold literally. */
export function buildTasks(rng: Rng, year: number, targets: Published): ExperienceTask[] {
  const t = targets.figures;
  const tasks = countFor('experience.tasks', t['experience.tasks']);
  const samples = countFor('experience.samples', t['experience.samples']);
  const rows: Omit<ExperienceTask, 'id'>[] = [];
  const add = (day: number, n: number) => rows.push({ day, samples: n, title: `${rng.pick(SUBJECTS)}${rng.pick(ASPECTS)}` });
  const perTask = tasks === 0 ? [] : splitTotal(rng, samples, tasks, Math.min(500, Math.floor(samples / tasks)));
  perTask.forEach((n, i) => add(daysOf(year, 1, 1) + Math.floor((i * 365) / tasks) + rng.int(0, Math.floor(365 / tasks) - 1), n));
  for (let i = 0; i < 18; i++) add(daysOf(year - 1, 1, 5) + i * 19, rng.int(1200, 6500));
  add(daysOf(year + 1, 1, 9), 312); // launched after the year, still collecting
  rows.sort((a, b) => a.day - b.day);
  return rows.map((r, i) => ({ id: `UE${isoDay(r.day).slice(0, 4)}${String(i + 1).padStart(3, '0')}`, ...r }));
}

export function* taskRecords(rows: ExperienceTask[]): Generator<TaskRecord> {
  for (const r of rows) yield { launched: isoDay(r.day), samples: r.samples };
}

export async function writeTasks(rng: Rng, outDir: string, year: number, rows: ExperienceTask[]): Promise<FileReport> {
  // Named for its year: a register whose name or title states no year is placed by its dated rows alone.
  const file = join('UE189', `UE189体验任务清单_${year}.csv`);
  const w = TextFileWriter.open(join(outDir, file), 'gb18030');
  w.push(csvLine(['任务编号', '任务名称', '上线日期', '回收样本数', '任务状态']));
  const bad = [
    { problem: '回收样本数 约3000 (not a whole number)', line: [`UE${year}901`, '翼支付资费感知调研（重复登记）', `${year}/5/6`, '约3000', '已结束'] },
    { problem: `上线日期 ${year}-09-31 (no such day)`, line: [`UE${year}902`, '云电脑新版本体验（草稿）', `${year}-09-31`, '0', '草稿'] },
  ];
  rows.forEach((r, i) => {
    const samples = r.samples >= 1000 && rng.chance(0.4) ? r.samples.toLocaleString('en-US') : String(r.samples);
    const state = r.day > daysOf(year, 12, 1) ? '进行中' : '已结束';
    w.push(csvLine([r.id, r.title, formatDateText(r.day, rng.pick(['iso', 'slash', 'cn'] as const)), samples, state]));
    if (i === 20 || i === rows.length - 5) w.push(csvLine(bad[i === 20 ? 0 : 1].line));
  });
  await w.close();
  return fileReport({
    file, source: 'experience_tasks', sheet: null, headerRow: 1, rowsRead: w.lineCount - 1, expectedRejected: bad.length,
    expectedSkipped: { duplicate: 0, blank: 0, summary: 0 },
    notes: ['GB18030; sample counts with thousands separators (quoted); an extra column 任务状态', ...bad.map((b) => `rejected: ${b.problem}`)],
  });
}
