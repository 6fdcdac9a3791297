import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { hrEmployee, trainingAttendance as attendance, trainingSession as session } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

/** A formal employee as in the hr tests, but male and not promoted (neither matters to training.coverage). */
const employee = (employee_id: string, over: Parameters<typeof hrEmployee>[1] = {}) => hrEmployee(employee_id, { gender: '男', promoted: false, ...over });

const sessions = [
  session('S01', '2023-01-01'), // first day of the year
  session('S02', '2023-12-31', { category: '技能提升类' }), // last day of the year
  session('S03', '2022-12-31'),
  session('S04', '2024-01-01'),
  session('S05', '2023-10-01', { category: '专业管理类' }), // first day of October
  session('S06', '2023-10-31', { category: '专业管理类' }), // last day of October
  session('S07', '2023-09-30', { category: '专业管理类' }),
  session('S08', '2023-11-01', { category: '专业管理类' }),
  session('S09', '2023-10-15', { category: '业务技术类' }), // October, other category
  session('S10', '2022-10-10', { category: '专业管理类' }), // October of another year
];

const attendances = [
  attendance('S01', 'E01'),
  attendance('S01', 'E02'),
  attendance('S01', 'E03', { signed_in: false }), // registered, did not sign in
  attendance('S02', 'E01'), // E01 a second time: a second 人次
  attendance('S03', 'E04'), // 2022 session
  attendance('S04', 'E05'), // 2024 session
  attendance('S05', 'E06'),
  attendance('S05', 'E07'),
  attendance('S06', 'E06'), // E06 at both October management sessions: one person
  attendance('S06', 'E08', { signed_in: false }),
  attendance('S07', 'E09'),
  attendance('S08', 'E10'),
  attendance('S09', 'E11'),
  attendance('S10', 'E12'),
];

describe.each(WAREHOUSE_KINDS)('training figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['training_attendance', 'training_sessions', 'hr_roster'] });

  it('training.sessions counts sessions starting in the year, 01-01 and 12-31 included', async () => {
    await insertRows(wh(), 'training_sessions', sessions);
    expect((await figure(wh(), 'training.sessions')).value).toBe(7); // S01 S02 S05–S09
    expect((await figure(wh(), 'training.sessions', 2024)).value).toBe(1); // S04
    expect((await figure(wh(), 'training.sessions', 2022)).value).toBe(2); // S03 S10
  });

  it('training.attendances counts signed-in attendance rows (人次, not people) of sessions starting in the year', async () => {
    await insertRows(wh(), 'training_sessions', sessions);
    await insertRows(wh(), 'training_attendance', attendances);
    // S01 E01, S01 E02, S02 E01, S05 E06, S05 E07, S06 E06, S07 E09, S08 E10, S09 E11
    expect((await figure(wh(), 'training.attendances')).value).toBe(9);
  });

  it('training.management_attendees counts distinct signed-in people of 专业管理类 sessions starting in October', async () => {
    await insertRows(wh(), 'training_sessions', sessions);
    await insertRows(wh(), 'training_attendance', attendances);
    expect((await figure(wh(), 'training.management_attendees')).value).toBe(2); // E06 E07
    expect((await figure(wh(), 'training.management_attendees', 2022)).value).toBe(1); // E12
  });

  it('training.coverage: formal at year end with a signed-in attendance of a session of the year', async () => {
    await insertRows(wh(), 'training_sessions', sessions);
    await insertRows(wh(), 'training_attendance', attendances);
    await insertRows(wh(), 'hr_roster', [
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
    const f = await figure(wh(), 'training.coverage');
    expect(f.denominator).toBe(7);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(300 / 7, 10);
  });

  it('training.coverage is 0 (computable) when nobody trained, and not computable with no formal employee', async () => {
    await insertRows(wh(), 'hr_roster', [employee('E01'), employee('E02')]);
    const none = await figure(wh(), 'training.coverage');
    expect(none.value).toBe(0);
    expect(none.numerator).toBe(0);
    expect(none.denominator).toBe(2);

    await wh().exec('delete from hr_roster');
    await insertRows(wh(), 'hr_roster', [employee('E01', { employment_type: '实习' })]);
    const empty = await figure(wh(), 'training.coverage');
    expect(empty.value).toBeNull();
    expect(empty.numerator).toBe(0);
    expect(empty.denominator).toBe(0);
    expect(empty.reason).toMatch(/denominator is 0/);
  });

  it('counts over no rows are 0', async () => {
    for (const id of ['training.sessions', 'training.attendances', 'training.management_attendees']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });
});
