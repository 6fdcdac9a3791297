/**
 * What every report format shows, computed once from a run: figures grouped by the report's
 * sections (beside the year before's, when it has figures), the per-file load summary, the
 * rejects summary, and what failed.
 */
import { compareYears, displayFormat, type YearComparison } from '../audit/prior-year.js';
import { loadCatalog, type FigureDefinition } from '../figures/catalog.js';
import type { RunAudit } from '../audit/run-audit.js';
import type { Calendar } from '../coverage/calendar.js';
import type { FigureReport, RunReport } from '../pipeline/run-report.js';

export interface FileRow {
  file: string;
  sheet: string | null;
  source: string | null;
  status: string;
  read: number;
  loaded: number;
  rejected: number;
  skipped: number;
  note: string | null;
  sha256: string | null;
}

export interface RejectGroup {
  source: string;
  column: string;
  message: string;
  rows: number;
  example: string;
}

export interface ReportModel {
  title: string;
  year: number;
  runId: number;
  status: string;
  sections: { title: string; figures: FigureReport[] }[];
  files: FileRow[];
  rejects: RejectGroup[];
  verdicts: Record<'match' | 'mismatch' | 'not_computable' | 'unpublished', number>;
  publishedFile: string | null;
  /** What the exports cover (absent for a report built without one). */
  calendar: Calendar | null;
  /** The year before's value of each figure and the change since (absent when that year has no value, or for a report built without a warehouse). */
  compare: YearComparison | null;
  /** Restatements, first contributing rows and monthly series (absent for a report built without a warehouse). */
  audit: RunAudit | null;
}

/**
 * Groups figures by the section their SQL header names (`-- section:`), sections in the order
 * of the report (by the part numeral 一、二、三… then the number after ·), figures by their
 * `-- order:` and then id; figures without a section come last, under 其他.
 */
export function groupBySection(figures: FigureReport[], catalog?: FigureDefinition[]): { title: string; figures: FigureReport[] }[] {
  // Each figure's own definition (that of its report year) unless a catalogue is given; the
  // catalogue's for a figure reported without one.
  const own = figures.map((f) => f.definition as FigureDefinition | undefined).filter((d) => d !== undefined);
  const byId = new Map((catalog ?? [...loadCatalog(), ...own]).map((f) => [f.id, f]));
  const sections = new Map<string, FigureReport[]>();
  const rest: FigureReport[] = [];
  const placed = [...figures].sort((a, b) => compareInSection(byId.get(a.id), byId.get(b.id)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const f of placed) {
    const title = byId.get(f.id)?.section;
    if (!title) rest.push(f);
    else sections.set(title, [...(sections.get(title) ?? []), f]);
  }
  const ordered = [...sections.keys()].sort(compareSections).map((title) => ({ title, figures: sections.get(title)! }));
  return rest.length ? [...ordered, { title: '其他', figures: rest }] : ordered;
}

function compareInSection(a: FigureDefinition | undefined, b: FigureDefinition | undefined): number {
  return (a?.order ?? Number.MAX_SAFE_INTEGER) - (b?.order ?? Number.MAX_SAFE_INTEGER);
}

const NUMERALS = '一二三四五六七八九十';

/** `三、责任绩效 · 5 顾客与消费者权益` sorts as [3, 5]; a title without them sorts after, by title. */
function sectionKey(title: string): [number, number] {
  const part = /^([一二三四五六七八九十])、/.exec(title);
  const number = /·\s*(\d+)/.exec(title);
  return [part ? NUMERALS.indexOf(part[1]) + 1 : 99, number ? Number(number[1]) : 0];
}

function compareSections(a: string, b: string): number {
  const [ka, kb] = [sectionKey(a), sectionKey(b)];
  return ka[0] - kb[0] || ka[1] - kb[1] || (a < b ? -1 : a > b ? 1 : 0);
}

/** Messages differ by the values they quote; group them by their wording. */
function messageShape(message: string): string {
  return message.replace(/\([^)]*\)/g, '(…)').replace(/\brow \d+/g, 'row …').replace(/\d+/g, 'N');
}

export function buildReportModel(report: RunReport): ReportModel {
  const files: FileRow[] = report.files.flatMap((f) =>
    f.parts.map((p) => ({
      file: f.relPath,
      sheet: p.sheet,
      source: p.source,
      status: p.status,
      read: p.result?.read ?? 0,
      loaded: p.result?.loaded ?? 0,
      rejected: p.result?.rejected ?? 0,
      skipped: p.result?.skipped ?? 0,
      note: p.message,
      sha256: f.sha256,
    })),
  );
  for (const i of report.ignored) {
    files.push({ file: i.relPath, sheet: null, source: null, status: 'ignored', read: 0, loaded: 0, rejected: 0, skipped: 0, note: i.reason, sha256: null });
  }
  const groups = new Map<string, RejectGroup>();
  for (const f of report.files) {
    for (const p of f.parts) {
      for (const r of p.result?.rejects ?? []) {
        for (const problem of r.problems) {
          const shape = messageShape(problem.message);
          const key = `${p.source}\u0000${problem.column ?? ''}\u0000${shape}`;
          const g = groups.get(key) ?? { source: p.source ?? '', column: problem.column ?? '', message: shape, rows: 0, example: `${f.relPath} row ${r.row}: ${problem.message}` };
          g.rows++;
          groups.set(key, g);
        }
      }
    }
  }
  const count = (s: string) => report.figures.filter((f) => f.status === s).length;
  return {
    title: `${report.year} 年社会责任报告数据核对`,
    year: report.year,
    runId: report.runId,
    status: report.status,
    sections: groupBySection(report.figures),
    files,
    rejects: [...groups.values()].sort((a, b) => b.rows - a.rows || a.source.localeCompare(b.source)),
    verdicts: { match: count('match'), mismatch: count('mismatch'), not_computable: count('not_computable'), unpublished: count('unpublished') },
    publishedFile: report.publishedFile,
    compare: priorYearComparison(report),
    audit: report.audit ?? null,
    calendar: report.calendar ?? null,
  };
}

/** This year's figures beside the year before's, as the audit gathered them; none when the year before has no value (no run, or runs that computed nothing). */
function priorYearComparison(report: RunReport): YearComparison | null {
  const prior = report.audit?.priorYear;
  if (!prior || !Object.values(prior.figures).some((v) => v.value !== null)) return null;
  const figures = report.figures.map((f) => ({ id: f.id, value: f.value, format: displayFormat(f.definition, f.published) }));
  return compareYears(report.year, figures, prior.year, prior.figures);
}

/** The sentence under the Figures heading when the year before is beside this one, or null. */
export function compareIntro(m: ReportModel): string | null {
  if (!m.compare) return null;
  const c = m.compare;
  return (
    `Beside each figure, its ${c.year} value: from the latest freeze of ${c.year}, else from the latest run of ${c.year} that has the figure ` +
    `(the column's heading says which; a value from elsewhere names its own). The change is worked out from the unrounded values: ` +
    `in percentage points for a rate, otherwise the difference and the relative change.`
  );
}

export const VERDICT_LABEL: Record<string, string> = {
  match: '一致 match',
  mismatch: '不一致 mismatch',
  not_computable: '无法计算 not computable',
  unpublished: '未发布 unpublished',
};

/** The published value as printed, at its precision: `= 98.4%`, `= 99.50%`, `> 1.5万小时`. */
export function publishedText(f: FigureReport): string {
  return f.published ? `${f.published.comparator} ${f.published.value.toFixed(f.published.precision)}${f.published.unit}` : '';
}

/**
 * The computed value as shown next to the published one: the display text, and for a `>`
 * figure also the unrounded value, since `1.5万小时 > 1.5万小时` would not explain the match.
 */
export function computedText(f: FigureReport): string {
  if (f.display === null) return `— ${f.reason ?? ''}`;
  if (f.published?.comparator === '>' && f.value !== null) {
    return `${f.display} (${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.definition.unit})`;
  }
  return f.display;
}
