/** `report.html`: one self-contained page (no network, no scripts from elsewhere). */
import type { FigureReport } from '../pipeline/run-report.js';
import { figureAuditHtml, restatementsHtml } from './html-audit.js';
import { CALENDAR_STYLE, calendarHtml } from './html-calendar.js';
import { compareIntro, computedText, publishedText, VERDICT_LABEL, type ReportModel } from './report-model.js';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number | null) => (n === null ? '' : n.toLocaleString('en-US', { maximumFractionDigits: 6 }));
const anchor = (id: string) => `fig-${id.replace(/\./g, '-')}`;

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem}h2{margin-top:2.2rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}h3{margin-top:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem;font-size:.92rem}
th,td{border:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f7}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.match{color:#0a7d32;font-weight:600}.mismatch{color:#b00020;font-weight:600}.not_computable{color:#a15c00;font-weight:600}.unpublished{color:#555}
.summary span{display:inline-block;margin-right:1rem;padding:.2rem .6rem;border-radius:.3rem;background:#f5f5f7}
pre{background:#f5f5f7;padding:.8rem;overflow-x:auto;font-size:.85rem}code{font-size:.85rem}
.failed td{background:#fff0f0}
.restated td{background:#fff8e1}svg.lineage{display:block;max-width:100%;height:auto;margin:.4rem 0}figure.chart{margin:.6rem 0}figure.chart figcaption{font-size:.85rem;color:#555}
table.rows{font-size:.8rem}details{margin:.6rem 0}
`;

function table(header: string[], rows: string[][], numeric: number[] = [], rowClass?: (i: number) => string): string {
  const head = `<tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r, i) => `<tr${rowClass ? ` class="${rowClass(i)}"` : ''}>${r.map((c, j) => `<td${numeric.includes(j) ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}

function derivation(f: FigureReport, m: ReportModel): string {
  const value = f.value === null ? `not computable — ${esc(f.reason)}` : `${esc(fmt(f.value))} ${esc(f.definition.unit)}`;
  const ratio = f.numerator !== null ? ` (numerator ${esc(fmt(f.numerator))}, denominator ${esc(fmt(f.denominator))})` : '';
  const params = Object.entries(f.parameters).map(([k, v]) => `${esc(k)} = ${esc(v)}`).join(', ') || '—';
  const inputs = f.inputs.length
    ? table(['source', 'file', 'SHA-256', 'rows loaded'], f.inputs.map((i) => [esc(i.source), esc(i.file), `<code>${esc(i.sha256)}</code>`, esc(fmt(i.rows_loaded))]), [3])
    : '<p>No input rows.</p>';
  return `<section id="${anchor(f.id)}"><h3>${esc(f.id)} ${esc(f.definition.label)}</h3>
<ul><li>Definition: ${esc(f.definition.definition)}</li><li>Value: ${value}${ratio}</li>
<li>Published: ${esc(publishedText(f) || '—')} → <span class="${f.status}">${esc(VERDICT_LABEL[f.status])}</span></li>
<li>Parameters: ${params}</li><li>SQL: <code>sql/figures/${esc(f.definition.file)}</code>, SHA-256 <code>${esc(f.definition.sha256)}</code></li></ul>
<pre><code>${esc(f.definition.sql.trim())}</code></pre>${inputs}
${figureAuditHtml(f, m)}</section>`;
}

/** A section's figures: with the year before's value and the change beside this year's when the model has them. */
function figuresTable(figures: FigureReport[], m: ReportModel): string {
  const c = m.compare;
  const link = (f: FigureReport) => `<a href="#${anchor(f.id)}">${esc(f.id)}</a>`;
  const verdict = (f: FigureReport) => `<span class="${f.status}">${esc(VERDICT_LABEL[f.status])}</span>`;
  if (!c) {
    return table(['figure', 'label', 'computed', 'published', 'verdict'], figures.map((f) => [link(f), esc(f.definition.label), esc(computedText(f)), esc(publishedText(f)), verdict(f)]));
  }
  return table(
    ['figure', 'label', c.heading, `computed ${m.year}`, 'change', 'published', 'verdict'],
    figures.map((f) => [link(f), esc(f.definition.label), esc(c.figures[f.id].text), esc(computedText(f)), esc(c.figures[f.id].change.text), esc(publishedText(f)), verdict(f)]),
  );
}

export function renderHtml(m: ReportModel): string {
  const intro = compareIntro(m);
  const sections = (intro ? `<p>${esc(intro)}</p>\n` : '') + m.sections.map((s) => `<h3>${esc(s.title)}</h3>` + figuresTable(s.figures, m)).join('\n');
  const files = table(
    ['file', 'sheet', 'source', 'status', 'read', 'loaded', 'rejected', 'skipped', 'note'],
    m.files.map((f) => [esc(f.file), esc(f.sheet), esc(f.source), esc(f.status), fmt(f.read), fmt(f.loaded), fmt(f.rejected), fmt(f.skipped), esc(f.note)]),
    [4, 5, 6, 7],
    (i) => (m.files[i].status === 'failed' ? 'failed' : ''),
  );
  const rejects = m.rejects.length
    ? `<p>Every rejected row is listed in <code>rejects.csv</code>; here grouped by source, column and message.</p>` +
      table(['source', 'column', 'message', 'rows', 'example'], m.rejects.map((r) => [esc(r.source), esc(r.column), esc(r.message), fmt(r.rows), esc(r.example)]), [3])
    : '<p>No row was rejected.</p>';
  const v = m.verdicts;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(m.title)}</title><style>${STYLE}${CALENDAR_STYLE}</style></head>
<body><h1>${esc(m.title)}</h1>
<p>Run ${m.runId}, status <strong>${esc(m.status)}</strong>.${m.publishedFile ? ` Published values: <code>${esc(m.publishedFile)}</code>.` : ''}</p>
<p class="summary"><span class="match">${v.match} match</span><span class="mismatch">${v.mismatch} mismatch</span><span class="not_computable">${v.not_computable} not computable</span><span class="unpublished">${v.unpublished} unpublished</span></p>
<h2>Figures</h2>${sections}
${calendarHtml(m.calendar)}
${restatementsHtml(m)}
<h2>Files loaded</h2>${files}
<h2>Rejected rows</h2>${rejects}
<h2>Derivations</h2>${m.sections.flatMap((s) => s.figures.map((f) => derivation(f, m))).join('\n')}
</body></html>
`;
}
