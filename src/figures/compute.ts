/** Computes figures in the warehouse and judges them against the published values. */
import type { Warehouse } from '../db/warehouse.js';
import { bindParameters, formatYears, inForce, type FigureDefinition, type ReportParameters } from './catalog.js';
import { agrees, display, type PublishedFigure } from './published.js';

export type FigureStatus = 'match' | 'mismatch' | 'not_computable' | 'unpublished';

export interface FigureValue {
  id: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Why the value is null (not computable). */
  reason: string | null;
  /** The parameters the SQL was run with. */
  parameters: ReportParameters;
}

export interface JudgedFigure extends FigureValue {
  status: FigureStatus;
  display: string | null;
  published: PublishedFigure | null;
}

interface FigureRow {
  value: number | null;
  numerator?: number | null;
  denominator?: number | null;
  /** Optional: why the value is null, in the figure's own words (e.g. naming an empty month). */
  reason?: string | null;
}

const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Runs one figure's SQL. Missing parameters and empty denominators give a reason, not 0. */
export async function computeFigure(wh: Warehouse, figure: FigureDefinition, params: ReportParameters): Promise<FigureValue> {
  // A definition of other years never stands in for the year's own (loadCatalog(year) gives the year's).
  if (typeof params.year === 'number' && !inForce(figure, params.year)) {
    throw new Error(`figure ${figure.id} as defined in ${figure.file} is for the years ${formatYears(figure.years)}, not ${params.year}: compute the catalogue of the year, loadCatalog(${params.year})`);
  }
  const used: ReportParameters = {};
  for (const name of figure.parameters) {
    if (params[name] === undefined) {
      return { id: figure.id, value: null, numerator: null, denominator: null, parameters: used, reason: `the parameter ${name} has no value for ${params.year} (sql/figures/parameters.json)` };
    }
    used[name] = params[name];
  }
  const sql = bindParameters(figure.sql, figure.parameters);
  const { rows } = await wh.query<FigureRow>(sql, figure.parameters.map((n) => params[n]));
  if (rows.length !== 1) throw new Error(`figure ${figure.id} (${figure.file}) returned ${rows.length} rows; it must return exactly one`);
  const row = rows[0];
  const value = toNumber(row.value);
  const numerator = toNumber(row.numerator);
  const denominator = toNumber(row.denominator);
  let reason: string | null = null;
  if (value === null) {
    reason = row.reason ? String(row.reason) : denominator === 0 ? 'the denominator is 0: no rows match the definition for this year' : 'no rows to compute it from for this year';
  } else if (!Number.isFinite(value)) {
    reason = 'the value is not a finite number';
  }
  return { id: figure.id, value: reason ? null : value, numerator, denominator, reason, parameters: used };
}

/** Gives a computed figure its verdict and display text. */
export function judge(figure: FigureDefinition, computed: FigureValue, published: PublishedFigure | undefined): JudgedFigure {
  const pub = published ?? null;
  if (computed.value === null) return { ...computed, status: 'not_computable', display: null, published: pub };
  if (!pub) return { ...computed, status: 'unpublished', display: display(computed.value, figure.displayUnit, figure.precision), published: null };
  return {
    ...computed,
    status: agrees(computed.value, pub) ? 'match' : 'mismatch',
    display: display(computed.value, pub.unit, pub.precision),
    published: pub,
  };
}
