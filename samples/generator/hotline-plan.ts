/**
 * The skeleton of the hotline tickets: when each was created, and by which stream (ordinary
 * traffic, internet complaints, anti-fraud reports), sorted by creation time.
 */
import type { Rng } from './random.js';
import { countFor, growthPair, shareChangePair } from './targets.js';
import type { Published } from './targets.js';
import { DAY, daysOf } from './time.js';

export const HOTLINES = ['10005', '10000', '12300'] as const;
export const CHANNELS = ['电话', '互联网', '短信', '信函', '一证通查', '12381', '不良信息举报', '其他'] as const;
export const CATEGORIES = ['投诉', '申诉', '咨询', '建议', '其他'] as const;
export const INTERNET = 1;
export const COMPLAINT = 0;
export const APPEAL = 1;

/** Bits of TicketTable.flags. Short/SlashLong say how the row writes its timestamps. */
export const Flag = { Fcr: 1, Appeal: 2, Overdue: 4, Short: 8, SlashLong: 16 } as const;
export const Kind = { Base: 0, Internet: 1, Antifraud: 2 } as const;

/** All tickets, one array per column (memory-friendly for ~600 k rows). closed NaN = open. */
export interface TicketTable {
  n: number;
  kind: Uint8Array;
  created: Float64Array;
  deadline: Float64Array;
  closed: Float64Array;
  hotline: Uint8Array;
  province: Uint8Array;
  channel: Uint8Array;
  category: Uint8Array;
  flags: Uint8Array;
  handle: Int32Array;
  phone: Float64Array;
  /** Tickets of category 申诉 to have in month M-1 and in month M. */
  appeals: [number, number];
}

export interface HotlineScale {
  /** Ordinary tickets per day in Y-1 and in Y. */
  basePerDay: [number, number];
  /** Smallest month M-1 count of internet complaints to search from. */
  minInternetPrev: number;
}

const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 3, 7, 10, 11, 11, 9, 9, 10, 10, 9, 8, 7, 7, 6, 5, 3, 2];

/** Creation times of every ticket of Y-1 and Y, sorted; the other columns are left to fill. */
export function planTickets(rng: Rng, year: number, month: number, scale: HotlineScale, targets: Published): TicketTable {
  const created: number[] = [];
  const kinds: number[] = [];
  const styles: number[] = [];
  const push = (sec: number, kind: number, iso = false) => {
    const style = iso ? 0 : [0, Flag.Short, Flag.SlashLong][rng.weighted([70, 20, 10])];
    created.push(style === Flag.Short ? sec - (sec % 60) : sec);
    kinds.push(kind);
    styles.push(style);
  };
  const timeOfDay = () => rng.weighted(HOUR_WEIGHTS) * 3600 + rng.int(0, 3599);
  const randomIn = (fromDay: number, toDay: number) => rng.int(fromDay, toDay - 1) * DAY + timeOfDay();

  // Ordinary traffic: weekly and seasonal rhythm, a little noise.
  for (let day = daysOf(year - 1, 1, 1); day < daysOf(year + 1, 1, 1); day++) {
    const rate = scale.basePerDay[day < daysOf(year, 1, 1) ? 0 : 1];
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    const expected = rate * (weekday === 0 || weekday === 6 ? 0.8 : 1.06) * (1 + 0.08 * Math.sin((2 * Math.PI * day) / 365)) * (0.9 + 0.2 * rng.next());
    const count = Math.floor(expected + rng.next());
    for (let i = 0; i < count; i++) push(day * DAY + timeOfDay(), Kind.Base);
  }

  // Internet complaints: month M-1 and M exactly as the growth target needs; a surge from M on.
  const [prev, cur] = growthPair('complaints.internet_growth', targets.figures['complaints.internet_growth'], scale.minInternetPrev);
  for (const y of [year - 1, year]) {
    for (let m = 1; m <= 12; m++) {
      let n: number;
      if (y === year - 1) n = Math.round(prev * (0.75 + 0.25 * rng.next()));
      else if (m === month - 1) n = prev;
      else if (m === month) n = cur;
      else n = m < month ? Math.round(prev * (0.85 + 0.2 * rng.next())) : Math.round(cur * (0.92 + 0.2 * rng.next()));
      for (let i = 0; i < n; i++) push(randomIn(daysOf(y, m, 1), daysOf(y, m + 1, 1)), Kind.Internet);
    }
  }

  // Anti-fraud reports: exactly the target from Y-01-01 through Y-10-31 (two on the last day,
  // one at 23:59:59); more after it (the first at Y-11-01 00:00:00) and in Y-1.
  const antifraud = countFor('antifraud.tickets', targets.figures['antifraud.tickets']);
  const oct31 = daysOf(year, 10, 31) * DAY;
  for (let i = 0; i < antifraud; i++) {
    if (i === 0) push(oct31 + DAY - 1, Kind.Antifraud, true);
    else if (i === 1) push(oct31 + timeOfDay(), Kind.Antifraud);
    else push(randomIn(daysOf(year, 1, 1), daysOf(year, 10, 31)), Kind.Antifraud);
  }
  const after = Math.max(2, Math.round(antifraud * 0.2 * (0.9 + 0.2 * rng.next())));
  for (let i = 0; i < after; i++) push(i === 0 ? oct31 + DAY : randomIn(daysOf(year, 11, 1), daysOf(year + 1, 1, 1)), Kind.Antifraud, i === 0);
  for (let i = 0, n = Math.round(antifraud * 1.1); i < n; i++) push(randomIn(daysOf(year - 1, 1, 1), daysOf(year, 1, 1)), Kind.Antifraud);

  // Month M-1 and M: the 申诉 counts the share change needs, near a 3 % share. When the months
  // are too small for such counts to exist, month M gets a few more ordinary tickets.
  const [p0, m0, m1] = [month - 1, month, month + 1].map((m) => daysOf(year, m, 1) * DAY);
  let [n0, n1] = [0, 0];
  for (const c of created) if (c >= p0 && c < m1) c < m0 ? n0++ : n1++;
  let appeals: [number, number] | null = null;
  for (let extra = 0; appeals === null; extra++) {
    if (extra > 10_000) throw new Error('complaints.appeal_rate_change: no category counts reproduce the target');
    if (extra > 0) {
      push(randomIn(daysOf(year, month, 1), daysOf(year, month + 1, 1)), Kind.Base);
      n1++;
    }
    const fig = targets.figures['complaints.appeal_rate_change'];
    appeals = shareChangePair(fig, n0, n1, Math.round(n0 * 0.01), Math.min(n0 - prev, Math.round(n0 * 0.08)), Math.round(n0 * 0.03), n1 - cur);
  }

  // Sort by creation time (ties by order of creation): key = time · 2^21 + index.
  const n = created.length;
  if (n >= 2 ** 21) throw new Error('too many tickets');
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = created[i] * 2 ** 21 + i;
  keys.sort();
  const table: TicketTable = {
    n, kind: new Uint8Array(n), created: new Float64Array(n), deadline: new Float64Array(n), closed: new Float64Array(n),
    hotline: new Uint8Array(n), province: new Uint8Array(n), channel: new Uint8Array(n), category: new Uint8Array(n),
    flags: new Uint8Array(n), handle: new Int32Array(n), phone: new Float64Array(n), appeals,
  };
  for (let i = 0; i < n; i++) {
    const j = keys[i] % 2 ** 21;
    table.created[i] = created[j];
    table.kind[i] = kinds[j];
    table.flags[i] = styles[j];
  }
  return table;
}
