import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { activity } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

/** The figures that count the activities of one type, each given a different number of them below. */
const COUNTED_TYPES = [
  ['party.study_sessions', '专题学习'],
  ['party.leadership_lectures', '领导班子党课'],
  ['party.branch_lectures', '支部书记党课'],
  ['party.research_outcomes', '调研成果'],
  ['team.learning_activities', '班组学习'],
  ['supervision.dispatch_meetings', '调度会议'],
  ['supervision.actions', '督办'],
  ['survey.analysis_reports', '分析报告'],
  ['survey.province_reports', '分省报告'],
  ['experience.product_reviews', '数字化产品体验'],
  ['experience.sharing_sessions', '体验分享会'],
  ['experience.magazine_issues', '体验杂志'],
] as const;

const SUMMED = ['supervision.remote_qc_tickets', 'supervision.investigation_letters', 'experience.audience'] as const;

describe.each(WAREHOUSE_KINDS)('activity figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['activities'] });

  it('each count figure counts the activities of its own type dated in the year, from 01-01 to 12-31', async () => {
    // Type number i gets i + 1 activities in 2023 (one on 01-01, the others on 12-31),
    // plus one on 2022-12-31 and one on 2024-01-01.
    const rows = COUNTED_TYPES.flatMap(([, type], i) => [
      ...Array.from({ length: i + 1 }, (_, n) => activity(type, n === 0 ? '2023-01-01' : '2023-12-31', { province: '广东', items: 10 })),
      activity(type, '2022-12-31'),
      activity(type, '2024-01-01'),
    ]);
    await insertRows(wh(), 'activities', [...rows, activity('其他', '2023-06-01'), activity('主题党日', '2023-06-01')]);
    for (const [i, [id]] of COUNTED_TYPES.entries()) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(i + 1);
      expect(f.reason, id).toBeNull();
    }
  });

  it('the count figures over a year without activities of their type are 0', async () => {
    await insertRows(wh(), 'activities', [activity('其他', '2023-06-01'), activity('专题学习', '2022-06-01'), activity('督办', '2024-06-01', { province: '北京' })]);
    for (const [id] of COUNTED_TYPES) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });

  it('the province figures count distinct provinces of their type in the year; activities without a province do not count', async () => {
    await insertRows(wh(), 'activities', [
      activity('督办', '2023-01-01', { province: '广东' }),
      activity('督办', '2023-05-01', { province: '广东' }), // same province again
      activity('督办', '2023-12-31', { province: '北京' }),
      activity('督办', '2023-07-01', { province: '浙江' }),
      activity('督办', '2023-07-02'), // no province
      activity('督办', '2022-12-31', { province: '上海' }),
      activity('督办', '2024-01-01', { province: '天津' }),
      activity('走访调研', '2023-03-01', { province: '江苏' }),
      activity('走访调研', '2023-04-01', { province: '广东' }),
      activity('走访调研', '2023-04-02'), // no province
      activity('专项分析', '2023-08-01', { province: '四川' }),
      activity('专项分析', '2023-08-02', { province: '四川' }),
      activity('分析报告', '2023-08-03', { province: '云南' }), // other type
    ]);
    expect((await figure(wh(), 'supervision.provinces')).value).toBe(3);
    expect((await figure(wh(), 'supervision.actions')).value).toBe(5); // the action without a province still counts as an action
    expect((await figure(wh(), 'supervision.visited_provinces')).value).toBe(2);
    expect((await figure(wh(), 'survey.special_analysis_provinces')).value).toBe(1);
  });

  it('the province figures over a year without activities of their type, or only without provinces, are 0', async () => {
    await insertRows(wh(), 'activities', [activity('督办', '2023-05-01'), activity('走访调研', '2022-05-01', { province: '广东' }), activity('其他', '2023-05-01', { province: '广东' })]);
    for (const id of ['supervision.provinces', 'supervision.visited_provinces', 'survey.special_analysis_provinces']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });

  it('the sum figures add items (remote QC, letters) or participants (sharing sessions and magazine) of the year', async () => {
    await insertRows(wh(), 'activities', [
      activity('远程质检', '2023-01-01', { items: 100 }),
      activity('远程质检', '2023-12-31', { items: 205 }),
      activity('远程质检', '2022-12-31', { items: 1000 }),
      activity('远程质检', '2024-01-01', { items: 1000 }),
      activity('调查函研判', '2023-03-01', { items: 80 }),
      activity('调查函研判', '2023-03-02', { items: 0, participants: 50 }), // participants are not items
      activity('体验分享会', '2023-01-01', { participants: 300 }),
      activity('体验杂志', '2023-12-31', { participants: 450 }),
      activity('体验分享会', '2022-12-31', { participants: 1000 }),
      activity('数字化产品体验', '2023-06-01', { participants: 999, items: 999 }), // other type
    ]);
    const remote = await figure(wh(), 'supervision.remote_qc_tickets');
    expect(remote.value).toBe(305);
    expect(remote.reason).toBeNull();
    expect((await figure(wh(), 'supervision.investigation_letters')).value).toBe(80);
    expect((await figure(wh(), 'experience.audience')).value).toBe(750);
  });

  it('the sum figures are 0 over a year without activities of their type', async () => {
    await insertRows(wh(), 'activities', [activity('远程质检', '2022-06-01', { items: 5 }), activity('其他', '2023-06-01', { items: 5, participants: 5 })]);
    for (const id of SUMMED) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });

  it('the sum figures are not computable when an activity of their type in the year leaves the summed column empty', async () => {
    await insertRows(wh(), 'activities', [
      activity('远程质检', '2023-02-01'),
      activity('远程质检', '2023-03-01', { participants: 4 }),
      activity('远程质检', '2022-03-01', { items: 7 }),
      activity('体验杂志', '2023-04-01', { items: 3 }),
    ]);
    const remote = await figure(wh(), 'supervision.remote_qc_tickets');
    expect(remote.value).toBeNull();
    expect(remote.reason).toBe('2 of the 2 activities of type 远程质检 in 2023 have no 数量 (items): the total would leave them out');
    const audience = await figure(wh(), 'experience.audience');
    expect(audience.value).toBeNull();
    expect(audience.reason).toBe('1 of the 1 activities of types 体验分享会 and 体验杂志 in 2023 have no 参与人数 (participants): the total would leave them out');
    expect((await figure(wh(), 'supervision.investigation_letters')).value).toBe(0);
  });

  it('one empty cell among many is enough: the total is not computable rather than short', async () => {
    await insertRows(wh(), 'activities', [
      activity('调查函研判', '2023-02-01', { items: 40 }),
      activity('调查函研判', '2023-03-01', { items: 40 }),
      activity('调查函研判', '2023-04-01'),
    ]);
    const letters = await figure(wh(), 'supervision.investigation_letters');
    expect(letters.value).toBeNull();
    expect(letters.reason).toBe('1 of the 3 activities of type 调查函研判 in 2023 have no 数量 (items): the total would leave them out');
  });
});
