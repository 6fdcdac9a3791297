import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { safetyRecord as record } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('safety figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['safety_register'] });

  it('the hazard figures take the 隐患 found in the year: all, level 3级, rectified by 09-30, and their cost', async () => {
    await insertRows(wh(), 'safety_register', [
      record('隐患', '2023-01-01', { rectified_date: '2023-09-30', cost: 10000 }), // rectified on the last day
      record('隐患', '2023-03-01', { rectified_date: '2023-04-01', cost: 3000 }),
      record('隐患', '2023-12-31', { cost: 2500.5 }), // not rectified
      record('隐患', '2023-05-01', { level: '2级', rectified_date: '2023-10-01', cost: 0 }), // rectified a day late, at no cost
      record('隐患', '2022-12-31', { rectified_date: '2023-01-10', cost: 99999 }), // found the year before
      record('隐患', '2024-01-01', { rectified_date: '2024-01-02', cost: 99999 }),
      record('事故', '2023-06-01', { cost: 5000, rectified_date: '2023-06-02' }),
      record('信息安全违规', '2023-06-01', { cost: 700, rectified_date: '2023-06-02' }),
    ]);
    expect((await figure(wh(), 'safety.hazards')).value).toBe(4);
    expect((await figure(wh(), 'safety.level3_hazards')).value).toBe(3);
    expect((await figure(wh(), 'safety.rectified_by_september')).value).toBe(2);
    const cost = await figure(wh(), 'safety.rectification_cost');
    expect(cost.value).toBeCloseTo(15500.5, 10);
    expect(cost.reason).toBeNull();
  });

  it('safety.accidents and safety.infosec_violations count their kind found in the year', async () => {
    await insertRows(wh(), 'safety_register', [
      record('事故', '2023-01-01'),
      record('事故', '2022-12-31'),
      record('事故', '2024-01-01'),
      record('信息安全违规', '2023-12-31'),
      record('信息安全违规', '2023-06-01'),
      record('信息安全违规', '2024-01-01'),
      record('隐患', '2023-06-01'),
    ]);
    expect((await figure(wh(), 'safety.accidents')).value).toBe(1);
    expect((await figure(wh(), 'safety.infosec_violations')).value).toBe(2);
  });

  it('the counts are 0 over a year without records, and the cost is not computable', async () => {
    await insertRows(wh(), 'safety_register', [record('隐患', '2022-06-01', { cost: 100 }), record('事故', '2024-06-01'), record('信息安全违规', '2022-06-01')]);
    for (const id of ['safety.hazards', 'safety.level3_hazards', 'safety.rectified_by_september', 'safety.accidents', 'safety.infosec_violations']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
    const cost = await figure(wh(), 'safety.rectification_cost');
    expect(cost.value).toBeNull();
    expect(cost.reason).toBe('no hazard (kind 隐患) was found in 2023: no rectification cost to sum');
  });

  it('safety.rectification_cost is not computable when no hazard of the year has a cost', async () => {
    await insertRows(wh(), 'safety_register', [record('隐患', '2023-02-01'), record('隐患', '2023-03-01', { level: '1级' }), record('事故', '2023-03-01', { cost: 100 })]);
    const cost = await figure(wh(), 'safety.rectification_cost');
    expect(cost.value).toBeNull();
    expect(cost.reason).toBe('2 of the 2 hazards found in 2023 have no 整改费用 (cost): the total would leave them out');
    expect((await figure(wh(), 'safety.hazards')).value).toBe(2);
    expect((await figure(wh(), 'safety.level3_hazards')).value).toBe(1);
  });

  it('safety.rectification_cost is not computable when one hazard of the year has no cost: never a short total', async () => {
    await insertRows(wh(), 'safety_register', [record('隐患', '2023-02-01', { cost: 1000 }), record('隐患', '2023-03-01')]);
    const cost = await figure(wh(), 'safety.rectification_cost');
    expect(cost.value).toBeNull();
    expect(cost.reason).toBe('1 of the 2 hazards found in 2023 have no 整改费用 (cost): the total would leave them out');
  });
});
