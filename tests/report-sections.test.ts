/** The report's sections come from the figures' SQL headers (`-- section:`, `-- order:`). */
import { describe, expect, it } from 'vitest';
import { loadCatalog, parseFigureFile } from '../src/figures/catalog.js';
import { groupBySection } from '../src/report/report-model.js';
import type { FigureReport } from '../src/pipeline/run-report.js';

const header = (id: string, section?: string, order?: string) =>
  parseFigureFile(`${id}.sql`, [
    `-- id: ${id}`, '-- label: x', '-- unit: 件', '-- precision: 0', '-- sources: activities',
    ...(section ? [`-- section: ${section}`] : []), ...(order ? [`-- order: ${order}`] : []),
    '-- definition: x', 'select 1 as value',
  ].join('\n'));
const report = (id: string) => ({ id }) as FigureReport;

describe('report sections', () => {
  it('follow the part numeral and the number after ·, figures by order (decimals between) then id, the rest under 其他', () => {
    const catalog = [
      header('a.first', '三、责任绩效 · 2 公平运营', '2'),
      header('a.second', '三、责任绩效 · 2 公平运营', '1.5'),
      header('a.third', '三、责任绩效 · 10 其他绩效', '1'),
      header('a.fourth', '一、基础信息 · 企业简介', '1'),
      header('a.fifth', '三、责任绩效 · 2 公平运营'),
      header('a.sixth'),
    ];
    const sections = groupBySection(catalog.map((f) => report(f.id)), catalog);
    expect(sections.map((s) => [s.title, s.figures.map((f) => f.id)])).toEqual([
      ['一、基础信息 · 企业简介', ['a.fourth']],
      ['三、责任绩效 · 2 公平运营', ['a.second', 'a.first', 'a.fifth']],
      ['三、责任绩效 · 10 其他绩效', ['a.third']],
      ['其他', ['a.sixth']],
    ]);
  });

  it('place every figure of the catalogue in a section of the report', () => {
    expect(loadCatalog().filter((f) => f.section === null).map((f) => f.id)).toEqual([]);
  });
});
