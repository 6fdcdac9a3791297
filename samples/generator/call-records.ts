/**
 * The calls of each day, regenerated from the plan whenever they are needed (for the files
 * and for the self-check): millions of calls are never held in memory at once.
 */
import { mobileNumber } from './fake.js';
import { CALL_HOTLINES, CallKind, KINDS, OUTCOMES, QUEUED } from './call-records-plan.js';
import type { CallPlan } from './call-records-plan.js';
import { ExactSelector, Rng } from './random.js';
import type { CallRecord } from './records.js';
import { daysOf, isoDay } from './time.js';

export const SITES = ['北京呼叫中心', '西安呼叫中心', '成都呼叫中心', '广州呼叫中心', '国际漫游服务中心'] as const;
const NO_SITE = 255;

/** One day's calls in time order, one array per column; valid until the next day is asked for. */
export interface CallDay {
  day: number;
  n: number;
  /** Seconds since midnight. */
  second: Int32Array;
  hotline: Uint8Array;
  kind: Uint8Array;
  /** -1 = empty (not queued). */
  wait: Int32Array;
  talk: Int32Array;
  site: Uint8Array;
  /** 0 = no number shown. */
  phone: Float64Array;
}

const HOUR_WEIGHTS = [0.6, 0.3, 0.2, 0.2, 0.2, 0.4, 1, 3, 7, 10, 11, 11, 9, 9, 10, 10, 9, 8, 7, 7, 6, 5, 3, 1.5];
/** 1000 slots, each an hour, in proportion to HOUR_WEIGHTS: one draw picks an hour. */
const HOUR_SLOTS = (() => {
  const total = HOUR_WEIGHTS.reduce((s, w) => s + w, 0);
  const slots = new Uint8Array(1000);
  let at = 0;
  HOUR_WEIGHTS.forEach((w, h) => {
    const end = h === 23 ? 1000 : Math.round(at + (1000 * w) / total);
    slots.fill(h, at, end);
    at = end;
  });
  return slots;
})();

/** Days whose first and last calls sit on the boundary (00:00:00, 23:59:59) of a quarter or year. */
function boundaryDays(year: number): Set<number> {
  return new Set([daysOf(year - 1, 3, 31), daysOf(year - 1, 4, 1), daysOf(year - 1, 12, 31), daysOf(year, 1, 1), daysOf(year, 3, 31), daysOf(year, 4, 1), daysOf(year, 12, 31)]);
}

export function* callDays(plan: CallPlan): Generator<CallDay> {
  const rng = new Rng(plan.seed, 'call-rows');
  const yStart = daysOf(plan.year, 1, 1);
  const fast = new ExactSelector(rng, plan.answeredInYear, plan.answeredFastInYear);
  const phones = Float64Array.from({ length: 40_000 }, () => mobileNumber(rng));
  const edges = boundaryDays(plan.year);
  let cap = 0;
  let buf: CallDay | null = null;
  let keys = new Float64Array(0);
  let scratchHotline = new Uint8Array(0);
  let scratchKind = new Uint8Array(0);
  const H = CALL_HOTLINES.length;
  for (let d = 0; d < plan.days; d++) {
    const day = plan.firstDay + d;
    let n = 0;
    for (let i = d * H * KINDS; i < (d + 1) * H * KINDS; i++) n += plan.counts[i];
    if (n >= 65_536) throw new Error(`${isoDay(day)}: too many calls in one day`);
    if (n > cap) {
      cap = Math.max(n, cap * 2, 1024);
      buf = {
        day, n, second: new Int32Array(cap), hotline: new Uint8Array(cap), kind: new Uint8Array(cap), wait: new Int32Array(cap), talk: new Int32Array(cap),
        site: new Uint8Array(cap), phone: new Float64Array(cap),
      };
      keys = new Float64Array(cap);
      scratchHotline = new Uint8Array(cap);
      scratchKind = new Uint8Array(cap);
    }
    const c = buf!;
    c.day = day;
    c.n = n;
    // Draw the calls, then put them in time order (ties by drawing order).
    let j = 0;
    for (let h = 0; h < H; h++) {
      for (let k = 0; k < KINDS; k++) {
        for (let m = plan.counts[(d * H + h) * KINDS + k]; m > 0; m--, j++) {
          scratchHotline[j] = h;
          scratchKind[j] = k;
          keys[j] = (HOUR_SLOTS[Math.floor(rng.next() * 1000)] * 3600 + Math.floor(rng.next() * 3600)) * 65_536 + j;
        }
      }
    }
    const sorted = keys.subarray(0, n).sort();
    for (let i = 0; i < n; i++) {
      const from = sorted[i] % 65_536;
      c.second[i] = Math.floor(sorted[i] / 65_536);
      c.hotline[i] = scratchHotline[from];
      c.kind[i] = scratchKind[from];
    }
    if (edges.has(day) && n > 1) {
      c.second[0] = 0;
      c.second[n - 1] = 86_399;
    }
    for (let i = 0; i < n; i++) {
      const h = c.hotline[i];
      const kind = c.kind[i];
      let wait = -1;
      let talk = 0;
      let site = NO_SITE;
      if (kind === CallKind.Answered) {
        const quick = h === 0 && day >= yStart ? fast.take() : rng.chance(0.86);
        // waits of exactly 15 and 16 seconds occur: the figure counts 15 and not 16
        wait = quick ? rng.int(0, 15) : 16 + Math.floor(-45 * Math.log(1 - rng.next() * 0.98));
        talk = 25 + Math.floor(-220 * Math.log(1 - rng.next() * 0.995));
        site = h === 2 ? 4 : rng.weighted([40, 25, 20, 15]);
      } else if (kind === CallKind.Abandoned) wait = rng.int(4, 420);
      else if (kind === CallKind.Overflow) wait = rng.int(60, 300);
      else if (kind === CallKind.Ivr) talk = rng.int(18, 260);
      else talk = rng.int(0, 25);
      c.wait[i] = wait;
      c.talk[i] = talk;
      c.site[i] = site;
      c.phone[i] = rng.chance(0.93) ? phones[Math.floor(rng.next() * phones.length)] : 0;
    }
    yield c;
  }
}

const PAD = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** `HH:mm:ss` of seconds since midnight. */
export function clock(second: number): string {
  return `${PAD[Math.floor(second / 3600)]}:${PAD[Math.floor(second / 60) % 60]}:${PAD[second % 60]}`;
}

/** The calls as the engine would load them (each once). */
export function* callRecords(plan: CallPlan): Generator<CallRecord> {
  for (const c of callDays(plan)) {
    const date = isoDay(c.day);
    for (let i = 0; i < c.n; i++) {
      const kind = c.kind[i];
      yield { hotline: CALL_HOTLINES[c.hotline[i]], start_time: `${date} ${clock(c.second[i])}`, queued: QUEUED[kind], wait_seconds: c.wait[i] < 0 ? null : c.wait[i], outcome: OUTCOMES[kind] };
    }
  }
}
