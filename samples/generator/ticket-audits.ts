/**
 * The ticket audits of the 新风行动 campaign: audit volumes grow over the year while the
 * responsible rate falls, so the mean of the monthly rates (audit.monthly_responsible_rate)
 * differs from the pooled rate. A few late entries of December Y-1 come with January.
 */
import { PROVINCE_WEIGHTS } from './fake.js';
import { ExactSelector, apportion } from './random.js';
import type { Rng } from './random.js';
import type { AuditRecord } from './records.js';
import { countFor, meanOfRates, meets, numeratorFor, toNumber } from './targets.js';
import type { Published } from './targets.js';
import { daysOf, isoDay } from './time.js';

export const VERDICTS = ['企业有责', '企业无责', '用户原因', '其他'] as const;
const RESPONSIBLE = 0;

/** One array per column, sorted by audit day. suspect: 0 否, 1 是, 2 empty. */
export interface AuditTable {
  n: number;
  day: Int32Array;
  province: Uint8Array;
  verdict: Uint8Array;
  proxy: Uint8Array;
  suspect: Uint8Array;
  /** Days between the ticket's creation and its audit (for the ticket number). */
  ticketAge: Uint8Array;
}

/** Audits and 企业有责 per month of Y whose totals and mean monthly rate reproduce the targets. */
export function monthlyPlan(rng: Rng, targets: Published): { audits: number[]; responsible: number[] } {
  const t = targets.figures;
  const fig = t['audit.monthly_responsible_rate'];
  const total = countFor('audit.reviewed', t['audit.reviewed']);
  const responsible = countFor('audit.responsible', t['audit.responsible']);
  const audits = apportion(total, Array.from({ length: 12 }, (_, m) => (0.45 + (1.1 * m) / 11) * (0.96 + 0.08 * rng.next())));
  // Rates a + b·s(m) with s falling from 1: fit a and b to both the total and the mean.
  const shape = Array.from({ length: 12 }, (_, m) => Math.exp(-m / 3) * (0.95 + 0.1 * rng.next()));
  const [a1, b1] = [total, audits.reduce((s, n, m) => s + n * shape[m], 0)];
  const [a2, b2] = [12, shape.reduce((s, x) => s + x, 0)];
  const mean = (12 * fig.value) / 100;
  const det = a1 * b2 - b1 * a2;
  const [a, b] = [(responsible * b2 - b1 * mean) / det, (a1 * mean - responsible * a2) / det];
  const rates = shape.map((s) => a + b * s);
  if (rates.some((r) => r <= 0 || r >= 1)) throw new Error('audit: no monthly responsible rates fit both the total and the mean');
  const counts = apportion(responsible, audits.map((n, m) => n * rates[m]));

  // Rounding moved the mean a little: move single audits between months until it sits near the target.
  const center = fig.value;
  const error = () => toNumber(meanOfRates(counts.map((r, m) => [r, audits[m]]))!) - center;
  for (let guard = 0; Math.abs(error()) > 0.1 * 10 ** -fig.precision; guard++) {
    if (guard > 10_000) throw new Error('audit: cannot settle the mean monthly rate');
    const e = error();
    let best: [number, number, number] = [-1, -1, Math.abs(e)];
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) {
        if (i === j || counts[i] === 0 || counts[j] >= audits[j]) continue;
        const moved = Math.abs(e + (100 / 12) * (1 / audits[j] - 1 / audits[i]));
        if (moved < best[2]) best = [i, j, moved];
      }
    }
    if (best[0] < 0) throw new Error('audit: cannot settle the mean monthly rate');
    counts[best[0]]--;
    counts[best[1]]++;
  }
  if (!meets(fig, meanOfRates(counts.map((r, m) => [r, audits[m]])))) throw new Error('audit: the mean monthly rate misses');
  return { audits, responsible: counts };
}

export function buildAudits(rng: Rng, year: number, targets: Published): AuditTable {
  const t = targets.figures;
  const plan = monthlyPlan(rng, targets);
  const total = plan.audits.reduce((s, n) => s + n, 0);
  const proxies = countFor('audit.proxy_reviewed', t['audit.proxy_reviewed']);
  if (proxies > total) throw new Error('audit: more proxy tickets than audits');
  const suspects = numeratorFor('audit.proxy_suspect_share', t['audit.proxy_suspect_share'], proxies);
  const late = Math.max(3, Math.round(plan.audits[0] * 0.002));
  const n = late + total;
  const tb: AuditTable = {
    n, day: new Int32Array(n), province: new Uint8Array(n), verdict: new Uint8Array(n), proxy: new Uint8Array(n),
    suspect: new Uint8Array(n).fill(2), ticketAge: new Uint8Array(n),
  };
  for (let i = 0; i < late; i++) tb.day[i] = daysOf(year - 1, 12, 29 + (i % 3));
  let i = late;
  plan.audits.forEach((count, m) => {
    // Audits happen on working days, a few at weekends.
    const first = daysOf(year, m + 1, 1);
    const days = daysOf(year, m + 2, 1) - first;
    const perDay = apportion(count, Array.from({ length: days }, (_, k) => ((first + k + 4) % 7 >= 5 ? 0.15 : 1) * (0.85 + 0.3 * rng.next())));
    perDay.forEach((c, k) => tb.day.fill(first + k, i, (i += c)));
  });
  const isProxy = new ExactSelector(rng, total, proxies);
  const isSuspect = new ExactSelector(rng, proxies, suspects);
  let month = -1;
  let responsible: ExactSelector | null = null;
  for (let k = 0; k < n; k++) {
    tb.province[k] = rng.weighted(PROVINCE_WEIGHTS);
    tb.ticketAge[k] = rng.int(1, 25);
    const inYear = k >= late;
    const m = inYear ? Number(isoDay(tb.day[k]).slice(5, 7)) - 1 : -1;
    if (inYear && m !== month) {
      month = m;
      responsible = new ExactSelector(rng, plan.audits[m], plan.responsible[m]);
    }
    const isResponsible = inYear ? responsible!.take() : rng.chance(0.3);
    tb.verdict[k] = isResponsible ? RESPONSIBLE : 1 + rng.weighted([62, 29, 9]);
    const proxy = inYear ? isProxy.take() : rng.chance(0.06);
    tb.proxy[k] = proxy ? 1 : 0;
    if (proxy) tb.suspect[k] = (inYear ? isSuspect.take() : rng.chance(0.5)) ? 1 : 0;
    else if (rng.chance(0.02)) tb.suspect[k] = 0;
  }
  return tb;
}

export function* auditRecords(tb: AuditTable): Generator<AuditRecord> {
  for (let i = 0; i < tb.n; i++) {
    yield { audit_date: isoDay(tb.day[i]), verdict: VERDICTS[tb.verdict[i]], proxy_ticket: tb.proxy[i] === 1, proxy_suspect: tb.suspect[i] === 2 ? null : tb.suspect[i] === 1 };
  }
}
