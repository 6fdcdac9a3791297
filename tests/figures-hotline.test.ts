import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/db/warehouse.js';
import { figure } from './support/figures.js';
import { insertRows, openTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';

const ticket = (over: Record<string, unknown>) => ({
  ticket_id: `T${Math.random().toString(36).slice(2)}`,
  hotline: '10005',
  province: '广东',
  created_at: '2023-03-01 08:00:00',
  deadline: '2023-03-03 08:00:00',
  closed_at: '2023-03-02 08:00:00',
  channel: '电话',
  category: '投诉',
  first_contact_resolved: true,
  appeal_warning: false,
  overdue_warning: false,
  handle_seconds: 100,
  ...over,
});

describe.each(WAREHOUSE_KINDS)('hotline figures on %s', (kind) => {
  let wh: Warehouse;
  beforeEach(async () => {
    wh = await openTestWarehouse(kind);
  });
  afterEach(async () => {
    await wh.close();
  });

  it('hotline.on_time_rate counts 10005 tickets closed in the year, on time when closed_at <= deadline', async () => {
    await insertRows(wh, 'hotline_tickets', [
      ticket({ closed_at: '2023-03-03 08:00:00' }), // exactly at the deadline: on time
      ticket({ closed_at: '2023-03-03 08:00:01' }), // one second late
      ticket({ created_at: '2022-12-30 08:00:00', deadline: '2023-01-02 08:00:00', closed_at: '2023-01-01 00:00:00' }), // created 2022, closed 2023: counts
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2023-12-31 23:59:59' }), // last second of the year
      ticket({ created_at: '2023-12-31 08:00:00', deadline: '2024-01-05 08:00:00', closed_at: '2024-01-01 00:00:00' }), // closed next year
      ticket({ closed_at: null }), // still open
      ticket({ hotline: '10000' }), // other hotline
    ]);
    const f = await figure(wh, 'hotline.on_time_rate');
    expect(f.denominator).toBe(4);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(75, 10);
  });

  it('hotline.on_time_rate is not computable, not 0, when no ticket was closed in the year', async () => {
    await insertRows(wh, 'hotline_tickets', [ticket({ closed_at: null })]);
    const f = await figure(wh, 'hotline.on_time_rate');
    expect(f.value).toBeNull();
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });
});
