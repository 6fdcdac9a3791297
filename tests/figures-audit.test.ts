import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { ticketAudit as audit } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

const MONTHS = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));

describe.each(WAREHOUSE_KINDS)('ticket audit figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['ticket_audits'] });

  it('audit.reviewed, responsible, proxy_reviewed and proxy_suspect_share count the audits dated in the year', async () => {
    await insertRows(wh(), 'ticket_audits', [
      audit('2023-01-01', { verdict: '企业有责' }),
      audit('2023-12-31', { verdict: '企业有责', proxy_ticket: true, proxy_suspect: true }),
      audit('2023-06-01', { proxy_ticket: true, proxy_suspect: false }),
      audit('2023-06-02', { proxy_ticket: true, proxy_suspect: null }), // empty 疑似代客: not a suspect
      audit('2023-06-03', { proxy_ticket: true, proxy_suspect: true, verdict: '其他' }),
      audit('2023-06-04', { verdict: '用户原因' }),
      audit('2023-06-05', { proxy_ticket: false, proxy_suspect: true }), // not a proxy ticket: outside the share
      audit('2022-12-31', { verdict: '企业有责', proxy_ticket: true, proxy_suspect: true }),
      audit('2024-01-01', { verdict: '企业有责', proxy_ticket: true, proxy_suspect: true }),
    ]);
    expect((await figure(wh(), 'audit.reviewed')).value).toBe(7);
    expect((await figure(wh(), 'audit.responsible')).value).toBe(2);
    expect((await figure(wh(), 'audit.proxy_reviewed')).value).toBe(4);
    const share = await figure(wh(), 'audit.proxy_suspect_share');
    expect(share.numerator).toBe(2);
    expect(share.denominator).toBe(4);
    expect(share.value).toBeCloseTo(50, 10);
  });

  it('the audit counts are 0 and the proxy share not computable over a year without audits', async () => {
    await insertRows(wh(), 'ticket_audits', [audit('2022-12-31', { verdict: '企业有责', proxy_ticket: true, proxy_suspect: true })]);
    for (const id of ['audit.reviewed', 'audit.responsible', 'audit.proxy_reviewed']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
    const share = await figure(wh(), 'audit.proxy_suspect_share');
    expect(share.value).toBeNull();
    expect(share.numerator).toBe(0);
    expect(share.denominator).toBe(0);
    expect(share.reason).toMatch(/denominator is 0/);
  });

  it('audit.monthly_responsible_rate is the mean of the twelve monthly rates, not the pooled rate', async () => {
    // January: 1 audit, 企业有责 (100 %). February to December: 4 audits, 1 企业有责 (25 %).
    // Mean (100 + 11 × 25) / 12 = 31.25; the pooled rate would be 12 / 45 = 26.7.
    const rows = [audit('2023-01-31', { verdict: '企业有责' })];
    for (const month of MONTHS.slice(1)) {
      const last = month === '12' ? '31' : '28';
      rows.push(audit(`2023-${month}-01`, { verdict: '企业有责' }), audit(`2023-${month}-02`), audit(`2023-${month}-03`, { verdict: '用户原因' }), audit(`2023-${month}-${last}`));
    }
    rows.push(audit('2022-12-31', { verdict: '企业有责' }), audit('2024-01-01'), audit('2024-01-01'));
    await insertRows(wh(), 'ticket_audits', rows);
    const f = await figure(wh(), 'audit.monthly_responsible_rate');
    expect(f.value).toBeCloseTo(31.25, 10);
    expect(f.numerator).toBeNull();
    expect(f.denominator).toBeNull();
    expect(f.reason).toBeNull();
  });

  it('audit.monthly_responsible_rate is not computable when a month of the year has no audits, and names the months', async () => {
    const rows = MONTHS.filter((m) => m !== '03' && m !== '07').map((m) => audit(`2023-${m}-15`, { verdict: '企业有责' }));
    rows.push(audit('2022-03-15'), audit('2024-07-01')); // the same months of other years do not fill the gaps
    await insertRows(wh(), 'ticket_audits', rows);
    const f = await figure(wh(), 'audit.monthly_responsible_rate');
    expect(f.value).toBeNull();
    expect(f.numerator).toBeNull();
    expect(f.denominator).toBeNull();
    expect(f.reason).toBe('no audits in 2023-03, 2023-07: the mean of twelve monthly rates needs every month');
  });

  it('audit.monthly_responsible_rate over a year without audits names all twelve months', async () => {
    await insertRows(wh(), 'ticket_audits', [audit('2022-06-01', { verdict: '企业有责' })]);
    const f = await figure(wh(), 'audit.monthly_responsible_rate');
    expect(f.value).toBeNull();
    expect(f.reason).toBe(`no audits in ${MONTHS.map((m) => `2023-${m}`).join(', ')}: the mean of twelve monthly rates needs every month`);
  });
});
