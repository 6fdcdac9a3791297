/** `etl explain` as text for the terminal: one figure's derivation from definition to rows. */
import type { Explanation } from '../audit/explain.js';
import { PARTS, type Part } from '../audit/figure-rows.js';
import { toolVersion } from '../pipeline/version.js';
import { terminalLines, terminalText as t } from '../report/terminal-text.js';
import { cellText, formatTable } from './table.js';

const fmt = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: 6 }));
const indent = (text: string, prefix = '    | ') => text.trim().split('\n').map((l) => `${prefix}${l}`.trimEnd()).join('\n');

function valueLine(e: Explanation): string {
  const r = e.recorded;
  if (r.value === null) return `not computable: ${r.reason ?? 'no reason recorded'}`;
  const ratio = r.numerator !== null ? `   numerator ${fmt(r.numerator)}   denominator ${fmt(r.denominator)}` : '';
  const published = r.published ? ` (published ${r.published.comparator} ${r.published.value.toFixed(r.published.precision)}${r.published.unit})` : '';
  return `${r.display ?? ''} = ${fmt(r.value)} ${e.figure.unit}${ratio}   ${r.status}${published}`;
}

/** Whether the rows add up: the part totals against the recorded numerator and denominator. */
function checkLine(e: Explanation): string | null {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const value = e.totals?.value;
  if (value && e.recorded.value !== null) {
    return close(value.total, e.recorded.value)
      ? `the contributing rows add up to: value ${fmt(value.total)} = recorded`
      : `the value is not the sum of its rows' contributions (${fmt(value.total)}): ${e.rowsQuery.file} says how its rows make it`;
  }
  if (!e.totals || e.recorded.numerator === null) return null;
  const parts = (['numerator', 'denominator'] as const).map((p) => {
    const total = e.totals![p]?.total ?? 0;
    const recorded = e.recorded[p];
    const ok = recorded !== null && close(total, recorded);
    return `${p} ${fmt(total)} ${ok ? '= recorded' : `≠ recorded ${fmt(recorded)}`}`;
  });
  return `the contributing rows add up to: ${parts.join(', ')}`;
}

function rowsSection(e: Explanation, part: Part): string {
  const rows = e.rows.filter((r) => r.part === part);
  const total = e.totals?.[part];
  if (!total) return '';
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.columns)))];
  const table = formatTable(
    ['file', 'sheet', 'row', 'contribution', ...columns],
    rows.map((r) => [r.file ?? `file #${r.fileId}`, r.sheet ?? '', String(r.row), cellText(r.contribution), ...columns.map((c) => cellText(r.columns[c]))]),
  );
  return `\nContributing rows of the ${part}: first ${rows.length} of ${fmt(total.rows)} (by file and row; sum of contributions ${fmt(total.total)})\n${table}`;
}

/** The explanation as text for the terminal (control and bidi characters escaped); `withRows` adds the contributing rows of each part. */
export function explanationText(e: Explanation, withRows: boolean): string {
  const now = toolVersion();
  const parts = PARTS.filter((p) => e.rowsQuery.parts[p]);
  const code = `${e.run.tool_version}, git ${e.run.git_commit ?? 'unknown'}`;
  const lines = [
    `${e.figure.id}  ${e.figure.label}  —  ${e.run.year}, run ${e.run.run_id} (${e.run.status}, started ${String(e.run.started_at).slice(0, 19)})`,
    '',
    `Definition   ${e.figure.definition}`,
    `Value        ${valueLine(e)}`,
    `Parameters   ${Object.entries(e.parameters).filter(([k]) => e.figure.parameters.includes(k)).map(([k, v]) => `${k} = ${v}`).join(', ') || '—'}`,
    `Code         ${code}${now.version !== e.run.tool_version || now.commit !== e.run.git_commit ? `   (installed now: ${now.version}, git ${now.commit ?? 'unknown'})` : ''}`,
    `Input folder ${t(e.run.input_dir)}`,
    '',
    `SQL          sql/figures/${e.figure.file}   SHA-256 ${e.figure.sha256}`,
    indent(e.figure.sql),
    '',
    `Rows query   ${e.rowsQuery.file}   SHA-256 ${e.rowsQuery.sha256}`,
    ...parts.map((p) => `  ${p}: ${e.rowsQuery.parts[p]}`),
    '',
    `Input files of ${e.figure.sources.join(', ')} (loaded by run ${e.run.run_id}; contributing rows per part)`,
    e.inputs.length
      ? formatTable(
          ['source', 'file', 'sheet', 'SHA-256', 'rows loaded', 'run', ...parts],
          e.inputs.map((i) => [i.source, i.file, i.sheet ?? '', i.sha256, fmt(i.rowsLoaded), String(i.runId), ...parts.map((p) => fmt(i.contributing[p] ?? 0))]),
        )
      : '  (no input file of these sources was loaded)',
  ];
  const check = checkLine(e);
  if (check) lines.push('', check);
  for (const w of e.warnings) lines.push(`WARNING: ${t(w)}`);
  if (withRows) for (const p of parts) lines.push(rowsSection(e, p));
  return `${terminalLines(lines.join('\n'))}\n`;
}
