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
 *   select … where closed_at >= make_date(:year, 1, 1) …
 *
 * Parameters are written `:name` (`:year`, `:month`) and bound as $1, $2 … at run time.
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
  /** The definition in words, as in the figure catalogue. */
  definition: string;
  /** The SQL text as written in the file (with `:name` parameters). */
  sql: string;
  sha256: string;
  /** Parameter names in order of first use. */
  parameters: string[];
  file: string;
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
});

const HEADER_LINE = /^--\s*([a-z_]+):\s*(.*)$/;
// `:name` but not the `::` of a cast.
const PARAMETER = /(?<![:\w]):([a-z_][a-z0-9_]*)\b/g;

export function parseFigureFile(file: string, text: string): FigureDefinition {
  const meta: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = HEADER_LINE.exec(line.trim());
    if (m) meta[m[1]] = meta[m[1]] ? `${meta[m[1]]} ${m[2].trim()}` : m[2].trim();
    else if (line.trim() !== '' && !line.trim().startsWith('--')) break;
  }
  const parsed = metadataSchema.safeParse(meta);
  if (!parsed.success) throw new Error(`${file}: figure metadata: ${z.prettifyError(parsed.error)}`);
  const parameters = [...new Set([...stripComments(text).matchAll(PARAMETER)].map((m) => m[1]))];
  const { display_unit, periods: periodsHeader, section, order, ...meta2 } = parsed.data;
  return {
    ...meta2,
    section: section ?? null,
    order: order ?? null,
    displayUnit: display_unit ?? parsed.data.unit,
    periods: figurePeriods(file, periodsHeader, parameters, stripComments(text)),
    sql: text,
    sha256: createHash('sha256').update(text).digest('hex'),
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

/** Reads every figure of sql/figures, sorted by id; ids must be unique and match file names. */
export function loadCatalog(dir = paths.figures()): FigureDefinition[] {
  const figures = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const figure = parseFigureFile(f, readFileSync(join(dir, f), 'utf8'));
      if (`${figure.id}.sql` !== f) throw new Error(`${f}: the file of figure ${figure.id} must be named ${figure.id}.sql`);
      return figure;
    });
  return figures.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const parameterFileSchema = z.record(
  z.string(),
  z.object({ description: z.string(), values: z.record(z.string().regex(/^\d{4}$/), z.union([z.string(), z.number()])) }),
);

export type ReportParameters = Record<string, string | number>;

/**
 * The parameters of a report year: `year` itself plus those of sql/figures/parameters.json
 * (e.g. `month`, the month M of the complaints figures). A parameter with no value for the
 * year is absent; a figure that needs it is then not computable.
 */
export function reportParameters(year: number, dir = paths.figures()): ReportParameters {
  const file = join(dir, 'parameters.json');
  const parsed = parameterFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const params: ReportParameters = { year };
  for (const [name, p] of Object.entries(parsed)) {
    const v = p.values[String(year)];
    if (v !== undefined) params[name] = v;
  }
  return params;
}
