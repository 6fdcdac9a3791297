import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { hrEmployee as employee } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

// Formal at 2023-12-31: E01 E02 E03 E11 (4). Formal during 2023: those and E04 E05 (6).
// Everyone outside both sets has every flag set and a talent tier, so wrongly counting them shows.
const roster = [
  employee('E01', { talent_tier: '核心', contract_signed: true, salary_paid: true, promoted: true, health_check: true, charity_day: true }),
  employee('E02', { hire_date: '2023-12-31', talent_tier: '骨干', contract_signed: true, salary_paid: true, promoted: false, health_check: true, charity_day: false }), // hired on the last day
  employee('E03', { leave_date: '2024-01-01', talent_tier: '核心', contract_signed: false, salary_paid: true, promoted: true, health_check: true, charity_day: false }), // leaves after year end
  employee('E11', { hire_date: '2015-06-01', talent_tier: '核心', contract_signed: true, salary_paid: true, promoted: false, health_check: false, charity_day: false }),
  employee('E04', { leave_date: '2023-12-31', talent_tier: '骨干', contract_signed: true, salary_paid: false }), // left on year end: during Y, not at year end
  employee('E05', { leave_date: '2023-01-01', talent_tier: '核心', contract_signed: false, salary_paid: true }), // left on the first day: during Y
  employee('E06', { leave_date: '2022-12-31', talent_tier: '核心' }), // left the year before
  employee('E07', { hire_date: '2024-01-01', talent_tier: '骨干' }), // hired after year end
  employee('E08', { employment_type: '外包', talent_tier: '核心' }),
  employee('E09', { employment_type: '劳务派遣', talent_tier: '骨干' }),
  employee('E10', { employment_type: '实习', hire_date: '2023-06-01', talent_tier: '核心' }),
];

describe.each(WAREHOUSE_KINDS)('hr figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['hr_roster'] });

  it('hr.headcount counts formal employees at year end: leaving on 12-31 is out, leaving on 01-01 of the next year is in', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.headcount');
    expect(f.value).toBe(4);
    expect(f.reason).toBeNull();
  });

  it('hr.headcount follows the report year', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    // At 2024-12-31: E01 E02 E11 and E07 (hired 2024-01-01); E03 left on 2024-01-01.
    expect((await figure(wh(), 'hr.headcount', 2024)).value).toBe(4);
    // At 2022-12-31: E01 E03 E11 E04 E05 (E06 left on that very day, E02 not hired yet).
    expect((await figure(wh(), 'hr.headcount', 2022)).value).toBe(5);
  });

  it('hr.contract_rate is over formal during Y, which includes those who left on 01-01 and 12-31', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.contract_rate');
    expect(f.denominator).toBe(6);
    expect(f.numerator).toBe(4); // E01 E02 E11 E04
    expect(f.value).toBeCloseTo(200 / 3, 10);
  });

  it('hr.salary_paid_rate is over formal during Y', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.salary_paid_rate');
    expect(f.denominator).toBe(6);
    expect(f.numerator).toBe(5); // all but E04
    expect(f.value).toBeCloseTo(500 / 6, 10);
  });

  it('hr.promotion_rate is over formal at year end', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.promotion_rate');
    expect(f.denominator).toBe(4);
    expect(f.numerator).toBe(2); // E01 E03
    expect(f.value).toBeCloseTo(50, 10);
  });

  it('hr.health_check_rate is over formal at year end', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.health_check_rate');
    expect(f.denominator).toBe(4);
    expect(f.numerator).toBe(3); // E01 E02 E03
    expect(f.value).toBeCloseTo(75, 10);
  });

  it('hr.charity_rate is over formal at year end', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    const f = await figure(wh(), 'hr.charity_rate');
    expect(f.denominator).toBe(4);
    expect(f.numerator).toBe(1); // E01
    expect(f.value).toBeCloseTo(25, 10);
  });

  it('hr.core_talents and hr.backbone_talents count tiers among formal at year end only', async () => {
    await insertRows(wh(), 'hr_roster', roster);
    expect((await figure(wh(), 'hr.core_talents')).value).toBe(3); // E01 E03 E11
    expect((await figure(wh(), 'hr.backbone_talents')).value).toBe(1); // E02
  });

  it('counts are 0 and rates are not computable when nobody is formal', async () => {
    await insertRows(wh(), 'hr_roster', [
      employee('X1', { employment_type: '外包' }),
      employee('X2', { employment_type: '劳务派遣', talent_tier: '骨干' }),
      employee('X3', { employment_type: '实习', talent_tier: '核心' }),
    ]);
    for (const id of ['hr.headcount', 'hr.core_talents', 'hr.backbone_talents']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
    for (const id of ['hr.contract_rate', 'hr.promotion_rate', 'hr.salary_paid_rate', 'hr.health_check_rate', 'hr.charity_rate']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBeNull();
      expect(f.numerator, id).toBe(0);
      expect(f.denominator, id).toBe(0);
      expect(f.reason, id).toMatch(/denominator is 0/);
    }
  });

  it('an empty roster gives a headcount of 0, not "no data"', async () => {
    const f = await figure(wh(), 'hr.headcount');
    expect(f.value).toBe(0);
    expect(f.reason).toBeNull();
  });
});
