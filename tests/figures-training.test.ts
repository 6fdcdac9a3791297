import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../src/db/warehouse.js';
import { figure } from './support/figures.js';
import { insertRows, openTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';

const session = (session_id: string, start_date: string, category = '业务技术类') => ({
  session_id,
  title: `培训班 ${session_id}`,
  category,
  start_date,
  end_date: null,
  hours: 4,
});

const attendance = (session_id: string, employee_id: string, signed_in = true) => ({ session_id, employee_id, signed_in });

const employee = (employee_id: string, over: Record<string, unknown> = {}) => ({
  employee_id,
  department: '客服一部',
  gender: '男',
  employment_type: '正式',
  hire_date: '2019-01-01',
  leave_date: null,
  contract_signed: true,
  promoted: false,
  talent_tier: '无',
  health_check: true,
  salary_paid: true,
  charity_day: true,
  ...over,
});

const sessions = [
  session('S01', '2023-01-01'), // first day of the year
  session('S02', '2023-12-31', '技能提升类'), // last day of the year
  session('S03', '2022-12-31'),
  session('S04', '2024-01-01'),
  session('S05', '2023-10-01', '专业管理类'), // first day of October
  session('S06', '2023-10-31', '专业管理类'), // last day of October
  session('S07', '2023-09-30', '专业管理类'),
  session('S08', '2023-11-01', '专业管理类'),
  session('S09', '2023-10-15', '业务技术类'), // October, other category
  session('S10', '2022-10-10', '专业管理类'), // October of another year
];

const attendances = [
  attendance('S01', 'E01'),
  attendance('S01', 'E02'),
  attendance('S01', 'E03', false), // registered, did not sign in
  attendance('S02', 'E01'), // E01 a second time: a second 人次
  attendance('S03', 'E04'), // 2022 session
  attendance('S04', 'E05'), // 2024 session
  attendance('S05', 'E06'),
  attendance('S05', 'E07'),
  attendance('S06', 'E06'), // E06 at both October management sessions: one person
  attendance('S06', 'E08', false),
  attendance('S07', 'E09'),
  attendance('S08', 'E10'),
  attendance('S09', 'E11'),
  attendance('S10', 'E12'),
];

describe.each(WAREHOUSE_KINDS)('training figures on %s', (kind) => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await openTestWarehouse(kind);
  });
  afterAll(async () => {
    await wh?.close();
  });
  beforeEach(async () => {
    await wh.exec('delete from training_attendance; delete from training_sessions; delete from hr_roster');
  });

  it('training.sessions counts sessions starting in the year, 01-01 and 12-31 included', async () => {
    await insertRows(wh, 'training_sessions', sessions);
    expect((await figure(wh, 'training.sessions')).value).toBe(7); // S01 S02 S05–S09
    expect((await figure(wh, 'training.sessions', 2024)).value).toBe(1); // S04
    expect((await figure(wh, 'training.sessions', 2022)).value).toBe(2); // S03 S10
  });

  it('training.attendances counts signed-in attendance rows (人次, not people) of sessions starting in the year', async () => {
    await insertRows(wh, 'training_sessions', sessions);
    await insertRows(wh, 'training_attendance', attendances);
    // S01 E01, S01 E02, S02 E01, S05 E06, S05 E07, S06 E06, S07 E09, S08 E10, S09 E11
    expect((await figure(wh, 'training.attendances')).value).toBe(9);
  });

  it('training.management_attendees counts distinct signed-in people of 专业管理类 sessions starting in October', async () => {
    await insertRows(wh, 'training_sessions', sessions);
    await insertRows(wh, 'training_attendance', attendances);
    expect((await figure(wh, 'training.management_attendees')).value).toBe(2); // E06 E07
    expect((await figure(wh, 'training.management_attendees', 2022)).value).toBe(1); // E12
  });

  it('training.coverage: formal at year end with a signed-in attendance of a session of the year', async () => {
    await insertRows(wh, 'training_sessions', sessions);
    await insertRows(wh, 'training_attendance', attendances);
    await insertRows(wh, 'hr_roster', [
      employee('E01'), // trained twice: counted once
      employee('E02'),
      employee('E09'), // trained in September
      employee('E03'), // only a not-signed-in attendance
      employee('E04'), // only a 2022 session
      employee('E05'), // only a 2024 session
      employee('E13'), // never trained
      employee('E06', { leave_date: '2023-12-31' }), // trained, but not formal at year end
      employee('E07', { employment_type: '外包' }), // trained, not formal
      employee('E11', { hire_date: '2024-01-01' }), // trained, hired after year end
    ]);
    const f = await figure(wh, 'training.coverage');
    expect(f.denominator).toBe(7);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(300 / 7, 10);
  });

  it('training.coverage is 0 (computable) when nobody trained, and not computable with no formal employee', async () => {
    await insertRows(wh, 'hr_roster', [employee('E01'), employee('E02')]);
    const none = await figure(wh, 'training.coverage');
    expect(none.value).toBe(0);
    expect(none.numerator).toBe(0);
    expect(none.denominator).toBe(2);

    await wh.exec('delete from hr_roster');
    await insertRows(wh, 'hr_roster', [employee('E01', { employment_type: '实习' })]);
    const empty = await figure(wh, 'training.coverage');
    expect(empty.value).toBeNull();
    expect(empty.numerator).toBe(0);
    expect(empty.denominator).toBe(0);
    expect(empty.reason).toMatch(/denominator is 0/);
  });

  it('counts over no rows are 0', async () => {
    for (const id of ['training.sessions', 'training.attendances', 'training.management_attendees']) {
      const f = await figure(wh, id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });
});
