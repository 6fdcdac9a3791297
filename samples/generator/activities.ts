/**
 * 综合部/YYYY年活动台账.xlsx: the office's hand-kept ledger of party, team, supervision, survey
 * and customer-experience activities, with rows of Y-1 and Y+1, rows of types no figure reads,
 * mixed date spellings and a few rows of spaces between the quarters.
 */
import { join } from 'node:path';
import { PROVINCES, provinceLongName } from './fake.js';
import { fileReport } from './manifest.js';
import type { FileReport } from './manifest.js';
import { splitTotal } from './random.js';
import type { Rng } from './random.js';
import type { ActivityRecord } from './records.js';
import { countFor } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, excelDate, formatDateText, isoDay, noSuchFebruaryDay } from './time.js';
import { addBlankRow, addHeaderRow, addTitleRow, formatDateCells, newWorkbook, saveWorkbook } from './xlsx.js';

export interface Activity {
  id: string;
  day: number;
  type: string;
  title: string;
  province: string | null;
  participants: number | null;
  items: number | null;
}

type Draft = Omit<Activity, 'id'>;

const TITLES: Record<string, (i: number, p: string | null) => string> = {
  专题学习: (i) => `党委理论学习中心组第${i + 1}次专题学习研讨`,
  领导班子党课: (i) => `领导班子成员讲专题党课（${i + 1}）`,
  支部书记党课: (i) => `支部书记讲党课：${['服务为民', '担当作为', '守正创新', '廉洁从业'][i % 4]}`,
  调研成果: (i) => `调研成果转化：${['投诉前移', '工单质量提升', '热线智能化', '一线减负'][i % 4]}`,
  班组学习: (i) => `${['一班', '二班', '三班', '质检组', '运营组'][i % 5]}班组学习活动`,
  主题党日: (i) => `${i + 1}月主题党日活动`,
  安全演练: () => '消防及网络安全应急演练',
  体验分享会: (i) => `第${i + 1}期客户体验分享会`,
  体验杂志: (i) => `《体验进行时》第${i + 1}期`,
  调度会议: (i) => `服务质量调度会（第${i + 1}次）`,
  督办: (_, p) => `${p ?? '多省'}公司重点投诉问题会议督办`,
  走访调研: (_, p) => `赴${p}公司走访调研`,
  远程质检: (_, p) => `${p}公司工单点对点远程质检`,
  调查函研判: (i) => `重点调查函研判分析（${i + 1}）`,
  分析报告: (i) => `${['综合满意度分析报告', '投诉热点分析报告', '服务质量月报'][i % 3]}`,
  分省报告: (_, p) => `${p}公司满意度测评分省报告`,
  专项分析: (_, p) => `${p}公司满意度专项分析`,
  数字化产品体验: (i) => `数字化产品体验：${['云电脑', '天翼看家', '翼支付', '智慧家庭', '5G消息', '天翼云盘'][i % 6]}`,
  其他: (i) => `${['办公用品盘点', '档案整理', '来访接待', '工会慰问'][i % 4]}`,
};

/** Builds the ledger so that the party.*, team.*, supervision.*, survey.* and experience.* targets hold literally. */
export function buildActivities(rng: Rng, year: number, targets: Published): Activity[] {
  const n = (id: string) => countFor(id, targets.figures[id]);
  const rows: Draft[] = [];
  const dayIn = (y: number, from = 1, to = 12) => rng.int(daysOf(y, from, 1), daysOf(y, to + 1, 1) - 1);
  const add = (type: string, day: number, fields: Partial<Draft> = {}) => {
    rows.push({ day, type, title: '', province: null, participants: null, items: null, ...fields });
  };
  const provinces = (k: number) => {
    if (k > PROVINCES.length) throw new Error(`${k} provinces asked for, there are ${PROVINCES.length}`);
    return rng.shuffle([...PROVINCES]).slice(0, k);
  };
  /** `count` rows over exactly `k` distinct provinces (the first k rows visit each once). */
  const spread = (type: string, count: number, k: number, fields: () => Partial<Draft> = () => ({})) => {
    if (k > count || (k === 0 && count > 0)) throw new Error(`${type}: ${count} rows cannot cover ${k} provinces`);
    const chosen = provinces(k);
    for (let i = 0; i < count; i++) add(type, dayIn(year), { province: i < k ? chosen[i] : rng.pick(chosen), ...fields() });
    return chosen;
  };

  const counted: [string, string, [number, number] | null][] = [
    ['专题学习', 'party.study_sessions', [25, 60]], ['领导班子党课', 'party.leadership_lectures', [10, 20]],
    ['支部书记党课', 'party.branch_lectures', [20, 45]], ['调研成果', 'party.research_outcomes', null],
    ['班组学习', 'team.learning_activities', [6, 15]], ['调度会议', 'supervision.dispatch_meetings', [10, 30]],
    ['分析报告', 'survey.analysis_reports', null], ['数字化产品体验', 'experience.product_reviews', [5, 20]],
  ];
  for (const [type, id, people] of counted) {
    for (let i = 0, k = n(id); i < k; i++) add(type, dayIn(year), { participants: people ? rng.int(people[0], people[1]) : null });
  }
  const perProvince = provinces(PROVINCES.length);
  for (let i = 0, k = n('survey.province_reports'); i < k; i++) add('分省报告', dayIn(year), { province: perProvince[i % perProvince.length] });
  // One 督办 is addressed to every province and names none (count(distinct) leaves it out).
  const actions = n('supervision.actions');
  const general = actions > n('supervision.provinces') ? 1 : 0;
  const supervised = spread('督办', actions - general, n('supervision.provinces'));
  if (general) add('督办', dayIn(year), { province: null });
  spread('走访调研', n('supervision.visited_provinces') + 2, n('supervision.visited_provinces'), () => ({ participants: rng.int(3, 8) }));
  spread('专项分析', n('survey.special_analysis_provinces') + 4, n('survey.special_analysis_provinces'));
  for (const [type, id, per] of [['远程质检', 'supervision.remote_qc_tickets', 13], ['调查函研判', 'supervision.investigation_letters', 8]] as const) {
    const total = n(id);
    const parts = total === 0 ? [] : splitTotal(rng, total, Math.max(1, Math.round(total / per)));
    const where = provinces(8);
    for (const items of parts) add(type, dayIn(year), { items, province: type === '远程质检' ? rng.pick(where) : null });
  }
  const sessions = n('experience.sharing_sessions');
  const issues = n('experience.magazine_issues');
  const audience = splitTotal(rng, n('experience.audience'), sessions + issues, 30);
  const quarterly = (k: number) => dayIn(year, 3 * (k % 4) + 1, 3 * (k % 4) + 3);
  audience.forEach((participants, i) => add(i < sessions ? '体验分享会' : '体验杂志', quarterly(i < sessions ? i : i - sessions), { participants }));
  for (let m = 1; m <= 12; m++) add('主题党日', dayIn(year, m, m), { participants: rng.int(20, 40) });
  for (let i = 0; i < 3; i++) add('安全演练', dayIn(year), { participants: rng.int(40, 90) });
  for (let i = 0; i < 9; i++) add('其他', dayIn(year));

  // Rows the year filter must leave out: Y-1 (in provinces outside this year's lists) and January Y+1.
  const elsewhere = PROVINCES.filter((p) => !supervised.includes(p));
  for (let i = 0; i < 6; i++) add('督办', dayIn(year - 1, 6), { province: elsewhere[i % elsewhere.length] || null });
  for (const type of ['专题学习', '调度会议', '调度会议', '分析报告', '数字化产品体验', '班组学习', '班组学习', '其他']) add(type, dayIn(year - 1, 9));
  add('走访调研', dayIn(year - 1, 10), { province: rng.pick(PROVINCES), participants: 4 });
  add('专项分析', dayIn(year - 1, 11), { province: rng.pick(PROVINCES) });
  add('远程质检', dayIn(year - 1, 12), { province: rng.pick(PROVINCES), items: 17 });
  add('体验分享会', dayIn(year - 1, 12), { participants: 260 });
  for (const type of ['调度会议', '督办', '班组学习', '体验杂志']) add(type, dayIn(year + 1, 1, 1), type === '督办' ? { province: rng.pick(PROVINCES) } : { participants: rng.int(20, 200) });

  // Numbered in date order, per year: ids, and titles such as 第3期 or 第12次.
  rows.sort((a, b) => a.day - b.day || a.type.localeCompare(b.type));
  const seq = new Map<string, number>();
  const next = (key: string) => {
    seq.set(key, (seq.get(key) ?? 0) + 1);
    return seq.get(key)!;
  };
  return rows.map((r) => {
    const y = isoDay(r.day).slice(0, 4);
    const title = TITLES[r.type](next(`${y}${r.type}`) - 1, r.province);
    return { ...r, id: `HD${y}-${String(next(y)).padStart(4, '0')}`, title };
  });
}

export function* activityRecords(rows: Activity[]): Generator<ActivityRecord> {
  for (const r of rows) yield { activity_date: isoDay(r.day), type: r.type, province: r.province, participants: r.participants, items: r.items };
}

const HEADERS = ['活动编号', '日期', '活动类型', '活动名称', '省份', '参与人数', '数量', '备注'];
/** Invalid rows slipped in by hand: [after the row at this share of the ledger, problem, row]. */
const BAD: [number, string, (y: number) => unknown[]][] = [
  [0.2, '活动类型 座谈会 (not a type of the list)', (y) => [`HD${y}-9001`, `${y}/3/15`, '座谈会', '客户代表座谈会', null, 12, null]],
  [0.5, `日期 Y-02-29 (no such day)`, (y) => [`HD${y}-9002`, `${y}-02-${noSuchFebruaryDay(y)}`, '调度会议', '服务质量调度会（补记）', null, 15, null]],
  [0.8, '参与人数 约30 (not a whole number)', (y) => [`HD${y}-9003`, `${y}年10月20日`, '班组学习', '二班班组学习活动（补记）', null, '约30', null]],
];

export async function writeActivities(rng: Rng, outDir: string, year: number, rows: Activity[]): Promise<FileReport> {
  const file = join('综合部', `${year}年活动台账.xlsx`);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('活动台账');
  addTitleRow(ws, `综合部活动台账（${year}年）`, HEADERS.length);
  addHeaderRow(ws, HEADERS, [12, 12, 12, 36, 10, 9, 7, 16]);
  const date = (d: number) => {
    const style = rng.weighted([70, 8, 6, 6, 5, 5]);
    if (style === 0) return excelDate(d);
    if (style === 5) return Number(formatDateText(d, 'compact')); // 20230304 typed as a number
    return formatDateText(d, (['slash', 'dot', 'cn', 'compact'] as const)[style - 1]);
  };
  let blanks = 0;
  let b = 0;
  let quarter = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const q = isoDay(r.day).startsWith(String(year)) ? Math.floor((Number(isoDay(r.day).slice(5, 7)) - 1) / 3) : quarter;
    if (q !== quarter) {
      addBlankRow(ws);
      blanks++;
      quarter = q;
    }
    const province = r.province === null ? null : rng.chance(0.3) ? provinceLongName(r.province) : r.province;
    const count = (v: number | null) => (v !== null && rng.chance(0.1) ? ` ${v} ` : v);
    const note = rng.chance(0.15) ? rng.pick(['已归档', '见会议纪要', '线上开展', '补录']) : null;
    formatDateCells(ws.addRow([r.id, date(r.day), r.type, r.title, province, count(r.participants), count(r.items), note]));
    if (b < BAD.length && i >= Math.floor(rows.length * BAD[b][0])) formatDateCells(ws.addRow(BAD[b++][2](year)));
  }
  await saveWorkbook(wb, join(outDir, file));
  return fileReport({
    file, source: 'activities', sheet: ws.name, headerRow: 2, rowsRead: rows.length + blanks + BAD.length, expectedRejected: BAD.length,
    expectedSkipped: { duplicate: 0, blank: blanks, summary: 0 },
    notes: [`${blanks} rows of spaces between the quarters; dates as date cells, text and numbers; an extra column 备注`, ...BAD.map(([, p]) => `rejected: ${p.replace('Y-02-29', `Y-02-${noSuchFebruaryDay(year)}`).replace('Y-', `${year}-`)}`)],
  });
}
