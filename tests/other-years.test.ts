import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/db/open.js';
import { runPipeline } from '../src/pipeline/run.js';
import { coveringSamples, tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse, WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

describe.each(WAREHOUSE_KINDS)('another report year on %s', (kind) => {
  it('computes what the data allows and says why the rest is not computable, never 0', async () => {
    const input = tempDir();
    writeCsv(input, 'satisfaction_2022-2023.csv', [
      ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
      ['S1', '即时测评', '广东', '营业厅', '2022-12-31', '成功', '9', '是', '否'],
      ['S2', '即时测评', '湖南', '热线投诉', '2023-01-01', '成功', '8', '是', '是'],
      // A failed, unaudited sample in each other month of 2022, so that the export covers 2022 whole.
      ...coveringSamples([12]).map((r) => [r[0], r[1], r[2], r[3], r[4].replace('2023', '2022'), ...r.slice(5)]),
    ]);
    const t = await createTestWarehouse(kind);
    const wh = await openWarehouse(t.config);
    try {
      const report = await runPipeline(wh, { sources, year: 2022, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
      const byId = new Map(report.figures.map((f) => [f.id, f]));
      // The survey export covers every month of 2022: its figures are computed for 2022.
      expect(byId.get('survey.accuracy')).toMatchObject({ value: 0, numerator: 0, denominator: 1, status: 'unpublished' });
      expect(byId.get('survey.instant_provinces')).toMatchObject({ value: 1, status: 'unpublished' });
      // No ticket export at all, and no published values for 2022.
      expect(byId.get('hotline.appeal_warnings')).toMatchObject({ value: null, status: 'not_computable', reason: 'no export of hotline_tickets (10005 热线工单明细) was loaded (hotline.appeal_warnings reads 2022)' });
      // A parameter the year does not define.
      expect(byId.get('complaints.internet_growth')?.status).toBe('not_computable');
      expect(report.figures.every((f) => f.status !== 'match' && f.status !== 'mismatch')).toBe(true);
      expect(report.status).toBe('completed_with_errors');

      const y2024 = await runPipeline(wh, { sources, year: 2024, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
      expect(y2024.figures.find((f) => f.id === 'survey.success_samples')).toMatchObject({
        value: null,
        status: 'not_computable',
        reason: 'satisfaction_samples (满意度测评样本) has no rows in 2024-01 … 2024-12 (survey.success_samples reads 2024)',
      });
      // 2023 has rows in January only: never a figure from one month of the year.
      const y2023 = await runPipeline(wh, { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
      expect(y2023.figures.find((f) => f.id === 'survey.instant_provinces')?.reason).toBe(
        'satisfaction_samples (满意度测评样本) has no rows in 2023-02 … 2023-12 (survey.instant_provinces reads 2023)',
      );
    } finally {
      await wh.close();
      await t.dispose();
    }
  });
});
