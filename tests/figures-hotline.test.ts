import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { hotlineTicket as ticket } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('hotline figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['hotline_tickets'] });

  it('hotline.on_time_rate counts 10005 tickets closed in the year, on time when closed_at <= deadline', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket({ closed_at: '2023-03-03 08:00:00' }), // exactly at the deadline: on time
      ticket({ closed_at: '2023-03-03 08:00:01' }), // one second late
      ticket({ created_at: '2022-12-30 08:00:00', deadline: '2023-01-02 08:00:00', closed_at: '2023-01-01 00:00:00' }), // created 2022, closed 2023: counts
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2023-12-31 23:59:59' }), // last second of the year
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2024-01-01 00:00:00' }), // closed next year
      ticket({ closed_at: null }), // still open
      ticket({ hotline: '10000' }), // other hotline
    ]);
    const f = await figure(wh(), 'hotline.on_time_rate');
    expect(f.denominator).toBe(4);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(75, 10);
  });

  it('hotline.on_time_rate is not computable, not 0, when no ticket was closed in the year', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket({ closed_at: null })]);
    const f = await figure(wh(), 'hotline.on_time_rate');
    expect(f.value).toBeNull();
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('hotline.first_contact_rate is over the same tickets: 10005, closed in the year', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket({ first_contact_resolved: true }),
      ticket({ first_contact_resolved: true }),
      ticket({ first_contact_resolved: false }),
      ticket({ created_at: '2022-12-30 08:00:00', deadline: '2023-01-02 08:00:00', closed_at: '2023-01-01 00:00:00', first_contact_resolved: true }), // created 2022, closed 2023: counts
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2023-12-31 23:59:59', first_contact_resolved: false }), // last second of the year
      ticket({ created_at: '2022-12-31 08:00:00', deadline: '2023-01-05 08:00:00', closed_at: '2022-12-31 23:59:59' }), // closed the year before
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2024-01-01 00:00:00' }), // closed next year
      ticket({ closed_at: null }), // still open
      ticket({ hotline: '10000' }), // other hotline
    ]);
    const f = await figure(wh(), 'hotline.first_contact_rate');
    expect(f.denominator).toBe(5);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(60, 10);
  });

  it('hotline.first_contact_rate is not computable when no ticket was closed in the year', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket({ closed_at: null }), ticket({ hotline: '10000' })]);
    const f = await figure(wh(), 'hotline.first_contact_rate');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(0);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('hotline.closed_tickets counts 10005 tickets closed in the year, whenever they were created, and is 0 when none was', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket({}), // created and closed in 2023
      ticket({ created_at: '2022-12-30 08:00:00', deadline: '2023-01-02 08:00:00', closed_at: '2023-01-01 00:00:00' }), // created 2022, closed at the first second of 2023
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2023-12-31 23:59:59' }), // closed at the last second of 2023
      ticket({ created_at: '2022-12-31 08:00:00', deadline: '2023-01-05 08:00:00', closed_at: '2022-12-31 23:59:59' }), // closed the year before
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2024-01-01 00:00:00' }), // closed the year after
      ticket({ closed_at: null }), // still open
      ticket({ hotline: '10000' }), // other hotline
    ]);
    expect(await figure(wh(), 'hotline.closed_tickets')).toMatchObject({ value: 3, reason: null });
    expect(await figure(wh(), 'hotline.closed_tickets', 2022)).toMatchObject({ value: 1 });
    expect(await figure(wh(), 'hotline.closed_tickets', 2021)).toMatchObject({ value: 0, reason: null });
  });

  it('hotline.appeal_warnings and hotline.overdue_warnings count 10005 tickets created in the year, open or not', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      ticket({ created_at: '2023-01-01 00:00:00', deadline: '2023-01-03 00:00:00', closed_at: '2023-01-02 00:00:00', appeal_warning: true, overdue_warning: true }), // first second
      ticket({ created_at: '2023-12-31 23:59:59', deadline: '2024-01-02 00:00:00', closed_at: null, appeal_warning: true, overdue_warning: true }), // last second, still open
      ticket({ created_at: '2023-12-30 10:00:00', deadline: '2024-01-05 00:00:00', closed_at: '2024-01-02 00:00:00', appeal_warning: true, overdue_warning: false }), // closed next year
      ticket({ appeal_warning: false, overdue_warning: true }),
      ticket({ appeal_warning: true, overdue_warning: false }),
      ticket({ appeal_warning: false, overdue_warning: false }),
      ticket({ created_at: '2022-12-31 23:59:59', deadline: '2023-01-02 00:00:00', closed_at: '2023-01-01 01:00:00', appeal_warning: true, overdue_warning: true }), // created 2022
      ticket({ created_at: '2024-01-01 00:00:00', deadline: '2024-01-03 00:00:00', closed_at: null, appeal_warning: true, overdue_warning: true }), // created 2024
      ticket({ hotline: '10000', appeal_warning: true, overdue_warning: true }), // other hotline
    ]);
    const appeal = await figure(wh(), 'hotline.appeal_warnings');
    expect(appeal.value).toBe(4);
    const overdue = await figure(wh(), 'hotline.overdue_warnings');
    expect(overdue.value).toBe(3);
  });

  it('hotline warnings over no tickets are 0, not "no data"', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket({ hotline: '10000', appeal_warning: true, overdue_warning: true })]);
    for (const id of ['hotline.appeal_warnings', 'hotline.overdue_warnings']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });

  it('hotline.handle_time_cut is the average handling time of Y−1 minus that of Y, by closing date', async () => {
    await insertRows(wh(), 'hotline_tickets', [
      // closed in 2022: average 250
      ticket({ created_at: '2021-12-31 08:00:00', deadline: '2022-01-03 08:00:00', closed_at: '2022-01-01 00:00:00', handle_seconds: 200 }),
      ticket({ created_at: '2022-06-01 08:00:00', deadline: '2022-06-03 08:00:00', closed_at: '2022-06-02 08:00:00', handle_seconds: 300 }),
      // closed in 2023: average 361 / 3
      ticket({ handle_seconds: 100 }),
      ticket({ created_at: '2022-12-31 08:00:00', deadline: '2023-01-03 08:00:00', closed_at: '2023-01-01 00:00:00', handle_seconds: 120 }),
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-03 08:00:00', closed_at: '2023-12-31 23:59:59', handle_seconds: 141 }),
      // outside both years, other hotline, still open
      ticket({ created_at: '2021-12-30 08:00:00', deadline: '2022-01-03 08:00:00', closed_at: '2021-12-31 23:59:59', handle_seconds: 9999 }),
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-03 08:00:00', closed_at: '2024-01-01 00:00:00', handle_seconds: 9999 }),
      ticket({ hotline: '10000', handle_seconds: 9999 }),
      ticket({ closed_at: null, handle_seconds: 9999 }),
    ]);
    const f = await figure(wh(), 'hotline.handle_time_cut');
    expect(f.value).toBeCloseTo(250 - 361 / 3, 10);
    expect(f.numerator).toBeNull();
    expect(f.denominator).toBeNull();
    expect(f.reason).toBeNull();
  });

  it('hotline.handle_time_cut is not computable when either year has no closed 10005 ticket', async () => {
    await insertRows(wh(), 'hotline_tickets', [ticket({ handle_seconds: 100 }), ticket({ hotline: '10000', closed_at: '2022-03-02 08:00:00', created_at: '2022-03-01 08:00:00', deadline: '2022-03-03 08:00:00' })]);
    const noPreviousYear = await figure(wh(), 'hotline.handle_time_cut');
    expect(noPreviousYear.value).toBeNull();
    expect(noPreviousYear.reason).toMatch(/no rows/);

    const noCurrentYear = await figure(wh(), 'hotline.handle_time_cut', 2024);
    expect(noCurrentYear.value).toBeNull();
    expect(noCurrentYear.reason).toMatch(/no rows/);
  });
});
