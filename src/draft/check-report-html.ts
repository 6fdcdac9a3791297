/**
 * `check-report.html`: the draft's text as written, every number marked — agrees (green),
 * disagrees (red), not computable (amber), untraced (grey) — each figure's number linking to the
 * figure's derivation in the run's `report.html` (same folder), with a table of the verdicts first.
 * One self-contained page: no scripts, nothing fetched.
 */
import type { FigureCheck, Statement } from './check.js';
import type { ReportCheck } from './check-report.js';

// Control characters and bidirectional overrides from the draft are shown as their escapes (`\u202e`): they could make the page read otherwise than what was checked.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const esc = (s: unknown) => String(s ?? '').replace(UNSAFE, visible).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The id report.html gives a figure's derivation. */
const derivation = (id: string) => `report.html#fig-${id.replace(/\./g, '-')}`;

export const VERDICT_TEXT: Record<FigureCheck['verdict'], string> = {
  agrees: '一致 agrees',
  disagrees: '不一致 disagrees',
  not_computable: '无法计算 not computable',
  not_found: '未找到 not found',
};

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1d1d1f;line-height:1.6}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1.2rem;font-size:.9rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f5f5f7}
.summary span{display:inline-block;margin-right:1rem;padding:.2rem .6rem;border-radius:.3rem;background:#f5f5f7}
.draft{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;border-radius:.3rem}
mark{padding:0 .15rem;border-radius:.2rem}mark a{color:inherit;text-decoration:none}
mark.agrees{background:#d8f5df}mark.disagrees{background:#ffd6d9;outline:2px solid #b00020}mark.not_computable{background:#ffe8c2}mark.untraced{background:#e6e6ea}
.agrees{color:#0a7d32;font-weight:600}.disagrees{color:#b00020;font-weight:600}.not_computable{color:#a15c00;font-weight:600}.not_found{color:#555;font-weight:600}
`;

interface Mark {
  start: number;
  end: number;
  kind: FigureCheck['verdict'] | 'untraced';
  id: string | null;
  title: string;
}

function statementTitle(f: FigureCheck, s: Statement): string {
  return `${f.id} ${f.label}: ${VERDICT_TEXT[s.verdict]}${s.computed_text ? ` — computed ${s.computed_text}` : ''}${s.reason ? ` — ${s.reason}` : ''}`;
}

function marksOf(check: ReportCheck): Mark[] {
  const marks: Mark[] = [];
  for (const f of check.figures) {
    for (const s of f.place ? [f as Statement, ...f.also] : []) {
      if (s.place) marks.push({ start: s.place.originalStart, end: s.place.originalEnd, kind: s.verdict, id: f.id, title: statementTitle(f, s) });
    }
  }
  for (const u of check.untraced) marks.push({ start: u.place.originalStart, end: u.place.originalEnd, kind: 'untraced', id: null, title: 'untraced: no figure states this number' });
  return marks.sort((a, b) => a.start - b.start);
}

/** The original text with the marks, escaped. */
function markedText(text: string, marks: Mark[]): string {
  let out = '';
  let at = 0;
  for (const m of marks) {
    if (m.start < at) continue; // overlapping marks cannot happen; never write one twice
    out += esc(text.slice(at, m.start));
    const inner = esc(text.slice(m.start, m.end));
    const body = m.id ? `<a href="${esc(derivation(m.id))}">${inner}</a>` : inner;
    out += `<mark class="${m.kind}" title="${esc(m.title)}">${body}</mark>`;
    at = m.end;
  }
  return out + esc(text.slice(at));
}

export function renderCheckHtml(check: ReportCheck): string {
  const count = (v: FigureCheck['verdict']) => check.figures.filter((f) => f.verdict === v).length;
  const rows = check.figures
    .map((f) => {
      const where = f.text ? `${esc(f.text)}${f.also.length ? ` (+${f.also.length} more)` : ''}` : '—';
      return `<tr><td><a href="${esc(derivation(f.id))}">${esc(f.id)}</a></td><td>${esc(f.label)}</td><td class="${f.verdict}">${esc(VERDICT_TEXT[f.verdict])}</td><td>${where}</td><td>${esc(f.computed_text ?? '')}</td><td>${esc(f.reason ?? '')}</td></tr>`;
    })
    .join('\n');
  const untraced = check.untraced.length
    ? `<ul>${check.untraced.map((u) => `<li><mark class="untraced">${esc(u.text)}</mark> — ${esc(u.sentence)}</li>`).join('\n')}</ul>`
    : '<p>None: every number with a unit is a figure’s.</p>';
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Draft check ${esc(check.year)}: ${esc(check.file)}</title><style>${STYLE}</style></head>
<body><h1>Draft check ${esc(check.year)}</h1>
<p>Draft <code>${esc(check.file)}</code> checked against the figures of run ${esc(check.runId)}. A marked figure links to its derivation in <code>report.html</code> of that run (in this folder).</p>
<p class="summary"><span>${check.figures.length} figures</span><span class="agrees">${count('agrees')} agree</span><span class="disagrees">${count('disagrees')} disagree</span><span class="not_computable">${count('not_computable')} not computable</span><span class="not_found">${count('not_found')} not found</span><span>${check.untraced.length} untraced numbers</span></p>
<h2>Figures</h2>
<table><thead><tr><th>figure</th><th>label</th><th>verdict</th><th>text</th><th>computed</th><th>why</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Untraced numbers</h2>
<p>Numbers with a unit that no figure states: for a person to check.</p>
${untraced}
<h2>The draft</h2>
<div class="draft">${markedText(check.draft.text, marksOf(check))}</div>
</body></html>
`;
}
