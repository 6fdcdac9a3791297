/**
 * The figure catalogue: one .sql file per figure in sql/figures, its metadata in a comment
 * header. The SQL returns one row with `value` and, for a rate, `numerator` and `denominator`;
 * it may add `reason`, saying why `value` is null (e.g. naming a month without data).
 *
 *   -- id: hotline.on_time_rate
 *   -- label: 工单处理及时率
 *   -- unit: %
 *   -- precision: 1
 *   -- sources: hotline_tickets
 *   -- section: 三、责任绩效 · 5 顾客与消费者权益
 *   -- order: 23
 *   -- definition: hotline 10005 tickets with closed_at in Y: closed_at <= deadline / all of them
 *   -- years: 2023-
 *   -- anchor: 工单处理及时率达 {} %
 *   select … where closed_at >= make_date(:year, 1, 1) …
 *
 * `anchor` lines (any number) say how a report states the figure, for `etl check-report`;
 * they and `signs` are wording, not definition: the figure's SHA-256 leaves them out.
 *
 * Parameters are written `:name` (`:year`, `:month`) and bound as $1, $2 … at run time.
 *
 * `years` (optional; absent = every year) says which report years a definition is in force:
 * `2024-` from 2024 on, `2023-2023` or `2023` that year only, `-2023` up to 2023. A figure
 * whose definition changes has one file per definition, `<id>.sql` and `<id>.<YYYY>….sql`
 * (e.g. `<id>.2024.sql`), whose ranges must not overlap. loadCatalog(year)
 * gives the definitions in force for a year; loadCatalog() every definition of every year.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parsePeriods, type PeriodExpression } from '../coverage/periods.js';
import { paths } from '../paths.js';

export interface FigureDefinition {
  id: string;
  label: string;
  /** Base unit of the value: `%`, `pp`, `人`, `件`, `秒` … */
  unit: string;
  /** Unit of the display when the figure has no published value (`万件` shows 452,000 件 as `45.2万件`). */
  displayUnit: string;
  /** Decimals shown (in the display unit) when the figure has no published value. */
  precision: number;
  /** The periods it reads (header `periods`; by default Y, or M for a figure of the month parameter). */
  periods: PeriodExpression[];
  /** Source tables the SQL reads. */
  sources: string[];
  /** The report section that states it (header `section`, its title as printed), or null: shown last, under 其他. */
  section: string | null;
  /** Its place among the figures of its section (header `order`, in order of appearance in the report; 23.5 goes between 23 and 24). */
  order: number | null;
  /** The report years it is in force (header `years`; both ends included, null = open). */
  years: YearRange;
  /** The definition in words, as in the figure catalogue. */
  definition: string;
  /** The SQL text as written in the file (with `:name` parameters). */
  sql: string;
  /** SHA-256 of the query: the file without its `anchor` and `signs` lines, which find the figure in a draft and take no part in computing it. */
  sha256: string;
  /** Header `anchor` (one per line): the phrases that state the figure in a report, `{}` for its number (src/draft/anchors.ts). */
  anchors: string[];
  /** Header `signs`: words before its number that give it a sign (`上升 +, 下降 -`), or null. */
  signs: string | null;
  /** Parameter names in order of first use. */
  parameters: string[];
  file: string;
}

/** Report years from `from` to `to`, both included; null = no bound. */
export interface YearRange {
  from: number | null;
  to: number | null;
}

/** Parses a `years` header: `2024-`, `2023-2023`, `2023`, `-2023`; absent = every year. */
export function parseYears(text: string | undefined): YearRange {
  if (text === undefined) return { from: null, to: null };
  const m = /^(\d{4})?\s*(-)?\s*(\d{4})?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[3] === undefined) || (m[2] === undefined && m[3] !== undefined)) {
    throw new Error(`years must be written 2024-, 2023-2023, 2023 or -2023, not ${JSON.stringify(text)}`);
  }
  const from = m[1] === undefined ? null : Number(m[1]);
  const to = m[2] === undefined ? from : m[3] === undefined ? null : Number(m[3]);
  if (from !== null && to !== null && to < from) throw new Error(`years ${text}: the last year is before the first`);
  return { from, to };
}

/** A range as the catalogue shows it: `2024-`, `2023` (that year only), `-2023`, `2021-2023`, `every year`. */
export function formatYears(r: YearRange): string {
  if (r.from === null && r.to === null) return 'every year';
  if (r.from === r.to) return String(r.from);
  return `${r.from ?? ''}-${r.to ?? ''}`;
}

/** Whether a definition is in force for report year `year`. */
export function inForce(figure: Pick<FigureDefinition, 'years'>, year: number): boolean {
  return (figure.years.from === null || year >= figure.years.from) && (figure.years.to === null || year <= figure.years.to);
}

function overlaps(a: YearRange, b: YearRange): boolean {
  return (a.from === null || b.to === null || a.from <= b.to) && (b.from === null || a.to === null || b.from <= a.to);
}

const metadataSchema = z.object({
  id: z.string().regex(/^[a-z]+(\.[a-z0-9_]+)+$/, 'an id looks like hotline.on_time_rate'),
  label: z.string().min(1),
  unit: z.string().min(1),
  display_unit: z.string().min(1).optional(),
  periods: z.string().min(1).optional(),
  precision: z.coerce.number().int().min(0).max(6),
  sources: z.string().min(1).transform((s) => s.split(/[\s,]+/).filter(Boolean)),
  section: z.string().min(1).optional(),
  order: z.coerce.number().positive().optional(),
  definition: z.string().min(1),
  years: z.string().optional(),
  signs: z.string().min(1).optional(),
});

const HEADER_LINE = /^--\s*([a-z_]+):\s*(.*)$/;
/** Header lines about the report's wording, not the query: kept out of the figure's SHA-256. */
const WORDING_LINE = /^--\s*(anchor|signs):/;
// `:name` but not the `::` of a cast.
const PARAMETER = /(?<![:\w]):([a-z_][a-z0-9_]*)\b/g;

export function parseFigureFile(file: string, text: string): FigureDefinition {
  const meta: Record<string, string> = {};
  const anchors: string[] = [];
  for (const line of text.split('\n')) {
    const m = HEADER_LINE.exec(line.trim());
    if (m && m[1] === 'anchor') anchors.push(m[2].trim());
    else if (m) meta[m[1]] = meta[m[1]] ? `${meta[m[1]]} ${m[2].trim()}` : m[2].trim();
    else if (line.trim() !== '' && !line.trim().startsWith('--')) break;
  }
  const parsed = metadataSchema.safeParse(meta);
  if (!parsed.success) throw new Error(`${file}: figure metadata: ${z.prettifyError(parsed.error)}`);
  const parameters = [...new Set([...stripComments(text).matchAll(PARAMETER)].map((m) => m[1]))];
  const { display_unit, periods: periodsHeader, section, order, years: yearsHeader, signs, ...meta2 } = parsed.data;
  let years: YearRange;
  try {
    years = parseYears(yearsHeader);
  } catch (error) {
    throw new Error(`${file}: figure metadata: ${(error as Error).message}`);
  }
  return {
    ...meta2,
    years,
    section: section ?? null,
    order: order ?? null,
    displayUnit: display_unit ?? parsed.data.unit,
    periods: figurePeriods(file, periodsHeader, parameters, stripComments(text)),
    sql: text,
    sha256: createHash('sha256').update(withoutWording(text)).digest('hex'),
    anchors,
    signs: signs ?? null,
    parameters,
    file,
  };
}

/**
 * The periods header, or the default from the parameters: Y for :year, M for :month. A query
 * that also reads the year or month before must say so in its header: checked here, so that
 * its coverage is never judged on the report period alone.
 */
function figurePeriods(file: string, header: string | undefined, parameters: string[], sql: string): PeriodExpression[] {
  let periods: PeriodExpression[];
  try {
    periods = parsePeriods(header ?? (parameters.includes('month') ? 'M' : 'Y'));
  } catch (error) {
    throw new Error(`${file}: figure metadata: periods: ${(error as Error).message}`);
  }
  const reads = (base: 'Y' | 'M', offset: number) => periods.some((p) => p.base === base && p.offset === offset);
  if (/:year(::int)?\s*-\s*1\b/.test(sql) && !reads('Y', -1)) {
    throw new Error(`${file}: the query reads the year before (:year - 1), so its header must list Y-1 in periods`);
  }
  if (/:month\b[^;]*-\s*interval\s*'1 month'/s.test(sql) && !reads('M', -1)) {
    throw new Error(`${file}: the query reads the month before M, so its header must list M-1 in periods`);
  }
  return periods;
}

/** The file without its `anchor` and `signs` lines: what the SHA-256 covers. */
function withoutWording(text: string): string {
  return text
    .split('\n')
    .filter((line) => !WORDING_LINE.test(line.trim()))
    .join('\n');
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, '');
}

/** Replaces `:name` parameters by `$1`, `$2` … in the order of `names`. */
export function bindParameters(sql: string, names: readonly string[]): string {
  return stripComments(sql).replace(PARAMETER, (whole, name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? whole : `$${i + 1}`;
  });
}

/**
 * The figures of sql/figures in force for report year `year`, sorted by id (one definition per
 * id); without a year, every definition of every year, sorted by id and first year. A file is
 * named after its figure's id, `<id>.sql` or, for another definition of it, `<id>.<YYYY>….sql`;
 * two definitions of one id whose years overlap are an error naming both files.
 */
export function loadCatalog(year?: number, dir = paths.figures()): FigureDefinition[] {
  const figures = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const figure = parseFigureFile(f, readFileSync(join(dir, f), 'utf8'));
      if (f !== `${figure.id}.sql` && !(f.startsWith(`${figure.id}.`) && /^\.\d{4}[^/]*\.sql$/.test(f.slice(figure.id.length)))) {
        throw new Error(`${f}: the file of figure ${figure.id} must be named ${figure.id}.sql (or ${figure.id}.<YYYY>.sql for another definition of other years)`);
      }
      return figure;
    });
  const first = (f: FigureDefinition) => f.years.from ?? -Infinity;
  figures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : first(a) - first(b) || (a.file < b.file ? -1 : 1)));
  for (let i = 0; i < figures.length; i++) {
    for (let j = i + 1; j < figures.length && figures[j].id === figures[i].id; j++) {
      const [a, b] = [figures[i], figures[j]];
      if (overlaps(a.years, b.years)) {
        throw new Error(`figure ${a.id} has two definitions for the same years: ${a.file} (years ${formatYears(a.years)}) and ${b.file} (years ${formatYears(b.years)}); give each its own years`);
      }
    }
  }
  return year === undefined ? figures : figures.filter((f) => inForce(f, year));
}

const parameterFileSchema = z.record(
  z.string(),
  z.object({ description: z.string(), values: z.record(z.string().regex(/^\d{4}-?$/, 'a year (2023) or a year on (2024-)'), z.union([z.string(), z.number()])) }),
);

export type ReportParameters = Record<string, string | number>;

/**
 * The parameters of a report year: `year` itself plus those of sql/figures/parameters.json
 * (e.g. `month`, the month M of the complaints figures). A parameter's value for a year is the
 * one given for that year (`"2023"`), else the one given from the latest year on at or before
 * it (`"2024-"`), where `{year}` stands for the report year (`"{year}-07"` is July of each
 * year). A parameter with no value for the year is absent; a figure that needs it is then not
 * computable.
 */
export function reportParameters(year: number, dir = paths.figures()): ReportParameters {
  const file = join(dir, 'parameters.json');
  const parsed = parameterFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const params: ReportParameters = { year };
  for (const [name, p] of Object.entries(parsed)) {
    const from = Object.keys(p.values)
      .filter((k) => k.endsWith('-') && Number(k.slice(0, 4)) <= year)
      .sort()
      .at(-1);
    const v = p.values[String(year)] ?? (from === undefined ? undefined : p.values[from]);
    if (v !== undefined) params[name] = typeof v === 'string' ? v.replaceAll('{year}', String(year)) : v;
  }
  return params;
}
