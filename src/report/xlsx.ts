/** `figures.xlsx` for the office: a sheet of figures and a sheet of their derivations with their first contributing rows. */
import ExcelJS from 'exceljs';
import { originText } from '../audit/prior-year.js';
import { computedText, publishedText, VERDICT_LABEL, type ReportModel } from './report-model.js';

const VERDICT_FILL: Record<string, string> = { match: 'FFD8F0DF', mismatch: 'FFF8D7DA', not_computable: 'FFFFF0CC', unpublished: 'FFEFEFEF' };

export async function writeFiguresXlsx(m: ReportModel, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'etl';
  const figures = wb.addWorksheet('数据 Figures', { views: [{ state: 'frozen', ySplit: 1 }] });
  const c = m.compare;
  // The year before, when it has figures: its value and the change beside this year's, its unrounded value, the difference and where it comes from at the end.
  figures.columns = [
    { header: '章节 Section', key: 'section', width: 26 },
    { header: '指标 Figure', key: 'id', width: 34 },
    { header: '名称 Label', key: 'label', width: 24 },
    ...(c ? [{ header: `上年 ${c.heading}`, key: 'prior', width: 22 }] : []),
    { header: c ? `计算值 Computed ${m.year}` : '计算值 Computed', key: 'display', width: 16 },
    ...(c ? [{ header: '变化 Change', key: 'change', width: 20 }] : []),
    { header: '发布值 Published', key: 'published', width: 16 },
    { header: '核对 Verdict', key: 'verdict', width: 22 },
    { header: '原值 Value', key: 'value', width: 18 },
    { header: '单位 Unit', key: 'unit', width: 8 },
    { header: '分子 Numerator', key: 'numerator', width: 14 },
    { header: '分母 Denominator', key: 'denominator', width: 14 },
    { header: '说明 Reason', key: 'reason', width: 40 },
    ...(c
      ? [
          { header: `${c.year} 原值 Value`, key: 'priorValue', width: 18 },
          { header: `${c.year} 来源 Origin`, key: 'priorOrigin', width: 26 },
          { header: '差值 Difference', key: 'difference', width: 16 },
          { header: '变化率 Relative %', key: 'relative', width: 14 },
        ]
      : []),
  ];
  for (const s of m.sections) {
    for (const f of s.figures) {
      const compared = c?.figures[f.id];
      const row = figures.addRow({
        ...(compared
          ? {
              prior: compared.text,
              change: compared.change.text,
              priorValue: compared.earlier?.value ?? null,
              priorOrigin: compared.earlier ? originText(compared.earlier.origin) : '',
              difference: compared.change.difference,
              relative: compared.change.relative,
            }
          : {}),
        section: s.title,
        id: f.id,
        label: f.definition.label,
        display: computedText(f),
        published: publishedText(f),
        verdict: VERDICT_LABEL[f.status],
        value: f.value,
        unit: f.definition.unit,
        numerator: f.numerator,
        denominator: f.denominator,
        reason: f.reason ?? '',
      });
      row.getCell('verdict').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: VERDICT_FILL[f.status] } };
    }
  }
  figures.getRow(1).font = { bold: true };

  const derivations = wb.addWorksheet('推导 Derivations', { views: [{ state: 'frozen', ySplit: 1 }] });
  derivations.columns = [
    { header: '指标 Figure', key: 'id', width: 34 },
    { header: '定义 Definition', key: 'definition', width: 60 },
    { header: '参数 Parameters', key: 'parameters', width: 24 },
    { header: 'SQL', key: 'sql', width: 80 },
    { header: 'SQL SHA-256', key: 'sha', width: 66 },
    { header: '输入文件 Inputs (source, file, SHA-256, rows loaded)', key: 'inputs', width: 100 },
    // The first contributing rows follow each figure's row, one per line, in these columns.
    { header: '贡献行 Part', key: 'part', width: 12 },
    { header: '文件 File', key: 'file', width: 40 },
    { header: '工作表 Sheet', key: 'sheet', width: 12 },
    { header: '行号 Row', key: 'row', width: 9 },
    { header: '贡献 Contribution', key: 'contribution', width: 12 },
    { header: '内容 Columns', key: 'columns', width: 80 },
  ];
  for (const s of m.sections) {
    for (const f of s.figures) {
      const row = derivations.addRow({
        id: f.id,
        definition: f.definition.definition,
        parameters: Object.entries(f.parameters).map(([k, v]) => `${k} = ${v}`).join('\n'),
        sql: f.definition.sql.trim(),
        sha: f.definition.sha256,
        inputs: f.inputs.map((i) => `${i.source}, ${i.file}, ${i.sha256}, ${i.rows_loaded}`).join('\n'),
      });
      row.alignment = { wrapText: true, vertical: 'top' };
      for (const r of m.audit?.rows[f.id] ?? []) {
        derivations.addRow({
          id: f.id,
          part: r.part,
          file: r.file ?? `file #${r.fileId}`,
          sheet: r.sheet ?? '',
          row: r.row,
          contribution: r.contribution,
          columns: Object.entries(r.columns).map(([k, v]) => `${k}=${v ?? ''}`).join('; '),
        });
      }
    }
  }
  derivations.getRow(1).font = { bold: true };
  await wb.xlsx.writeFile(file);
}
