/** The completeness calendar in report.html: source × month over Y−1 and Y, and the figures each gap stops. */
import { compactCount, sourceState, type Calendar } from '../coverage/calendar.js';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const CALENDAR_STYLE = `
div.calendar{overflow-x:auto}table.calendar{width:auto}
table.calendar td,table.calendar th{padding:.2rem .3rem;font-size:.78rem;text-align:center}
table.calendar td.src{text-align:left;white-space:nowrap}table.calendar td.src small{color:#555}
table.calendar td.state{text-align:left;min-width:16rem;max-width:26rem}table.calendar td.state small{display:block;color:#555;margin-top:.2rem}
table.calendar td.empty{background:#fde2e1;color:#b00020}table.calendar td.year{border-left:2px solid #999}
table.calendar td.ok{background:#eaf6ec}table.calendar td.undated{background:#f5f5f7;color:#555}
`;

export function calendarHtml(calendar: Calendar | null): string {
  if (!calendar) return '';
  const { year, months } = calendar;
  const head =
    `<tr><th rowspan="2">source</th><th colspan="12">${year - 1}</th><th colspan="12">${year}</th><th rowspan="2">state, and the figures a gap stops</th></tr>` +
    `<tr>${months.map((m) => `<th>${m.slice(5)}</th>`).join('')}</tr>`;
  const rows = calendar.sources.map((s) => {
    const cells = s.dated
      ? s.months
          .map((n, i) => {
            // An empty month is a gap where a figure reads it from a source whose every month must have rows.
            const gap = s.counted[i] === 0 && s.kind === 'continuous' && s.needed[i];
            const cls = [i === 12 ? 'year' : '', gap ? 'empty' : n > 0 ? 'ok' : ''].filter(Boolean).join(' ');
            const note = n > 0 && gap ? ' (in files whose stated period does not hold the whole month: they do not cover it)' : '';
            return `<td${cls ? ` class="${cls}"` : ''} title="${esc(months[i])}: ${n} rows${note}">${compactCount(n)}</td>`;
          })
          .join('')
      : `<td colspan="24" class="undated">${s.kind === 'snapshot' ? 'a snapshot: covers what its as-of date says' : 'rows carry no date: the year is read from the file'}</td>`;
    const stateClass = s.gap || s.stops.length ? ' empty' : '';
    const stops = s.stops.length ? `<small>stops ${esc(s.stops.join(', '))}</small>` : '';
    return `<tr><td class="src" title="${esc(s.title)}">${esc(s.id)}<br><small>${esc(s.kind)}</small></td>${cells}<td class="state${stateClass}">${s.lacks.length ? s.lacks.map(esc).join('<br>') : esc(s.gap ?? sourceState(s, year))}${stops}</td></tr>`;
  });
  const gaps = calendar.gaps.length
    ? `<p>${calendar.gaps.length} figure(s) not computable for want of data:</p><ul>${calendar.gaps.map((g) => `<li><code>${esc(g.figure)}</code>: ${esc(g.reason)}</li>`).join('')}</ul>`
    : `<p>Every figure of ${year} has the exports it reads.</p>`;
  return `<h2 id="completeness">Completeness of the exports</h2>
<p>Rows loaded per month, by each source's date column, for ${year - 1} and ${year}. A source by month needs rows in every month a figure reads; a register covers a year when a file is delivered for it (empty = counts of 0); a snapshot covers figures up to its as-of date.</p>
<div class="calendar"><table class="calendar"><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table></div>
${gaps}`;
}
