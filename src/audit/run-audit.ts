/**
 * What a run adds to its outputs for the auditor, gathered at the end of the run (inside its
 * transaction): restatements since the year's freeze, the year before's figures (to show beside
 * this year's), the first contributing rows of each figure, and the monthly series behind the
 * figures that rest on one.
 */
import type { Warehouse } from '../db/warehouse.js';
import { loadCatalog, reportParameters } from '../figures/catalog.js';
import { monthlySeries, sampleRows, type ContributingRow, type HashPhone, type MonthlyPoint } from './contributing-rows.js';
import { loadRowsDefinition, missingParameters } from './figure-rows.js';
import { restatementsOf, type AuditedRun, type EarlierYear, type FreezeRef, type Restatement } from './freeze.js';
import { figureValuesOfYear, type YearValue } from './prior-year.js';

/** Contributing rows shown per figure in figures.xlsx and report.html. */
export const FIRST_ROWS = 20;

/** The auditor's additions to a run's outputs. */
export interface RunAudit {
  frozen: FreezeRef | null;
  restatements: Restatement[];
  /** Frozen years before the run's whose figures this run's rows changed (compute-figures.ts). */
  earlier?: EarlierYear[];
  /** The figures of the year before, from its latest freeze or run (src/audit/prior-year.ts); null when that year has none. */
  priorYear?: { year: number; figures: Record<string, YearValue> } | null;
  /** The first contributing rows of each figure (at most FIRST_ROWS, every part represented). */
  rows: Record<string, ContributingRow[]>;
  /** The monthly series of the figures whose rows query asks for a chart. */
  series: Record<string, MonthlyPoint[]>;
  /** Figures whose rows could not be listed, and why. */
  problems: string[];
}

/** Takes rows from each part in turn, so that a numerator does not crowd out its denominator. */
function interleave(rows: ContributingRow[], limit: number): ContributingRow[] {
  const byPart = new Map<string, ContributingRow[]>();
  for (const r of rows) byPart.set(r.part, [...(byPart.get(r.part) ?? []), r]);
  const queues = [...byPart.values()];
  const out: ContributingRow[] = [];
  for (let i = 0; out.length < limit && queues.some((q) => i < q.length); i++) {
    for (const q of queues) if (i < q.length && out.length < limit) out.push(q[i]);
  }
  const rank = (p: string) => ['numerator', 'denominator', 'value'].indexOf(p);
  return out.sort((a, b) => rank(a.part) - rank(b.part) || a.fileId - b.fileId || a.row - b.row);
}

/** Gathers the audit additions of a run that has just been recorded; `hashPhone` (the run's) masks the rows' cells. */
export async function auditRun(wh: Warehouse, report: AuditedRun, hashPhone: HashPhone): Promise<RunAudit> {
  const { frozen, restatements } = await restatementsOf(wh, report);
  const params = reportParameters(report.year);
  // The rows query of the definition in force for the year.
  const inForce = new Map(loadCatalog(report.year).map((f) => [f.id, f]));
  const prior = await figureValuesOfYear(wh, report.year - 1);
  const priorYear = Object.keys(prior).length ? { year: report.year - 1, figures: prior } : null;
  const audit: RunAudit = { frozen, restatements, priorYear, rows: {}, series: {}, problems: [] };
  for (const figure of report.figures) {
    // A figure without a value has no rows behind it worth showing (its reason says why);
    // listing them would only cost time on a large table.
    if (figure.status === 'not_computable') continue;
    // A failed query must not abort the run's transaction: each figure gets a savepoint.
    await wh.exec('savepoint audit_rows');
    try {
      const def = loadRowsDefinition(inForce.get(figure.id) ?? figure.id);
      if (missingParameters(def, params).length === 0) {
        // Load order (not sorted): the first rows of a large table come without a full sort.
        audit.rows[figure.id] = interleave(await sampleRows(wh, def, params, FIRST_ROWS, report.runId, hashPhone, { inLoadOrder: true }), FIRST_ROWS);
        if (def.series === 'monthly' && figure.value !== null) audit.series[figure.id] = await monthlySeries(wh, def, params);
      }
      await wh.exec('release savepoint audit_rows');
    } catch (error) {
      await wh.exec('rollback to savepoint audit_rows');
      audit.problems.push(`${figure.id}: ${(error as Error).message}`);
    }
  }
  return audit;
}
