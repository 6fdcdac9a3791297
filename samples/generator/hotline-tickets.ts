/**
 * Fills the hotline ticket columns so that the hotline.*, complaints.* and antifraud.* targets
 * hold literally: every constrained count is chosen from the targets, then given to exactly
 * that many tickets by a seeded shuffle.
 */
import { PROVINCE_WEIGHTS, mobileNumber } from './fake.js';
import { APPEAL, CATEGORIES, CHANNELS, COMPLAINT, Flag, HOTLINES, INTERNET, Kind, planTickets } from './hotline-plan.js';
import type { HotlineScale, TicketTable } from './hotline-plan.js';
import type { Rng } from './random.js';
import type { TicketRecord } from './records.js';
import { countFor, numeratorFor, sumForMeanCut } from './targets.js';
import type { Published } from './targets.js';
import { isoTimestamp, secondsOf } from './time.js';

const HOUR = 3600;
const MAX_LATE = 72 * HOUR;
/** Index of hotline 10005, the one the hotline.* figures are about. */
const H10005 = HOTLINES.indexOf('10005');
const ch = (name: (typeof CHANNELS)[number]) => CHANNELS.indexOf(name);
const cat = (name: (typeof CATEGORIES)[number]) => CATEGORIES.indexOf(name);
const [PHONE, SMS, LETTER, OTHER_CHANNEL] = [ch('电话'), ch('短信'), ch('信函'), ch('其他')];
const [ENQUIRY, SUGGESTION, OTHER] = [cat('咨询'), cat('建议'), cat('其他')];
/** [choices, weights] */
const BASE_CHANNELS = [[PHONE, INTERNET, SMS, LETTER, OTHER_CHANNEL], [72, 10, 8, 2, 8]] as const;
const BASE_CATEGORIES = [[COMPLAINT, APPEAL, ENQUIRY, SUGGESTION, OTHER], [42, 3, 38, 7, 10]] as const;
const ANTIFRAUD_CHANNELS = [[ch('一证通查'), ch('12381'), ch('不良信息举报')], [50, 30, 20]] as const;
const ANTIFRAUD_CATEGORIES = [[COMPLAINT, ENQUIRY, OTHER], [30, 50, 20]] as const;
/** Categories a ticket takes when it must not be 申诉 (nor an internet 投诉). */
const NOT_APPEAL = [[COMPLAINT, ENQUIRY, SUGGESTION, OTHER], [45, 38, 7, 10]] as const;
const NOT_APPEAL_INTERNET = [[ENQUIRY, SUGGESTION, OTHER], [70, 10, 20]] as const;

export function buildTickets(rng: Rng, year: number, month: number, scale: HotlineScale, targets: Published): TicketTable {
  const t = targets.figures;
  const tb = planTickets(rng, year, month, scale, targets);
  const [prevStart, yStart, next, afterNext] = [year - 1, year, year + 1, year + 2].map((y) => secondsOf(y, 1, 1));
  const draw = ([choices, weights]: readonly [readonly number[], readonly number[]]) => choices[rng.weighted(weights)];
  const phones = Float64Array.from({ length: Math.max(50, Math.floor(tb.n / 3)) }, () => mobileNumber(rng));

  // Who, how and when each ticket came in and was closed (closed on time, for now).
  for (let i = 0; i < tb.n; i++) {
    const kind = tb.kind[i];
    tb.hotline[i] = rng.weighted(kind === Kind.Base ? [88, 9, 3] : [92, 8, 0]); // weights of HOTLINES
    if (kind === Kind.Internet) [tb.channel[i], tb.category[i]] = [INTERNET, COMPLAINT];
    else if (kind === Kind.Antifraud) [tb.channel[i], tb.category[i]] = [draw(ANTIFRAUD_CHANNELS), draw(ANTIFRAUD_CATEGORIES)];
    else {
      tb.channel[i] = draw(BASE_CHANNELS);
      tb.category[i] = draw(BASE_CATEGORIES);
      if (tb.channel[i] === INTERNET && tb.category[i] === COMPLAINT) tb.category[i] = ENQUIRY; // internet complaints are their own stream
    }
    tb.province[i] = rng.weighted(PROVINCE_WEIGHTS);
    tb.phone[i] = rng.chance(0.88) ? phones[rng.int(0, phones.length - 1)] : 0;
    const sla = [24, 48, 72][rng.weighted([45, 40, 15])] * HOUR;
    const created = tb.created[i];
    tb.deadline[i] = created + sla;
    const lastWeek = (created - (next - 7 * 86_400)) / (7 * 86_400);
    if ((created >= yStart && rng.chance(0.0003)) || (lastWeek > 0 && rng.chance(0.7 * lastWeek))) tb.closed[i] = NaN;
    else {
      let d = rng.chance(0.003) ? sla : rng.int(600, sla); // sometimes closed exactly at the deadline
      if (tb.flags[i] & Flag.Short) d -= d % 60;
      tb.closed[i] = created + d;
    }
  }

  // Month M-1 and M: exactly the planned number of 申诉 (internet complaints stay 投诉).
  const [p0, m0, m1] = [month - 1, month, month + 1].map((m) => secondsOf(year, m, 1));
  const months: number[][] = [[], []];
  for (let i = 0; i < tb.n; i++) {
    const c = tb.created[i];
    if (c >= p0 && c < m1 && tb.kind[i] !== Kind.Internet) months[c < m0 ? 0 : 1].push(i);
  }
  months.forEach((list, k) => {
    rng.shuffle(list).forEach((i, j) => {
      if (j < tb.appeals[k]) tb.category[i] = APPEAL;
      else if (tb.category[i] === APPEAL) tb.category[i] = draw(tb.channel[i] === INTERNET ? NOT_APPEAL_INTERNET : NOT_APPEAL);
    });
  });

  // Closed in Y on hotline 10005: exactly the on-time share; late closures stay within Y.
  const closedIn = (i: number, from: number, to: number) => tb.closed[i] >= from && tb.closed[i] < to;
  const inB: number[] = [];
  const inC: number[] = [];
  for (let i = 0; i < tb.n; i++) {
    if (tb.hotline[i] !== H10005) continue;
    if (closedIn(i, yStart, next)) inB.push(i);
    else if (closedIn(i, prevStart, yStart)) inC.push(i);
  }
  const makeLate = (i: number, boundary: number): boolean => {
    const room = Math.min(MAX_LATE, boundary - tb.deadline[i] - 60);
    if (room < 60) return false;
    tb.closed[i] = tb.deadline[i] + 60 * rng.int(1, Math.floor(room / 60)) + (tb.flags[i] & Flag.Short ? 0 : rng.int(0, 59));
    return true;
  };
  const late = inB.length - numeratorFor('hotline.on_time_rate', t['hotline.on_time_rate'], inB.length);
  let placed = 0;
  for (const i of rng.shuffle([...inB])) if (placed < late && makeLate(i, next)) placed++;
  if (placed < late) throw new Error(`cannot make ${late} tickets late within ${year}`);
  const bSet = new Set(inB);
  for (let i = 0; i < tb.n; i++) {
    if (bSet.has(i) || Number.isNaN(tb.closed[i]) || !rng.chance(0.015)) continue;
    makeLate(i, tb.closed[i] < yStart ? yStart : tb.closed[i] < next ? next : afterNext);
  }

  // First-contact resolution (exact over B), warnings (exact over 10005 created in Y).
  const firstK = (list: number[], k: number, bit: number) => list.forEach((i, j) => {
    if (j < k) tb.flags[i] |= bit;
  });
  firstK(rng.shuffle([...inB]), numeratorFor('hotline.first_contact_rate', t['hotline.first_contact_rate'], inB.length), Flag.Fcr);
  const isLate = (i: number) => tb.closed[i] > tb.deadline[i];
  const inA: number[] = [];
  for (let i = 0; i < tb.n; i++) {
    if (!bSet.has(i) && !Number.isNaN(tb.closed[i]) && rng.chance(0.93)) tb.flags[i] |= Flag.Fcr;
    if (tb.hotline[i] === H10005 && tb.created[i] >= yStart && tb.created[i] < next) inA.push(i);
    else {
      if (rng.chance(0.1)) tb.flags[i] |= Flag.Appeal;
      if (rng.chance(isLate(i) ? 0.7 : 0.14)) tb.flags[i] |= Flag.Overdue;
    }
  }
  const appeal = countFor('hotline.appeal_warnings', t['hotline.appeal_warnings']);
  const overdue = countFor('hotline.overdue_warnings', t['hotline.overdue_warnings']);
  if (appeal > inA.length || overdue > inA.length) throw new Error('more warnings than tickets');
  firstK(rng.shuffle([...inA]), appeal, Flag.Appeal);
  // overdue warnings go to late tickets first (stable sort keeps the shuffle otherwise)
  firstK(rng.shuffle([...inA]).sort((x, y) => Number(isLate(y)) - Number(isLate(x))), overdue, Flag.Overdue);

  // Handling time: a year-on-year cut, then the total over B adjusted to hit it exactly.
  const cut = t['hotline.handle_time_cut'].value;
  for (let i = 0; i < tb.n; i++) {
    const mean = tb.created[i] >= yStart ? 470 - cut : 470;
    tb.handle[i] = Math.min(4 * HOUR, Math.max(30, Math.round(mean * Math.exp(0.5 * rng.normal() - 0.125))));
  }
  const sum = (list: number[]) => list.reduce((s, i) => s + tb.handle[i], 0);
  const delta = sumForMeanCut('hotline.handle_time_cut', t['hotline.handle_time_cut'], sum(inC), inC.length, inB.length) - sum(inB);
  const each = Math.trunc(delta / inB.length);
  const rest = delta - each * inB.length;
  for (const i of inB) tb.handle[i] += each;
  rng.shuffle([...inB]).slice(0, Math.abs(rest)).forEach((i) => (tb.handle[i] += Math.sign(rest)));
  for (const i of inB) if (tb.handle[i] < 1) throw new Error('handling time adjustment went below one second');
  return tb;
}

/** The tickets as the engine would load them (each once). */
export function* ticketRecords(tb: TicketTable): Generator<TicketRecord> {
  for (let i = 0; i < tb.n; i++) {
    const f = tb.flags[i];
    yield {
      hotline: HOTLINES[tb.hotline[i]], created_at: isoTimestamp(tb.created[i]), deadline: isoTimestamp(tb.deadline[i]),
      closed_at: Number.isNaN(tb.closed[i]) ? null : isoTimestamp(tb.closed[i]), channel: CHANNELS[tb.channel[i]],
      category: CATEGORIES[tb.category[i]], first_contact_resolved: (f & Flag.Fcr) !== 0, appeal_warning: (f & Flag.Appeal) !== 0,
      overdue_warning: (f & Flag.Overdue) !== 0, handle_seconds: tb.handle[i],
    };
  }
}
