/**
 * The contributing rows of a figure: `sql/figure-rows/<id>.sql`, one query per figure that
 * lists the warehouse rows behind its value, written beside (not inside) the figure's SQL so
 * that the figure's SHA-256 stays what the runs recorded.
 *
 * The query takes the figure's parameters (`:year`, `:month`) and returns, per row:
 *   source        the table the row lives in (`hotline_tickets`)
 *   _file_id      the input file (→ etl.files) and
 *   _row          its row number there
 *   part          `numerator` | `denominator` | `value` (for a figure without a ratio)
 *   contribution  what the row adds to its part: 1 for a counted row, the amount for a summed
 *                 row; for a distinct count 1 for the first row of each value and 0 for later
 *                 ones; null for a row that only qualifies others (a session putting its
 *                 attendances in Y). So sum(contribution) of a part is that part's total.
 * then a few columns of its own (never a name: names are not loaded; phones are hashes).
 * A column `month` (a date) gives the monthly series; `-- series: monthly` asks the report to
 * chart it. The header says in words what each part holds: `-- numerator: …`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindParameters, type ReportParameters } from '../figures/catalog.js';
import { projectRoot } from '../paths.js';

/** The parts a contributing row can belong to, in the order they are shown. */
export const PARTS = ['numerator', 'denominator', 'value'] as const;
/** `numerator`, `denominator`, or `value` for a figure without a ratio. */
export type Part = (typeof PARTS)[number];

/** A figure's rows query with what its header says. */
export interface RowsDefinition {
  id: string;
  /** Path relative to the project, e.g. `sql/figure-rows/hotline.on_time_rate.sql`. */
  file: string;
  sql: string;
  sha256: string;
  /** Parameter names in order of first use. */
  parameters: string[];
  /** The parts the header describes, each with its description. */
  parts: Partial<Record<Part, string>>;
  /** Whether the report charts the monthly series of this figure. */
  series: 'monthly' | null;
}

// `:name` but not the `::` of a cast (as in src/figures/catalog.ts).
const PARAMETER = /(?<![:\w]):([a-z_][a-z0-9_]*)\b/g;
const HEADER_LINE = /^--\s*([a-z][a-z ]*?):\s*(.*)$/;

/** The folder of the rows queries. */
export function figureRowsDir(): string {
  return join(projectRoot(), 'sql', 'figure-rows');
}

/**
 * Reads and checks the rows query of figure `id`, or of one definition of a figure: the file
 * of sql/figure-rows named as its file of sql/figures (`<id>.sql`, or `<id>.<YYYY>.sql` for
 * another definition of other years).
 */
export function loadRowsDefinition(figure: string | { id: string; file: string }, dir = figureRowsDir()): RowsDefinition {
  const { id, file } = typeof figure === 'string' ? { id: figure, file: `${figure}.sql` } : figure;
  const path = join(dir, file);
  if (!existsSync(path)) throw new Error(`figure ${id} has no rows query: add sql/figure-rows/${file} (see src/audit/figure-rows.ts)`);
  const sql = readFileSync(path, 'utf8');
  const header: Record<string, string> = {};
  for (const line of sql.split('\n')) {
    const m = HEADER_LINE.exec(line.trim());
    if (m) header[m[1]] = header[m[1]] ? `${header[m[1]]} ${m[2].trim()}` : m[2].trim();
    else if (line.trim() !== '' && !line.trim().startsWith('--')) break;
  }
  if (header['rows of'] !== id) throw new Error(`${path}: the header must start with -- rows of: ${id}`);
  const parts: Partial<Record<Part, string>> = {};
  for (const p of PARTS) if (header[p]) parts[p] = header[p];
  if (Object.keys(parts).length === 0) throw new Error(`${path}: the header must describe its parts (-- numerator: …, -- denominator: … or -- value: …)`);
  const code = sql.replace(/--[^\n]*/g, '');
  return {
    id,
    file: `sql/figure-rows/${file}`,
    sql,
    sha256: createHash('sha256').update(sql).digest('hex'),
    parameters: [...new Set([...code.matchAll(PARAMETER)].map((m) => m[1]))],
    parts,
    series: header.series === 'monthly' ? 'monthly' : null,
  };
}

/** The parameters a rows query needs that `params` lacks (then it cannot run). */
export function missingParameters(def: RowsDefinition, params: ReportParameters): string[] {
  return def.parameters.filter((name) => params[name] === undefined);
}

/** The rows query with `$1`, `$2` … for its parameters, and their values. */
export function boundRowsQuery(def: RowsDefinition, params: ReportParameters): { sql: string; values: unknown[] } {
  const missing = missingParameters(def, params);
  if (missing.length) throw new Error(`the rows of ${def.id} need the parameter ${missing.join(', ')}, which has no value for ${params.year}`);
  return { sql: bindParameters(def.sql, def.parameters).trim(), values: def.parameters.map((n) => params[n]) };
}

/**
 * The rows query with its parameters written in as literals, for statements that take no
 * bound parameters (DECLARE … CURSOR).
 */
export function inlinedRowsQuery(def: RowsDefinition, params: ReportParameters): string {
  const { sql, values } = boundRowsQuery(def, params);
  return sql.replace(/\$(\d+)/g, (_, i: string) => `'${String(values[Number(i) - 1]).replace(/'/g, "''")}'`);
}
