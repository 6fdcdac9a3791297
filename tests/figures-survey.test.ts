import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { satisfactionSample as sample } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

const instant = (survey_date: string, province: string, touchpoint: string, over: Parameters<typeof sample>[1] = {}) =>
  sample(survey_date, { survey: '即时测评', province, touchpoint, ...over });

describe.each(WAREHOUSE_KINDS)('survey figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['satisfaction_samples'] });

  it('survey.success_samples counts 成功 samples surveyed in the year, whatever the survey', async () => {
    await insertRows(wh(), 'satisfaction_samples', [
      sample('2023-01-01'),
      sample('2023-12-31', { survey: '四融' }),
      instant('2023-06-01', '北京', '营业厅'),
      sample('2023-06-01', { status: '失败', score: null }),
      sample('2023-06-01', { status: '无效', score: null }),
      sample('2022-12-31'),
      sample('2024-01-01'),
    ]);
    expect((await figure(wh(), 'survey.success_samples')).value).toBe(3);
  });

  it('survey.success_samples over no samples is 0', async () => {
    const f = await figure(wh(), 'survey.success_samples');
    expect(f.value).toBe(0);
    expect(f.reason).toBeNull();
  });

  it('survey.accuracy is passed / audited among samples of the year; an audited sample without a result is not passed', async () => {
    await insertRows(wh(), 'satisfaction_samples', [
      sample('2023-01-01', { audited: true, audit_passed: true }),
      sample('2023-12-31', { audited: true, audit_passed: true }),
      sample('2023-06-01', { audited: true, audit_passed: true, status: '失败', score: null }),
      sample('2023-06-01', { audited: true, audit_passed: false }),
      sample('2023-06-01', { audited: true, audit_passed: null }), // counted, as not passed
      sample('2023-06-01', { audited: false, audit_passed: true }), // not audited: out
      sample('2023-06-01'),
      sample('2022-12-31', { audited: true, audit_passed: false }),
      sample('2024-01-01', { audited: true, audit_passed: false }),
    ]);
    const f = await figure(wh(), 'survey.accuracy');
    expect(f.denominator).toBe(5);
    expect(f.numerator).toBe(3);
    expect(f.value).toBeCloseTo(60, 10);
  });

  it('survey.accuracy is not computable when no sample of the year was audited', async () => {
    await insertRows(wh(), 'satisfaction_samples', [sample('2023-06-01'), sample('2022-06-01', { audited: true, audit_passed: true })]);
    const f = await figure(wh(), 'survey.accuracy');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(0);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('survey.instant_provinces and survey.instant_touchpoints count distinct values among 即时测评 samples of the year', async () => {
    await insertRows(wh(), 'satisfaction_samples', [
      instant('2023-01-01', '广东', '热线投诉'),
      instant('2023-03-01', '广东', '营业厅'), // same province again
      instant('2023-12-31', '北京', '营业厅'), // same touchpoint again
      instant('2023-05-01', '江苏', '热线投诉', { status: '失败', score: null }), // any status: the definition does not filter it
      instant('2022-12-31', '西藏', '装维服务'),
      instant('2024-01-01', '新疆', '装维服务'),
      sample('2023-06-01', { survey: '公众综合', province: '浙江', touchpoint: '装维服务' }),
    ]);
    expect((await figure(wh(), 'survey.instant_provinces')).value).toBe(3);
    expect((await figure(wh(), 'survey.instant_touchpoints')).value).toBe(2);
  });

  it('survey.instant_* over no 即时测评 sample are 0', async () => {
    await insertRows(wh(), 'satisfaction_samples', [sample('2023-06-01', { survey: '产数', province: '浙江', touchpoint: '营业厅' })]);
    for (const id of ['survey.instant_provinces', 'survey.instant_touchpoints']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });
});
