/**
 * The figures of the large exports (call_records, ticket_audits, self_service_daily,
 * elearning_records) computed literally per the figure definitions (sql/figures).
 */
import type { VolumeFigureId } from './figure-ids.js';
import type { AuditRecord, CallRecord, ElearningRecord, SelfServiceRecord } from './records.js';
import { meanOfRates, percent, ratio } from './targets.js';
import type { Ratio } from './targets.js';

export interface VolumeInputs {
  calls: Iterable<CallRecord>;
  audits: Iterable<AuditRecord>;
  selfService: Iterable<SelfServiceRecord>;
  elearning: Iterable<ElearningRecord>;
}

/** A decimal read from an export (at most 2 decimals) in hundredths, exactly. */
export const hundredths = (x: number): number => Math.round(x * 100);

export function volumeFigures(inputs: VolumeInputs, year: number): Record<VolumeFigureId, Ratio | null> {
  const [yFrom, yTo, pFrom] = [`${year}-01-01`, `${year + 1}-01-01`, `${year - 1}-01-01`];
  const inYear = (d: string) => d >= yFrom && d < yTo;

  // call_records: timestamps compared as text, `YYYY-MM-DD HH:mm:ss`.
  const c = { queued: 0, fast: 0, q1: 0, q1Prev: 0, h10005: 0, h10005Prev: 0 };
  const [q1To, q1PrevTo] = [`${year}-04-01`, `${year - 1}-04-01`];
  for (const r of inputs.calls) {
    const t = r.start_time;
    const cur = t >= yFrom && t < yTo;
    const prev = t >= pFrom && t < yFrom;
    const manual = r.outcome === '人工接通';
    if (r.hotline === '10000') {
      if (cur && r.queued) {
        c.queued++;
        if (manual && r.wait_seconds !== null && r.wait_seconds <= 15) c.fast++;
      }
      if (manual && cur && t < q1To) c.q1++;
      if (manual && prev && t < q1PrevTo) c.q1Prev++;
    } else if (r.hotline === '10005' && manual) {
      if (cur) c.h10005++;
      else if (prev) c.h10005Prev++;
    }
  }

  // ticket_audits: per month of Y.
  const months = Array.from({ length: 12 }, () => [0, 0] as [number, number]);
  const a = { reviewed: 0, responsible: 0, proxy: 0, suspect: 0 };
  for (const r of inputs.audits) {
    if (!inYear(r.audit_date)) continue;
    const m = months[Number(r.audit_date.slice(5, 7)) - 1];
    const responsible = r.verdict === '企业有责' ? 1 : 0;
    m[0] += responsible;
    m[1]++;
    a.reviewed++;
    a.responsible += responsible;
    if (r.proxy_ticket) {
      a.proxy++;
      if (r.proxy_suspect === true) a.suspect++;
    }
  }

  // self_service_daily
  const volume = new Map<string, number>();
  let manualCalls = 0;
  for (const r of inputs.selfService) {
    if (!inYear(r.day)) continue;
    volume.set(r.service, (volume.get(r.service) ?? 0) + r.volume);
    if (r.service === '互联网自助服务') manualCalls += r.manual_calls ?? 0;
  }
  const internet = volume.get('互联网自助服务') ?? 0;

  // elearning_records
  let minutes = 0;
  let credits = 0;
  for (const r of inputs.elearning) {
    if (!inYear(r.study_date)) continue;
    minutes += hundredths(r.minutes);
    credits += hundredths(r.credits);
  }

  return {
    'calls.answer_15s_rate': percent(c.fast, c.queued),
    'calls.manual_q1_growth': c.q1Prev === 0 ? null : ratio(BigInt(c.q1 - c.q1Prev) * 100n, c.q1Prev),
    'calls.hotline_10005_manual_cut': c.h10005Prev === 0 ? null : ratio(BigInt(c.h10005Prev - c.h10005) * 100n, c.h10005Prev),
    'audit.reviewed': ratio(a.reviewed),
    'audit.responsible': ratio(a.responsible),
    'audit.monthly_responsible_rate': meanOfRates(months),
    'audit.proxy_reviewed': ratio(a.proxy),
    'audit.proxy_suspect_share': percent(a.suspect, a.proxy),
    'selfservice.internet_volume': ratio(internet),
    'selfservice.diversion_rate': percent(internet, internet + manualCalls),
    'selfservice.roaming_queries': ratio(volume.get('国漫智能服务专区') ?? 0),
    'selfservice.kb_logins': ratio(volume.get('国漫知识库') ?? 0),
    'elearning.hours': ratio(minutes, 6000),
    'elearning.credits': ratio(credits, 100),
  };
}
