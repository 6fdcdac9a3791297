import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { hotlineTicket } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

/** An open 互联网 ticket created at `created_at`; the complaints figures look only at creation time, channel and category. */
const ticket = (created_at: string, over: Parameters<typeof hotlineTicket>[0] = {}) =>
  hotlineTicket({ created_at, deadline: '2030-01-01 00:00:00', closed_at: null, channel: '互联网', ...over });

describe.each(WAREHOUSE_KINDS)('complaints and antifraud figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['hotline_tickets'] });

  it('complaints.internet_growth compares 互联网 投诉 of any hotline created in M (2023-07) with M−1', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      // June: 3
      ticket('2023-06-01 00:00:00'),
      ticket('2023-06-30 23:59:59'),
      ticket('2023-06-15 10:00:00', { hotline: '10000' }),
      // July: 8
      ticket('2023-07-01 00:00:00'),
      ticket('2023-07-31 23:59:59'),
      ticket('2023-07-10 10:00:00'),
      ticket('2023-07-11 10:00:00'),
      ticket('2023-07-12 10:00:00'),
      ticket('2023-07-13 10:00:00', { closed_at: '2023-07-14 10:00:00' }),
      ticket('2023-07-14 10:00:00', { hotline: '10000' }),
      ticket('2023-07-15 10:00:00', { hotline: '国漫' }),
      // neither month, or not an internet complaint
      ticket('2023-05-31 23:59:59'),
      ticket('2023-08-01 00:00:00'),
      ticket('2023-07-20 10:00:00', { channel: '电话' }),
      ticket('2023-07-20 10:00:00', { category: '咨询' }),
      ticket('2023-06-20 10:00:00', { category: '申诉' }),
    ]);
    const f = await figure(wh(), 'complaints.internet_growth');
    expect(f.parameters).toEqual({ month: '2023-07' });
    expect(f.numerator).toBe(8);
    expect(f.denominator).toBe(3);
    expect(f.value).toBeCloseTo((8 / 3 - 1) * 100, 10);
  });

  it('complaints.internet_growth with M = 2023-01 compares with 2022-12', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket('2022-12-01 00:00:00'),
      ticket('2022-12-31 23:59:59'),
      ticket('2022-11-30 23:59:59'),
      ticket('2023-01-01 00:00:00'),
      ticket('2023-01-31 23:59:59'),
      ticket('2023-01-15 12:00:00'),
      ticket('2023-02-01 00:00:00'),
    ]);
    const f = await figure(wh(), 'complaints.internet_growth', 2023, { month: '2023-01' });
    expect(f.numerator).toBe(3);
    expect(f.denominator).toBe(2);
    expect(f.value).toBeCloseTo(50, 10);
  });

  it('complaints.internet_growth is not computable when M−1 has none (zero base)', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket('2023-07-01 00:00:00'), ticket('2023-07-02 00:00:00'), ticket('2023-05-31 23:59:59')]);
    const f = await figure(wh(), 'complaints.internet_growth');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(2);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('complaints.internet_growth is −100 % when M has none and M−1 has some', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket('2023-06-10 00:00:00'), ticket('2023-08-01 00:00:00')]);
    const f = await figure(wh(), 'complaints.internet_growth');
    expect(f.numerator).toBe(0);
    expect(f.denominator).toBe(1);
    expect(f.value).toBeCloseTo(-100, 10);
  });

  it('complaints.appeal_rate_change is the 申诉 share of all tickets in M minus that of M−1, in pp', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      // June: 1 申诉 of 3 tickets
      ticket('2023-06-30 23:59:59', { category: '申诉', channel: '电话' }),
      ticket('2023-06-01 00:00:00', { category: '咨询', channel: '电话', hotline: '10000' }),
      ticket('2023-06-15 10:00:00'),
      // July: 1 申诉 of 4 tickets
      ticket('2023-07-01 00:00:00', { category: '申诉', hotline: '10000' }),
      ticket('2023-07-31 23:59:59', { category: '建议' }),
      ticket('2023-07-10 10:00:00', { channel: '短信' }),
      ticket('2023-07-11 10:00:00', { category: '其他', closed_at: '2023-07-12 10:00:00' }),
      // outside both months
      ticket('2023-05-31 23:59:59', { category: '申诉' }),
      ticket('2023-08-01 00:00:00', { category: '申诉' }),
    ]);
    const f = await figure(wh(), 'complaints.appeal_rate_change');
    expect(f.value).toBeCloseTo(25 - 100 / 3, 10);
    expect(f.numerator).toBeNull();
    expect(f.denominator).toBeNull();
    expect(f.reason).toBeNull();
  });

  it('complaints.appeal_rate_change is not computable when M−1 or M has no ticket at all', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket('2023-07-05 00:00:00', { category: '申诉' }), ticket('2023-05-31 23:59:59', { category: '申诉' })]);
    const noPreviousMonth = await figure(wh(), 'complaints.appeal_rate_change');
    expect(noPreviousMonth.value).toBeNull();
    expect(noPreviousMonth.reason).toMatch(/no rows/);

    await wh().exec('delete from hotline_tickets');
    await insertRows(wh(), 'hotline_tickets', [ticket('2023-06-05 00:00:00', { category: '申诉' }), ticket('2023-08-01 00:00:00', { category: '申诉' })]);
    const noMonth = await figure(wh(), 'complaints.appeal_rate_change');
    expect(noMonth.value).toBeNull();
    expect(noMonth.reason).toMatch(/no rows/);
  });

  it('complaints.* are not computable for a year without a month M in parameters.json', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket('2022-06-05 00:00:00'), ticket('2022-07-05 00:00:00')]);
    for (const id of ['complaints.internet_growth', 'complaints.appeal_rate_change']) {
      const f = await figure(wh(), id, 2022);
      expect(f.value, id).toBeNull();
      expect(f.numerator, id).toBeNull();
      expect(f.denominator, id).toBeNull();
      expect(f.reason, id).toBe('the parameter month has no value for 2022 (sql/figures/parameters.json)');
    }
  });

  it('antifraud.tickets counts 一证通查, 12381 and 不良信息举报 tickets of any hotline created from 01-01 through 10-31', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket('2023-01-01 00:00:00', { channel: '一证通查', category: '咨询' }),
      ticket('2023-10-31 23:59:59', { channel: '12381', category: '投诉' }),
      ticket('2023-05-10 10:00:00', { channel: '不良信息举报', category: '其他', hotline: '10000' }),
      ticket('2023-06-10 10:00:00', { channel: '12381', category: '申诉', closed_at: '2023-06-11 10:00:00' }),
      ticket('2023-11-01 00:00:00', { channel: '一证通查' }), // November
      ticket('2023-12-15 10:00:00', { channel: '不良信息举报' }),
      ticket('2022-12-31 23:59:59', { channel: '12381' }), // the year before
      ticket('2023-05-10 10:00:00', { channel: '电话' }),
      ticket('2023-05-10 10:00:00', { channel: '互联网' }),
      ticket('2023-05-10 10:00:00', { channel: '其他' }),
    ]);
    expect((await figure(wh(), 'antifraud.tickets')).value).toBe(4);
    expect((await figure(wh(), 'antifraud.tickets', 2022)).value).toBe(0);
  });

  it('antifraud.tickets over no tickets is 0', async () => {
    const f = await figure(wh(), 'antifraud.tickets');
    expect(f.value).toBe(0);
    expect(f.reason).toBeNull();
  });
});
