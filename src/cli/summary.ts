/** The closing summary of a run: files, rows, figures, and what needs attention. */
import type { RunReport } from '../pipeline/run-report.js';
import type { RowProblem } from '../sources/row-validator.js';
import { formatTable } from './table.js';
import { terminalText as t } from '../report/terminal-text.js';

const fmt = (n: number) => n.toLocaleString('en-US');
const SHOWN_REJECTS = 10;

/** `工单明细_2023.csv row 1834, column 办结时间: "2023-13-02" is not a date` */
export function describeReject(file: string, sheet: string | null, row: number, problem: RowProblem): string {
  // Everything here comes from the file: shown with its control and bidi characters escaped.
  const where = `${t(file)}${sheet ? ` sheet ${t(sheet)}` : ''} row ${row}`;
  const column = problem.column ? `, column ${t(problem.column)}` : '';
  const value = problem.value === null || problem.value === '' ? '' : `${t(JSON.stringify(problem.value))} `;
  return `${where}${column}: ${value}${t(problem.message)}`;
}

export function runSummary(report: RunReport, written: string[], seconds: number): string {
  // The files this run read; the held ones (unchanged in its folder, or from other folders) are counted apart.
  const parts = report.files.filter((f) => !f.heldFrom).flatMap((f) => f.parts.map((p) => ({ f, p })));
  const unchanged = report.files.filter((f) => f.heldFrom?.inFolder);
  const heldElsewhere = report.files.filter((f) => f.heldFrom && !f.heldFrom.inFolder);
  const sum = (k: 'read' | 'loaded' | 'rejected' | 'skipped') => parts.reduce((n, { p }) => n + (p.result?.[k] ?? 0), 0);
  const failed = parts.filter(({ p }) => p.status === 'failed');
  const unmatched = parts.filter(({ p }) => p.status === 'unmatched');
  const mappingParts = parts.filter(({ p }) => p.status === 'mappings');
  const by = (s: string) => report.figures.filter((f) => f.status === s);
  const loadedParts = parts.filter(({ p }) => p.result);
  const table = formatTable(
    ['file', 'source', 'read', 'loaded', 'rejected', 'skipped'],
    loadedParts.map(({ f, p }) => [
      `${t(f.relPath)}${p.sheet ? ` [${t(p.sheet)}]` : ''}`,
      t(p.source),
      ...(['read', 'loaded', 'rejected', 'skipped'] as const).map((k) => fmt(p.result![k])),
    ]),
  );
  const lines = [
    '',
    table,
    '',
    `run ${report.runId} (${report.year}) ${report.status} in ${seconds.toFixed(1)} s`,
    `files:   ${report.files.length - heldElsewhere.length} found, ${new Set(parts.filter(({ p }) => p.status === 'loaded').map(({ f }) => f.relPath)).size} loaded, ${unchanged.length ? `${unchanged.length} unchanged (held, not read again), ` : ''}${failed.length} failed, ${unmatched.length} not matching any source${report.ignored.length ? `, ${report.ignored.length} ignored` : ''}${mappingParts.length ? `, ${mappingParts.length} mapping file` : ''}`,
    ...(heldElsewhere.length ? [`held:    ${heldElsewhere.length} more file${heldElsewhere.length > 1 ? 's' : ''} from earlier runs of other folders, in the figures too (etl files lists them)`] : []),
    `rows:    ${fmt(sum('read'))} read = ${fmt(sum('loaded'))} loaded + ${fmt(sum('rejected'))} rejected + ${fmt(sum('skipped'))} skipped`,
    `figures: ${report.figures.length} computed: ${by('match').length} match, ${by('mismatch').length} mismatch, ${by('not_computable').length} not computable, ${by('unpublished').length} unpublished`,
  ];
  // File names, sheet names and messages (which quote headers and values) come from the files: escaped.
  for (const f of report.files.filter((x) => x.replaced)) {
    const r = f.replaced!;
    lines.push(`  replaced  ${t(f.relPath)}: the version loaded in run ${r.runId} (${fmt(r.rowsRemoved)} rows taken out): ${t(r.why)}`);
  }
  for (const f of report.files.filter((x) => x.heldFrom?.note && !x.heldFrom.note.startsWith('unchanged'))) lines.push(`  note      ${t(f.relPath)}: ${t(f.heldFrom!.note)}`);
  for (const { f, p } of mappingParts) lines.push(`  mappings  ${t(f.relPath)}: ${t(p.message)} (SHA-256 ${f.sha256})`);
  for (const { f, p } of failed) lines.push(`  FAILED    ${t(f.relPath)}${p.source ? ` (${t(p.source)})` : ''}: ${t(p.message)}`);
  for (const { f, p } of unmatched) lines.push(`  unmatched ${t(f.relPath)}: ${t(p.message)}`);
  for (const i of report.ignored) lines.push(`  ignored   ${t(i.relPath)}: ${t(i.reason)}`);
  for (const { f, p } of loadedParts.filter(({ p }) => p.message)) lines.push(`  note      ${t(f.relPath)}${p.sheet ? ` [${t(p.sheet)}]` : ''}: ${t(p.message)}`);
  for (const fig of by('mismatch')) lines.push(`  MISMATCH  ${fig.id}: computed ${fig.display}, published ${fig.published?.comparator} ${fig.published?.value.toFixed(fig.published.precision)}${fig.published?.unit}`);
  for (const fig of by('not_computable')) lines.push(`  NOT COMPUTABLE ${fig.id}: ${t(fig.reason)}`);
  // Every gap in what the exports cover, once per source, with the figures it stops (etl status shows the calendar).
  for (const s of report.calendar?.sources.filter((s) => s.gap || s.stops.length) ?? []) {
    for (const lack of s.lacks.length ? s.lacks : [s.gap!]) lines.push(`  GAP       ${s.id}: ${t(lack)}${s.stops.length ? ` — stops ${s.stops.join(', ')}` : ''}`);
  }
  for (const e of report.audit?.earlier ?? []) {
    for (const r of e.restatements) lines.push(`  RESTATED  ${e.year}: ${r.figureId}: ${r.frozen.display ?? '—'} when frozen, now ${r.now.display ?? '—'} (this run's rows change a figure of ${e.year} already frozen)`);
  }
  for (const r of report.audit?.restatements ?? []) {
    lines.push(`  RESTATED  ${r.figureId}: ${r.frozen.display ?? '—'} when frozen, now ${r.now.display ?? '—'}${r.files.length ? ` (${r.files.length} input file${r.files.length > 1 ? 's differ' : ' differs'})` : ''}${r.sqlChanged ? ' (its SQL changed)' : ''}`);
  }
  if (sum('rejected') > 0) {
    lines.push(`${fmt(sum('rejected'))} rows rejected; every one is in rejects.csv. The first of them:`);
    const examples = loadedParts.flatMap(({ f, p }) => p.result!.rejects.map((r) => ({ f, p, r }))).slice(0, SHOWN_REJECTS);
    for (const { f, p, r } of examples) lines.push(`  ${describeReject(f.relPath, p.sheet, r.row, r.problems[0])}`);
  }
  lines.push(`outputs: ${written.map(t).join(', ')}`);
  return lines.join('\n');
}
