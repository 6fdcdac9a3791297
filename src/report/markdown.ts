/** `report.md`: the figures by section with verdicts, derivations, load and rejects summaries. */
import type { FigureReport } from '../pipeline/run-report.js';
import { compareIntro, computedText, publishedText, VERDICT_LABEL, type ReportModel } from './report-model.js';
import { earlierYearBlocks, RESTATEMENT_HEADER, restatementIntro, restatementRows } from './restatements.js';
import { terminalText } from './terminal-text.js';

/** Markdown written by us (a link to a derivation), put in a table cell as it is. */
type Raw = { md: string };
const raw = (md: string): Raw => ({ md });

/**
 * Text from the files (file names, sheet names, headers, values, messages) as inert markdown: no raw
 * HTML or autolink (`<`, `>`, `&` as entities), no link or image (`[`, `]` escaped, and the `:` of
 * `://` and the `.` of `www.` so no bare URL is linked), no code span, no pipe or line break to break
 * a table, no backslash to undo an escape; control and bidi characters shown as their escapes
 * (`\x1b`, `\u202e`). Emphasis characters (`_`, `*`) stay: at worst they make text italic.
 */
export function mdText(s: string | number | null | undefined): string {
  return terminalText(String(s ?? '').replace(/\r\n|[\r\n\u2028\u2029]/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`[\]|]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}\\.`);
}

const cell = (s: string | number | null | Raw) => (s !== null && typeof s === 'object' ? s.md : mdText(s));
const anchor = (id: string) => `fig-${id.replace(/\./g, '-')}`;
const fmt = (n: number | null) => (n === null ? '' : n.toLocaleString('en-US', { maximumFractionDigits: 6 }));

function table(header: string[], rows: (string | number | null | Raw)[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function derivation(f: FigureReport): string {
  const lines = [
    `<a id="${anchor(f.id)}"></a>`,
    '',
    `### ${f.id} ${f.definition.label}`,
    '',
    `- Definition: ${f.definition.definition}`,
    `- Value: ${f.value === null ? `not computable — ${f.reason}` : `${fmt(f.value)} ${f.definition.unit}`}${f.numerator !== null ? ` (numerator ${fmt(f.numerator)}, denominator ${fmt(f.denominator)})` : ''}`,
    `- Published: ${publishedText(f) || '—'} → **${VERDICT_LABEL[f.status]}**`,
    `- Parameters: ${Object.entries(f.parameters).map(([k, v]) => `${k} = ${v}`).join(', ') || '—'}`,
    `- SQL: \`sql/figures/${f.definition.file}\`, SHA-256 \`${f.definition.sha256}\``,
    '',
    '```sql',
    f.definition.sql.trim(),
    '```',
    '',
  ];
  if (f.inputs.length) lines.push(table(['source', 'file', 'SHA-256', 'rows loaded'], f.inputs.map((i) => [i.source, i.file, raw(`\`${i.sha256}\``), fmt(i.rows_loaded)])), '');
  return lines.join('\n');
}

export function renderMarkdown(m: ReportModel): string {
  const out = [
    `# ${m.title}`,
    '',
    `Run ${m.runId}, status **${m.status}**. Figures: ${m.verdicts.match} match, ${m.verdicts.mismatch} mismatch, ${m.verdicts.not_computable} not computable, ${m.verdicts.unpublished} unpublished.` +
      (m.publishedFile ? ` Published values: \`${m.publishedFile.replace(/[`\r\n]/g, ' ')}\`.` : ''),
    '',
    '## Figures',
    '',
  ];
  const intro = compareIntro(m);
  if (intro) out.push(intro, '');
  const c = m.compare;
  for (const s of m.sections) {
    out.push(`### ${s.title}`, '');
    const link = (f: FigureReport) => raw(`[${f.id}](#${anchor(f.id)})`);
    out.push(
      c
        ? table(
            ['figure', 'label', mdText(c.heading), `computed ${m.year}`, 'change', 'published', 'verdict'],
            s.figures.map((f) => [link(f), f.definition.label, c.figures[f.id].text, computedText(f), c.figures[f.id].change.text, publishedText(f), VERDICT_LABEL[f.status]]),
          )
        : table(['figure', 'label', 'computed', 'published', 'verdict'], s.figures.map((f) => [link(f), f.definition.label, computedText(f), publishedText(f), VERDICT_LABEL[f.status]])),
      '',
    );
  }
  const restated = restatementIntro(m);
  const blocks = [...(restated ? [{ title: 'Restatements', intro: restated, rows: restatementRows(m) }] : []), ...earlierYearBlocks(m).map((e) => ({ ...e, title: `Restatements of ${e.year}` }))];
  for (const b of blocks) {
    out.push(`## ${b.title}`, '', b.intro, '');
    if (b.rows.length) out.push(table(RESTATEMENT_HEADER, b.rows.map((r) => [...r.cells, raw(r.files.map(mdText).join('<br>'))])), '');
  }
  out.push('## Files loaded', '', table(['file', 'sheet', 'source', 'status', 'read', 'loaded', 'rejected', 'skipped', 'note'], m.files.map((f) => [f.file, f.sheet, f.source, f.status, fmt(f.read), fmt(f.loaded), fmt(f.rejected), fmt(f.skipped), f.note])), '');
  out.push('## Rejected rows', '');
  if (m.rejects.length === 0) out.push('No row was rejected.', '');
  else out.push('Every rejected row is listed in `rejects.csv`; here they are grouped by source, column and message.', '', table(['source', 'column', 'message', 'rows', 'example'], m.rejects.map((r) => [r.source, r.column, r.message, fmt(r.rows), r.example])), '');
  out.push('## Derivations', '');
  for (const s of m.sections) for (const f of s.figures) out.push(derivation(f));
  return `${out.join('\n')}\n`;
}
