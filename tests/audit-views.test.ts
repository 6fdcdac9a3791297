import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { callRecord as call, hotlineTicket as ticket, satisfactionSample as sample, ticketAudit as audit } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('the analysts’ views on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['hotline_tickets', 'satisfaction_samples', 'ticket_audits', 'call_records'] });
  const rows = async (sql: string) => (await wh().query<Record<string, unknown>>(sql)).rows;

  it('hotline_kpis_monthly counts created tickets by month created and closed ones by month closed, per hotline and province', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket({ appeal_warning: true }), // 10005 广东, created 03-01, closed 03-02 on time at first contact
      ticket({ created_at: '2023-03-05 08:00:00', deadline: '2023-03-06 08:00:00', closed_at: '2023-04-02 08:00:00', first_contact_resolved: false, handle_seconds: 300 }),
      ticket({ province: '湖南', created_at: '2023-03-10 08:00:00', closed_at: null, category: '咨询' }),
      ticket({ hotline: '10000', closed_at: '2023-03-01 09:00:00' }),
    ]);
    expect(await rows('select month::text, hotline, province, tickets_created, complaints_created, appeal_warnings, tickets_closed, closed_on_time, on_time_rate, first_contact_rate, avg_handle_seconds from hotline_kpis_monthly order by 1, 2, 3')).toEqual([
      { month: '2023-03-01', hotline: '10000', province: '广东', tickets_created: 1, complaints_created: 1, appeal_warnings: 0, tickets_closed: 1, closed_on_time: 1, on_time_rate: 100, first_contact_rate: 100, avg_handle_seconds: 100 },
      { month: '2023-03-01', hotline: '10005', province: '广东', tickets_created: 2, complaints_created: 2, appeal_warnings: 1, tickets_closed: 1, closed_on_time: 1, on_time_rate: 100, first_contact_rate: 100, avg_handle_seconds: 100 },
      { month: '2023-03-01', hotline: '10005', province: '湖南', tickets_created: 1, complaints_created: 0, appeal_warnings: 0, tickets_closed: 0, closed_on_time: 0, on_time_rate: null, first_contact_rate: null, avg_handle_seconds: null },
      { month: '2023-04-01', hotline: '10005', province: '广东', tickets_created: 0, complaints_created: 0, appeal_warnings: 0, tickets_closed: 1, closed_on_time: 0, on_time_rate: 0, first_contact_rate: 0, avg_handle_seconds: 300 },
    ]);
    const [sums] = await rows("select sum(closed_on_time) as on_time, sum(tickets_closed) as closed from hotline_kpis_monthly where hotline = '10005'");
    const onTime = await figure(wh(), 'hotline.on_time_rate');
    expect(sums).toEqual({ on_time: onTime.numerator, closed: onTime.denominator });
  });

  it('satisfaction_by_province_quarter averages the scores of successful samples per quarter and province', async () => {
    await insertRows(wh(), 'satisfaction_samples', [
      sample('2023-02-01', { audited: true, audit_passed: true }),
      sample('2023-03-31', { score: 8 }),
      sample('2023-04-01', { status: '失败', score: null }),
      sample('2023-05-05', { province: '湖南', score: 7, audited: true, audit_passed: false }),
    ]);
    expect(await rows('select year, quarter, survey, province, samples, successful_samples, average_score, audited_samples, audit_passed_samples from satisfaction_by_province_quarter order by 1, 2, 4')).toEqual([
      { year: 2023, quarter: 1, survey: '公众综合', province: '广东', samples: 2, successful_samples: 2, average_score: 8.5, audited_samples: 1, audit_passed_samples: 1 },
      { year: 2023, quarter: 2, survey: '公众综合', province: '广东', samples: 1, successful_samples: 0, average_score: null, audited_samples: 0, audit_passed_samples: 0 },
      { year: 2023, quarter: 2, survey: '公众综合', province: '湖南', samples: 1, successful_samples: 1, average_score: 7, audited_samples: 1, audit_passed_samples: 0 },
    ]);
  });

  it('audit_verdicts_monthly counts each verdict per month and province, and its monthly rates are those of the figure', async () => {
    await insertRows(wh(), 'ticket_audits', [
      audit('2023-01-05', { verdict: '企业有责' }),
      audit('2023-01-20', { proxy_ticket: true, proxy_suspect: true }),
      audit('2023-02-01', { province: '湖南', verdict: '用户原因' }),
    ]);
    expect(await rows('select month::text, province, audits, company_responsible, company_not_responsible, customer_caused, other_verdicts, responsible_rate, proxy_ticket_audits, proxy_suspects from audit_verdicts_monthly order by 1, 2')).toEqual([
      { month: '2023-01-01', province: '广东', audits: 2, company_responsible: 1, company_not_responsible: 1, customer_caused: 0, other_verdicts: 0, responsible_rate: 50, proxy_ticket_audits: 1, proxy_suspects: 1 },
      { month: '2023-02-01', province: '湖南', audits: 1, company_responsible: 0, company_not_responsible: 0, customer_caused: 1, other_verdicts: 0, responsible_rate: 0, proxy_ticket_audits: 0, proxy_suspects: 0 },
    ]);
  });

  it('calls_answered_15s_monthly gives the queued calls answered by an agent within 15 s, per month and number called', async () => {
    await insertRows(wh(), 'call_records', [
      call({ start_time: '2023-01-03 10:00:00', wait_seconds: 10 }),
      call({ start_time: '2023-01-04 10:00:00', wait_seconds: 20 }),
      call({ start_time: '2023-01-05 10:00:00', wait_seconds: 30, outcome: '放弃' }),
      call({ start_time: '2023-02-01 10:00:00', queued: false, wait_seconds: null, outcome: 'IVR自助' }),
      call({ hotline: '10005', start_time: '2023-01-03 10:00:00', wait_seconds: 5 }),
    ]);
    const got = await rows('select month::text, hotline, calls, queued_calls, answered_by_agent, answered_within_15s, answer_15s_rate from calls_answered_15s_monthly order by 1, 2');
    expect(got).toEqual([
      { month: '2023-01-01', hotline: '10000', calls: 3, queued_calls: 3, answered_by_agent: 2, answered_within_15s: 1, answer_15s_rate: expect.closeTo(100 / 3, 10) },
      { month: '2023-01-01', hotline: '10005', calls: 1, queued_calls: 1, answered_by_agent: 1, answered_within_15s: 1, answer_15s_rate: 100 },
      { month: '2023-02-01', hotline: '10000', calls: 1, queued_calls: 0, answered_by_agent: 0, answered_within_15s: 0, answer_15s_rate: null },
    ]);
    const rate = await figure(wh(), 'calls.answer_15s_rate');
    expect([rate.numerator, rate.denominator]).toEqual([1, 3]);
  });
});
