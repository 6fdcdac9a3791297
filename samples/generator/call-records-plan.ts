/**
 * How many calls of each kind each hotline takes on each day of Y-1 and Y. The counts that
 * the calls.* figures read are fixed per period from the targets, then spread over the days.
 */
import { apportion } from './random.js';
import type { Rng } from './random.js';
import { cutPair, growthPair, rateCounts } from './targets.js';
import type { Published } from './targets.js';
import { daysOf } from './time.js';

export const CALL_HOTLINES = ['10000', '10005', '国漫', '18900110119'] as const;
/** What happened to a call: the outcome and whether it went to the agent queue. */
export const CallKind = { Ivr: 0, HungUp: 1, Answered: 2, Abandoned: 3, Overflow: 4 } as const;
export const KINDS = 5;
export const OUTCOMES = ['IVR自助', '放弃', '人工接通', '放弃', '溢出'] as const;
export const QUEUED = [false, false, true, true, true] as const;
const H10000 = 0;
const H10005 = 1;

export interface CallScale {
  /** Average calls per day of each hotline (order of CALL_HOTLINES) in Y-1 and in Y. */
  perDay: readonly (readonly [number, number])[];
  /** Calls of the end of Y-1 that the export of Y repeats at its top. */
  overlap: number;
}

export interface CallPlan {
  year: number;
  seed: number;
  /** Day number of Y-1-01-01; the plan covers Y-1 and Y. */
  firstDay: number;
  days: number;
  /** Calls per day, hotline and kind: counts[(day · hotlines + hotline) · KINDS + kind]. */
  counts: Int32Array;
  /** Calls on 10000 answered by an agent in Y, and how many of them within 15 s. */
  answeredInYear: number;
  answeredFastInYear: number;
  overlap: number;
}

/** Share of the calls that go to the agent queue, per hotline. */
const QUEUED_SHARE = [0.62, 0.56, 0.72, 0.8];
/** Of queued calls: answered, abandoned in the queue, overflowed. */
const QUEUE_OUTCOMES = [0.93, 0.05, 0.02];
/** The first quarter of Y-1 on 10000 ran at this share of the rest of Y-1 (before the hotline was consolidated). */
const Q1_BEFORE_CONSOLIDATION = 0.68;

/** The other kinds of calls that go with `answered` calls. */
function kindsFor(answered: number, h: number): number[] {
  const queued = answered / QUEUE_OUTCOMES[0];
  const notQueued = (queued * (1 - QUEUED_SHARE[h])) / QUEUED_SHARE[h];
  const ivr = Math.round(notQueued * 0.86);
  return [ivr, Math.round(notQueued) - ivr, answered, Math.round(queued * QUEUE_OUTCOMES[1]), Math.round(queued * QUEUE_OUTCOMES[2])];
}

export function buildCallPlan(rng: Rng, year: number, scale: CallScale, targets: Published, seed: number): CallPlan {
  const t = targets.figures;
  const firstDay = daysOf(year - 1, 1, 1);
  const [q1Prev, yStart, q1, end] = [daysOf(year - 1, 4, 1), daysOf(year, 1, 1), daysOf(year, 4, 1), daysOf(year + 1, 1, 1)];
  const days = end - firstDay;
  const answeredPerDay = (h: number, y: 0 | 1) => scale.perDay[h][y] * QUEUED_SHARE[h] * QUEUE_OUTCOMES[0];

  // Periods [from, to) with the calls answered in each; everything else follows from them.
  const estimate = (h: number, y: 0 | 1, from: number, to: number, factor = 1) => Math.max(1, Math.round((to - from) * answeredPerDay(h, y) * factor));
  const [p0, p1] = growthPair('calls.manual_q1_growth', t['calls.manual_q1_growth'], estimate(H10000, 0, firstDay, q1Prev, Q1_BEFORE_CONSOLIDATION));
  const [c0, c1] = cutPair('calls.hotline_10005_manual_cut', t['calls.hotline_10005_manual_cut'], estimate(H10005, 0, firstDay, yStart));
  const periods: [number, number, number, number[]][] = [
    [H10000, firstDay, q1Prev, kindsFor(p0, H10000)],
    [H10000, q1Prev, yStart, kindsFor(estimate(H10000, 0, q1Prev, yStart), H10000)],
    [H10000, yStart, q1, kindsFor(p1, H10000)],
    [H10000, q1, end, kindsFor(estimate(H10000, 1, q1, end), H10000)],
    [H10005, firstDay, yStart, kindsFor(c0, H10005)],
    [H10005, yStart, end, kindsFor(c1, H10005)],
  ];
  for (let h = 2; h < CALL_HOTLINES.length; h++) {
    periods.push([h, firstDay, yStart, kindsFor(estimate(h, 0, firstDay, yStart), h)], [h, yStart, end, kindsFor(estimate(h, 1, yStart, end), h)]);
  }

  // 10000 in Y: the queued calls must be a denominator the 15-second rate can be exact over.
  const [q1Kinds, restKinds] = [periods[2][3], periods[3][3]];
  const queued = [q1Kinds, restKinds].reduce((s, k) => s + k[CallKind.Answered] + k[CallKind.Abandoned] + k[CallKind.Overflow], 0);
  const [fast, denominator] = rateCounts('calls.answer_15s_rate', t['calls.answer_15s_rate'], queued);
  restKinds[CallKind.Abandoned] += denominator - queued;
  const answeredInYear = q1Kinds[CallKind.Answered] + restKinds[CallKind.Answered];
  if (fast > answeredInYear) throw new Error('calls.answer_15s_rate: more calls answered within 15 s than answered');

  const counts = new Int32Array(days * CALL_HOTLINES.length * KINDS);
  for (const [h, from, to, kinds] of periods) {
    // weekly rhythm (weekends quieter), a seasonal wave, some noise; the same for every kind
    const weights = Array.from({ length: to - from }, (_, k) => {
      const weekday = (from + k + 4) % 7;
      return (weekday === 0 || weekday === 6 ? 0.78 : 1.07) * (1 + 0.07 * Math.sin((2 * Math.PI * (from + k)) / 365)) * (0.9 + 0.2 * rng.next());
    });
    kinds.forEach((total, kind) => {
      apportion(total, weights).forEach((c, k) => (counts[((from + k - firstDay) * CALL_HOTLINES.length + h) * KINDS + kind] = c));
    });
  }
  return { year, seed, firstDay, days, counts, answeredInYear, answeredFastInYear: fast, overlap: scale.overlap };
}
