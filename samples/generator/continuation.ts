/**
 * A sample year that continues the one before it (2024 after 2023): the same world a year on.
 * No published values exist for it; its builders aim at the year before's targets (so the
 * volumes and rates stay of the same order) and the rows are then joined to the year before's:
 *
 * - the same staff: the roster as of Y-12-31 is the year before's people still employed on
 *   Y-01-01 (with this year's flags), a few leaving during Y, a few hired; the experiencer pool
 *   is the year before's, a few leaving and a few joining;
 * - nothing of the year before is written again except identical repeats: every row a Y export
 *   shares a key with a Y-1 export carries the same values (the warehouse keeps the first copy
 *   and skips identical ones). The ticket file opens with the year before's lines of its tickets
 *   closed in Y, the call file with the last calls of Y-1-12-31, the self-service daily report
 *   and the energy ledger repeat December of Y-1 / the months of Y-1 as the year before wrote
 *   them; the rows the year before's registers already held for dates in Y (a session, an
 *   activity, a hazard, a task, January's samples) are repeated, and this year's own rows are
 *   numbered around them;
 * - nothing new is dated before Y: loading Y never changes a figure of Y-1 (the late audits of
 *   Y-1-12 and the study records of Y-1-12 the builders draw are left out).
 *
 * Snapshots (hr_roster, experiencers) are as of different dates: a person's row may differ
 * between them (this year's promotion, a leave date), as a new snapshot does.
 */
import type { Activity } from './activities.js';
import type { Contract } from './contracts.js';
import type { Elearning } from './elearning.js';
import type { EnergyRow } from './energy.js';
import type { ExperienceTask } from './experience-tasks.js';
import type { Experiencer } from './experiencers.js';
import { personName, PROVINCES, PROVINCE_WEIGHTS } from './fake.js';
import { DEPARTMENTS, type Employee } from './hr-roster.js';
import type { Rng } from './random.js';
import type { SafetyRow } from './safety-register.js';
import type { SampleTable } from './satisfaction-samples.js';
import type { SecurityRow } from './security-ops.js';
import type { SelfServiceTable } from './self-service.js';
import type { AuditTable } from './ticket-audits.js';
import { daysOf } from './time.js';
import type { Training } from './training.js';
import type { VolunteerRow } from './volunteer.js';

/** The next free id after `id`: its last run of digits counted up, same width. */
function bump(id: string): string {
  const m = /^(.*?)(\d+)(\D*)$/.exec(id);
  if (!m) throw new Error(`cannot number around ${id}`);
  return `${m[1]}${String(Number(m[2]) + 1).padStart(m[2].length, '0')}${m[3]}`;
}

/**
 * This year's rows of a register joined to the rows the year before's export already held for
 * dates from `from` on (repeated as they are): own rows dated before `from` are dropped, own
 * ids the repeated rows use are moved to the next free number. Sorted by day, repeats first.
 */
export function joinRegister<T>(own: readonly T[], carried: readonly T[], from: number, day: (r: T) => number, id: (r: T) => string, setId: (r: T, id: string) => void): T[] {
  const repeated = carried.filter((r) => day(r) >= from);
  const used = new Set(repeated.map(id));
  const kept = own.filter((r) => day(r) >= from);
  for (const r of kept) {
    let next = id(r);
    while (used.has(next)) next = bump(next);
    if (next !== id(r)) setId(r, next);
    used.add(next);
  }
  const order = new Map<T, number>([...repeated, ...kept].map((r, i) => [r, i]));
  return [...repeated, ...kept].sort((a, b) => day(a) - day(b) || order.get(a)! - order.get(b)!);
}

/**
 * The roster of `year` (as of its last day) continuing the year before's: everyone employed on
 * Y-01-01 stays with their id, name, department, hire date and contract; this year's flags are
 * drawn again; about 5 % leave during Y (one on Y-12-31, one in January Y+1); about 6 % are
 * hired (one on Y+1-01-02, not yet employed).
 */
export function continueRoster(rng: Rng, year: number, prior: readonly Employee[]): Employee[] {
  const yStart = daysOf(year, 1, 1);
  const dayIn = (fromMonth: number, toMonth: number) => rng.int(daysOf(year, fromMonth, 1), daysOf(year, toMonth + 1, 1) - 1);
  const stayed = prior.filter((e) => e.leave === null || e.leave >= yStart).map((e) => ({ ...e }));
  const random = () => rng.chance(0.85);
  for (const e of stayed) {
    e.promoted = e.type === '正式' && rng.chance(0.1);
    e.health = random();
    e.salary = rng.chance(0.995);
    e.charity = random();
    if (e.type === '实习' && e.leave === null && e.hire < yStart) e.leave = dayIn(1, 8); // last year's interns finish
  }
  const formal = stayed.filter((e) => e.type === '正式' && e.leave === null && e.hire < yStart);
  rng.shuffle([...formal])
    .slice(0, Math.max(3, Math.round(formal.length * 0.05)))
    .forEach((e, i) => (e.leave = i === 0 ? daysOf(year, 12, 31) : i === 1 ? daysOf(year + 1, 1, 15) : dayIn(2, 11)));

  const used = new Set(prior.map((e) => e.id));
  const hire = (type: Employee['type'], prefix: string, day: number): Employee => {
    let id: string;
    do id = `${prefix}${rng.int(1000, 9999)}`;
    while (used.has(id));
    used.add(id);
    return {
      id, name: personName(rng), department: rng.pick(DEPARTMENTS), gender: rng.chance(0.62) ? '女' : '男', type, hire: day, leave: null,
      contract: type === '正式' || (type === '劳务派遣' && random()), promoted: false, tier: '无', health: random(), salary: true, charity: random(),
    };
  };
  const hired = [
    ...Array.from({ length: Math.max(2, Math.round(formal.length * 0.06)) }, () => hire('正式', 'KF', dayIn(1, 10))),
    ...Array.from({ length: Math.max(2, Math.round(formal.length * 0.05)) }, () => hire('实习', 'SX', dayIn(3, 9))),
    hire('外包', 'WB', dayIn(2, 11)),
  ];
  const future = hire('正式', 'KF', daysOf(year + 1, 1, 2));
  future.contract = false;
  const all = [...stayed, ...hired, future];
  const dept = (e: Employee) => DEPARTMENTS.indexOf(e.department);
  return all.sort((a, b) => dept(a) - dept(b) || a.hire - b.hire || a.id.localeCompare(b.id));
}

/**
 * The experiencer pool as of Y-12-31 continuing the year before's: every row of it (rows of
 * people who did not change are the same), about 8 % of the active leaving during Y, new ones
 * joining during Y and in January Y+1, numbered after the last.
 */
export function continueExperiencers(rng: Rng, year: number, prior: readonly Experiencer[]): Experiencer[] {
  const [yStart, yEnd] = [daysOf(year, 1, 1), daysOf(year, 12, 31)];
  const rows = prior.map((r) => ({ ...r }));
  const active = rows.filter((r) => r.joined < yStart && r.left === null);
  rng.shuffle([...active])
    .slice(0, Math.round(active.length * 0.08) + 1)
    .forEach((r, i) => (r.left = i === 0 ? yEnd : rng.int(yStart + 1, yEnd)));
  let next = Math.max(...prior.map((r) => Number(r.id.slice(3)))) + 1;
  const add = (joined: number, left: number | null = null) =>
    rows.push({ id: `TYY${next++}`, joined, left, province: rng.chance(0.9) ? PROVINCES[rng.weighted(PROVINCE_WEIGHTS)] : null });
  const joining = Math.max(4, Math.round(active.length * 0.12));
  const days = Array.from({ length: joining }, () => rng.int(yStart, yEnd - 30)).sort((a, b) => a - b);
  days.forEach((d, i) => add(d, i === 1 ? rng.int(d + 1, yEnd) : null));
  for (let i = 0; i < 3; i++) add(rng.int(yEnd + 1, yEnd + 31));
  return rows;
}

/** Rows `indices` of `tables` (in that order) as one table of the same columns. */
function pickRows<T extends { n: number }>(parts: [T, number[]][], columns: readonly (keyof T)[]): T {
  const n = parts.reduce((s, [, rows]) => s + rows.length, 0);
  const out = { ...parts[0][0], n } as T;
  for (const column of columns) {
    const first = parts[0][0][column] as unknown as Int32Array;
    const values = new (first.constructor as Int32ArrayConstructor)(n);
    let k = 0;
    for (const [table, rows] of parts) {
      const source = table[column] as unknown as Int32Array;
      for (const i of rows) values[k++] = source[i];
    }
    (out as Record<keyof T, unknown>)[column] = values;
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

/**
 * The samples of Y: the year before's export's samples dated in Y (its January Y rows, with
 * their numbers) and this year's own from Y-01-01 on, numbered after every number of the year
 * before; `ids` gives each row's number.
 */
export function joinSamples(own: SampleTable, prior: SampleTable, year: number, priorId: (i: number) => string, ownId: (i: number) => string): { table: SampleTable; ids: string[] } {
  const yStart = daysOf(year, 1, 1);
  const carried = range(0, prior.n).filter((i) => prior.day[i] >= yStart);
  const kept = range(0, own.n).filter((i) => own.day[i] >= yStart);
  // Merge by day, the repeated rows first on a day.
  const order: [SampleTable, number][] = [...carried.map((i) => [prior, i] as [SampleTable, number]), ...kept.map((i) => [own, i] as [SampleTable, number])];
  order.sort((a, b) => a[0].day[a[1]] - b[0].day[b[1]] || (a[0] === b[0] ? a[1] - b[1] : a[0] === prior ? -1 : 1));
  const columns = ['day', 'survey', 'province', 'touchpoint', 'status', 'score', 'audited', 'passed'] as const;
  const table = pickRows(order.map(([t, i]) => [t, [i]] as [SampleTable, number[]]), columns);
  return { table, ids: order.map(([t, i]) => (t === prior ? priorId(i) : ownId(i))) };
}

/** The audits of Y without the late entries dated Y-1 (they would change a figure of Y-1). */
export function auditsFrom(tb: AuditTable, year: number): AuditTable {
  const yStart = daysOf(year, 1, 1);
  return pickRows([[tb, range(0, tb.n).filter((i) => tb.day[i] >= yStart)]], ['day', 'province', 'verdict', 'proxy', 'suspect', 'ticketAge'] as const);
}

/** The daily self-service report of Y: its December Y-1 as the year before's report gave it. */
export function selfServiceContinuing(own: SelfServiceTable, prior: SelfServiceTable): SelfServiceTable {
  const offset = own.firstDay - prior.firstDay;
  if (offset < 0 || offset >= prior.days) throw new Error('self-service: the year before does not cover the days this year repeats');
  const table: SelfServiceTable = { ...own, volume: own.volume.map((v) => v.slice()), manual: own.manual.map((v) => v.slice()) };
  for (let d = 0; d < own.days && d + offset < prior.days; d++) {
    table.volume.forEach((v, s) => (v[d] = prior.volume[s][d + offset]));
    table.manual.forEach((v, s) => (v[d] = prior.manual[s][d + offset]));
  }
  return table;
}

/** The energy ledger of Y-1 and Y: the months of Y-1 as the year before's ledger gave them. */
export function energyContinuing(own: readonly EnergyRow[], prior: readonly EnergyRow[], year: number): EnergyRow[] {
  const before = prior.filter((r) => r.year === year - 1);
  return [...before.map((r) => ({ ...r })), ...own.filter((r) => r.year === year)];
}

export const joinActivities = (own: Activity[], prior: Activity[], from: number) =>
  joinRegister(own, prior, from, (r) => r.day, (r) => r.id, (r, id) => (r.id = id));
export const joinSafety = (own: SafetyRow[], prior: SafetyRow[], from: number) =>
  joinRegister(own, prior, from, (r) => r.found, (r) => r.id, (r, id) => (r.id = id));
export const joinSecurity = (own: SecurityRow[], prior: SecurityRow[], from: number) =>
  joinRegister(own, prior, from, (r) => r.day, (r) => r.id, (r, id) => (r.id = id));
export const joinContracts = (own: Contract[], prior: Contract[], from: number) =>
  joinRegister(own, prior, from, (r) => r.day, (r) => r.id, (r, id) => (r.id = id));
export const joinTasks = (own: ExperienceTask[], prior: ExperienceTask[], from: number) =>
  joinRegister(own, prior, from, (r) => r.day, (r) => r.id, (r, id) => (r.id = id));

/** Volunteer rows of Y (an activity's rows share its number: the year before held none in Y). */
export function volunteersFrom(own: VolunteerRow[], prior: VolunteerRow[], from: number): VolunteerRow[] {
  if (prior.some((r) => r.day >= from)) throw new Error('volunteers: the year before already holds activities of this year');
  return own.filter((r) => r.day >= from);
}

/** The study records of Y (those of Y-1-12 the builder draws are the year before's to report). */
export function elearningFrom(own: Elearning, from: number): Elearning {
  return { ...own, records: own.records.filter((r) => r.day >= from) };
}

/** The training ledger of Y: the year before's sessions dated in Y with their attendance, then this year's own from Y-01-01. */
export function joinTraining(own: Training, prior: Training, from: number): Training {
  const sessions = joinRegister(own.sessions, prior.sessions, from, (s) => s.start, (s) => s.id, (s, id) => (s.id = id));
  const kept = new Set(sessions);
  const attendance = [...prior.attendance, ...own.attendance].filter((a) => kept.has(a.session));
  const order = new Map(sessions.map((s, i) => [s, i]));
  return { sessions, attendance: attendance.sort((a, b) => order.get(a.session)! - order.get(b.session)!) };
}
