/**
 * An audit workbook written as each producer writes it loads the same rows and values as the
 * same workbook saved by Excel (exceljs), on both warehouses.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetFiles } from '../src/pipeline/forget.js';
import { runPipeline } from '../src/pipeline/run.js';
import { tempDir, writeXlsx } from './support/fixtures.js';
import { writeProducerXlsx, type ProducerStyle } from './support/producer-xlsx.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { WAREHOUSE_KINDS } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const ROWS: (string | number | Date | null)[][] = [
  ['审核编号', '工单编号', '省份', '审核日期', '定责结果', '代客工单', '疑似代客'],
  ['A1', 'T1', '广东', new Date(Date.UTC(2023, 0, 3)), '企业有责', '是', '否'],
  ['A2', 'T2', '北京市', new Date(Date.UTC(2023, 0, 31)), '企业无责', '否', null],
  ['A3', 20230001, '广西壮族自治区', new Date(Date.UTC(2023, 0, 15)), '用户原因', '是', '是'],
];

const PRODUCERS: Record<string, ProducerStyle> = {
  'LibreOffice (1904 dates, workbook.xml last)': { date1904: true, workbookLast: true },
  'Excel with phonetic guides': { phonetic: true },
  'openpyxl (absolute targets)': { absoluteTargets: true },
  '.NET Open XML SDK (prefixes)': { prefix: true, absoluteTargets: true },
  'Numbers (another sheet part name)': { sheetPart: 'xl/worksheets/data.xml' },
  'Apache POI (no references)': { noRefs: true },
};

describe.each(WAREHOUSE_KINDS)('workbooks from every producer on %s', (kind) => {
  const wh = useWarehouse(kind);
  const loaded = async (input: string) => {
    // Each producer's workbook on its own: the warehouse keeps every file it loaded, so the one before is forgotten first.
    await forgetFiles(wh(), { paths: [], all: true, sources, piiKey: 'k-0123456789abcdef0123456789abcdef' });
    const report = await runPipeline(wh(), { sources, year: 2023, inputDir: input, piiKey: 'k-0123456789abcdef0123456789abcdef' });
    const part = report.files[0].parts[0];
    const { rows } = await wh().query('select audit_id, ticket_id, province, audit_date::text as audit_date, verdict, proxy_ticket, proxy_suspect from ticket_audits order by 1');
    return { result: part.result && { read: part.result.read, loaded: part.result.loaded, rejected: part.result.rejected }, sheet: part.sheet, rows };
  };

  it('loads the same rows as the workbook saved by Excel', async () => {
    const original = tempDir();
    await writeXlsx(original, '工单审核_2023-01.xlsx', [{ name: '审核明细', rows: ROWS }]);
    const expected = await loaded(original);
    expect(expected.rows).toHaveLength(3);
    expect(expected.rows[0]).toMatchObject({ audit_id: 'A1', province: '广东', audit_date: '2023-01-03', proxy_ticket: true });
    for (const [producer, style] of Object.entries(PRODUCERS)) {
      const input = tempDir();
      writeProducerXlsx(join(input, '工单审核_2023-01.xlsx'), '审核明细', ROWS, style);
      expect(await loaded(input), producer).toEqual(expected);
    }
  });
});
