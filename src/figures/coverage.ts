/**
 * Which years each source covers, so that a figure over a source with no rows in the report
 * year is "not computable" (the export is missing) instead of a misleading 0.
 */
import type { SourceDefinition } from '../../pipelines/define.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import type { FigureDefinition } from './catalog.js';

export interface SourceCoverage {
  rows: number;
  /** Years with at least one row, by the source's period column; null when it has none. */
  years: Set<number> | null;
  period: string | null;
}

export async function sourceCoverage(wh: Warehouse, sources: readonly SourceDefinition[]): Promise<Map<string, SourceCoverage>> {
  const coverage = new Map<string, SourceCoverage>();
  for (const s of sources) {
    if (s.period) {
      const { rows } = await wh.query<{ y: number; n: number }>(
        `select extract(year from ${quoteIdent(s.period)})::int as y, count(*) as n from ${quoteIdent(s.id)} group by 1`,
      );
      coverage.set(s.id, { rows: rows.reduce((n, r) => n + Number(r.n), 0), years: new Set(rows.map((r) => Number(r.y))), period: s.period });
    } else {
      const { rows } = await wh.query<{ n: number }>(`select count(*) as n from ${quoteIdent(s.id)}`);
      coverage.set(s.id, { rows: Number(rows[0].n), years: null, period: null });
    }
  }
  return coverage;
}

/** Why a figure cannot be computed for `year` from what was loaded, or null when it can. */
export function missingInputs(figure: FigureDefinition, year: number, coverage: Map<string, SourceCoverage>): string | null {
  const problems: string[] = [];
  for (const source of figure.sources) {
    const c = coverage.get(source);
    if (!c) continue;
    if (c.rows === 0) problems.push(`no rows of ${source} were loaded (its export is missing or failed)`);
    else if (c.years && !c.years.has(year)) problems.push(`${source} has no rows in ${year} by ${c.period} (the export for ${year} is missing)`);
  }
  return problems.length ? problems.join('; ') : null;
}
