/** The auditor's parts of report.html: lineage, monthly chart, first contributing rows, restatements. */
import type { ContributingRow } from '../audit/contributing-rows.js';
import type { FigureReport } from '../pipeline/run-report.js';
import type { ReportModel } from './report-model.js';
import { earlierYearBlocks, RESTATEMENT_HEADER, restatementIntro, restatementRows } from './restatements.js';
import { lineageSvg, monthlyChartSvg } from './svg.js';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cellText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(v));

/** The charted series' captions, by figure. */
const CHART_CAPTION: Record<string, string> = {
  'audit.monthly_responsible_rate': 'the twelve monthly rates (企业有责 / audits); their mean is the figure',
  'hotline.on_time_rate': 'monthly on-time rate of 10005 tickets, by month closed; the dashed line is the year',
  'hotline.first_contact_rate': 'monthly first-contact rate of 10005 tickets, by month closed; the dashed line is the year',
};

function rowsTable(rows: ContributingRow[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.columns)))];
  const head = ['part', 'file', 'sheet', 'row', 'contribution', ...columns].map((h) => `<th>${esc(h)}</th>`).join('');
  const body = rows
    .map((r) => {
      const cells = [r.part, r.file ?? `file #${r.fileId}`, r.sheet ?? '', String(r.row), cellText(r.contribution), ...columns.map((c) => cellText(r.columns[c]))];
      return `<tr>${cells.map((c, i) => `<td${i === 3 || i === 4 ? ' class="num"' : ''}>${esc(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table class="rows"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The lineage, chart and first contributing rows of one figure's derivation. */
export function figureAuditHtml(f: FigureReport, m: ReportModel): string {
  const parts = [`<p>Lineage: figure → tables → files (SHA-256 prefix, rows loaded).</p>${lineageSvg(f)}`];
  const series = m.audit?.series[f.id];
  if (series?.length) parts.push(monthlyChartSvg(series, f.definition.unit, f.value, CHART_CAPTION[f.id] ?? 'monthly series'));
  const rows = m.audit?.rows[f.id];
  if (rows?.length) {
    parts.push(
      `<details><summary>First ${rows.length} contributing rows (all of them: <code>etl explain ${esc(f.id)} --year ${m.year} --csv FILE</code>)</summary>${rowsTable(rows)}</details>`,
    );
  }
  return parts.join('\n');
}

/** The Restatements section, empty when the year was never frozen. */
export function restatementsHtml(m: ReportModel): string {
  const intro = restatementIntro(m);
  const own = intro ? `<h2 id="restatements">Restatements</h2><p>${esc(intro)}</p>${restatementTable(restatementRows(m))}` : '';
  // The frozen years before the report's, computed again after this run (a late export restates them).
  const earlier = earlierYearBlocks(m).map((e) => `<h2 id="restatements-${e.year}">Restatements of ${e.year}</h2><p>${esc(e.intro)}</p>${restatementTable(e.rows)}`);
  return own + earlier.join('');
}

function restatementTable(rows: { cells: string[]; files: string[] }[]): string {
  if (rows.length === 0) return '';
  return `<table><thead><tr>${RESTATEMENT_HEADER.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows
    .map((r) => `<tr class="restated">${r.cells.map((c) => `<td>${esc(c)}</td>`).join('')}<td>${r.files.map(esc).join('<br>')}</td></tr>`)
    .join('\n')}\n</tbody></table>`;
}
