import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { contract, elearningRecord as study, energyMonth, hrEmployee as employee, volunteerService as service } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('e-learning, volunteer, energy and contract figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['elearning_records', 'volunteer_service', 'energy', 'contracts', 'hr_roster'] });

  it('elearning.hours and elearning.credits add the minutes (in hours) and credits of records studied in the year', async () => {
    await insertRows(wh(), 'elearning_records', [
      study('2023-01-01', { minutes: 90, credits: 1.5 }),
      study('2023-06-01', { minutes: 45, credits: 0, employee_id: 'W99' }), // an outsourced worker counts too
      study('2023-12-31', { minutes: 30, credits: 2 }),
      study('2022-12-31', { minutes: 600, credits: 10 }),
      study('2024-01-01', { minutes: 600, credits: 10 }),
    ]);
    expect((await figure(wh(), 'elearning.hours')).value).toBeCloseTo(165 / 60, 10);
    expect((await figure(wh(), 'elearning.credits')).value).toBeCloseTo(3.5, 10);
  });

  it('the e-learning sums are not computable, not 0, over a year without records', async () => {
    await insertRows(wh(), 'elearning_records', [study('2022-06-01')]);
    for (const id of ['elearning.hours', 'elearning.credits']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBeNull();
      expect(f.reason, id).toBe('no rows to compute it from for this year');
    }
  });

  it('the volunteer figures count rows, distinct activities and hours of service dated in the year', async () => {
    await insertRows(wh(), 'volunteer_service', [
      service('V1', '2023-01-01', 'E1', { hours: 2 }),
      service('V1', '2023-01-01', 'E2', { hours: 1.5 }),
      service('V2', '2023-12-31', 'E1', { hours: 3 }),
      service('V3', '2023-06-01', 'E3', { hours: 0.5 }),
      service('V4', '2022-12-31', 'E1', { hours: 10 }),
      service('V5', '2024-01-01', 'E1', { hours: 10 }),
    ]);
    expect((await figure(wh(), 'volunteer.person_times')).value).toBe(4);
    expect((await figure(wh(), 'volunteer.activities')).value).toBe(3);
    expect((await figure(wh(), 'volunteer.hours')).value).toBeCloseTo(7, 10);
  });

  it('over a year without volunteer service the counts are 0 and the hours not computable', async () => {
    await insertRows(wh(), 'volunteer_service', [service('V1', '2022-06-01', 'E1')]);
    expect((await figure(wh(), 'volunteer.person_times')).value).toBe(0);
    expect((await figure(wh(), 'volunteer.activities')).value).toBe(0);
    const hours = await figure(wh(), 'volunteer.hours');
    expect(hours.value).toBeNull();
    expect(hours.reason).toBe('no rows to compute it from for this year');
  });

  it('energy.plan_ratio is the kWh used / the kWh planned, over every building and month of the year', async () => {
    await insertRows(wh(), 'energy', [
      energyMonth('2023-01-01', { site: 'A楼', kwh: 990, plan_kwh: 1000 }),
      energyMonth('2023-01-01', { site: 'B楼', kwh: 1000, plan_kwh: 1000 }),
      energyMonth('2023-12-01', { site: 'A楼', kwh: 1000, plan_kwh: 1000 }),
      energyMonth('2022-12-01', { kwh: 5000, plan_kwh: 1000 }),
      energyMonth('2024-01-01', { kwh: 5000, plan_kwh: 1000 }),
    ]);
    const f = await figure(wh(), 'energy.plan_ratio');
    expect(f.numerator).toBe(2990);
    expect(f.denominator).toBe(3000);
    expect(f.value).toBeCloseTo((100 * 2990) / 3000, 10);
  });

  it('energy.plan_ratio is not computable over a year without any month', async () => {
    await insertRows(wh(), 'energy', [energyMonth('2022-12-01')]);
    const f = await figure(wh(), 'energy.plan_ratio');
    expect(f.value).toBeNull();
    expect(f.numerator).toBeNull();
    expect(f.denominator).toBeNull();
    expect(f.reason).toBe('no rows to compute it from for this year');
  });

  it('contracts.fulfilment_rate and procurement_fulfilment_rate: 履约完成 or 履约中 / contracts signed in the year, 责任书 excluded', async () => {
    await insertRows(wh(), 'contracts', [
      contract('采购', '2023-01-01', { status: '履约完成' }),
      contract('采购', '2023-06-01', { status: '违约' }),
      contract('服务', '2023-12-31', { status: '履约中' }),
      contract('租赁', '2023-06-01', { status: '违约' }),
      contract('其他', '2023-06-01', { status: '终止' }),
      contract('责任书', '2023-06-01', { status: '违约', counterparty: '客服一部' }), // not a contract of these rates
      contract('采购', '2022-12-31', { status: '违约' }),
      contract('采购', '2024-01-01', { status: '违约' }),
    ]);
    const all = await figure(wh(), 'contracts.fulfilment_rate');
    expect(all.numerator).toBe(2);
    expect(all.denominator).toBe(5);
    expect(all.value).toBeCloseTo(40, 10);
    const procurement = await figure(wh(), 'contracts.procurement_fulfilment_rate');
    expect(procurement.numerator).toBe(1);
    expect(procurement.denominator).toBe(2);
    expect(procurement.value).toBeCloseTo(50, 10);
  });

  it('the fulfilment rates are not computable when only 责任书 were signed in the year', async () => {
    await insertRows(wh(), 'contracts', [contract('责任书', '2023-03-01', { counterparty: '客服一部' }), contract('采购', '2022-03-01')]);
    for (const id of ['contracts.fulfilment_rate', 'contracts.procurement_fulfilment_rate']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBeNull();
      expect(f.numerator, id).toBe(0);
      expect(f.denominator, id).toBe(0);
      expect(f.reason, id).toMatch(/denominator is 0/);
    }
  });

  it('contracts.responsibility_rate: departments of formal staff at year end that signed a 责任书 in the year / all those departments', async () => {
    await insertRows(wh(), 'hr_roster', [
      employee('E1', { department: '客服一部' }),
      employee('E2', { department: '客服一部' }),
      employee('E3', { department: '客服二部' }),
      employee('E4', { department: '综合部' }),
      employee('E5', { department: '财务部', leave_date: '2023-12-31' }), // gone at year end
      employee('E6', { department: '质检部', employment_type: '外包' }), // not formal
      employee('E7', { department: '市场部', hire_date: '2024-01-01' }), // not yet hired
    ]);
    await insertRows(wh(), 'contracts', [
      contract('责任书', '2023-01-01', { counterparty: '客服一部' }),
      contract('责任书', '2023-02-01', { counterparty: '客服一部' }), // signed twice: one department
      contract('责任书', '2023-12-31', { counterparty: '客服二部' }),
      contract('责任书', '2023-03-01', { counterparty: '财务部' }), // no formal staff at year end
      contract('责任书', '2023-03-01', { counterparty: '质检部' }),
      contract('责任书', '2022-12-31', { counterparty: '综合部' }), // signed the year before
      contract('采购', '2023-06-01', { counterparty: '综合部' }), // not a 责任书
    ]);
    const f = await figure(wh(), 'contracts.responsibility_rate');
    expect(f.numerator).toBe(2);
    expect(f.denominator).toBe(3);
    expect(f.value).toBeCloseTo(200 / 3, 10);
  });

  it('contracts.responsibility_rate is not computable without formal staff at year end', async () => {
    await insertRows(wh(), 'hr_roster', [employee('E1', { leave_date: '2023-06-30' })]);
    await insertRows(wh(), 'contracts', [contract('责任书', '2023-01-01', { counterparty: '客服一部' })]);
    const f = await figure(wh(), 'contracts.responsibility_rate');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(0);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });
});
