/** `figures.json`: every figure of the run with its value, verdict and derivation (docs/operations.md, "Where things go"). */
import type { Restatement } from '../audit/freeze.js';
import type { RunReport } from '../pipeline/run-report.js';

/** A restatement as figures.json writes it: old and new value, and the input files that differ. */
function restatementJson(r: Restatement): unknown {
  return {
    id: r.figureId,
    label: r.label,
    frozen: r.frozen,
    now: r.now,
    sql_changed: r.sqlChanged,
    files: r.files.map((f) => ({ source: f.source, file: f.file, frozen_sha256: f.frozenSha256, sha256: f.sha256 })),
  };
}

/** The content of figures.json; `frozen` and `restatements` compare with the year's latest freeze. */
export function figuresJson(report: RunReport): unknown {
  return {
    year: report.year,
    run_id: report.runId,
    published_file: report.publishedFile,
    figures: report.figures.map((f) => ({
      id: f.id,
      label: f.definition.label,
      value: f.value,
      unit: f.definition.unit,
      display: f.display,
      numerator: f.numerator,
      denominator: f.denominator,
      published: f.published ? { value: f.published.value, unit: f.published.unit, comparator: f.published.comparator } : null,
      status: f.status,
      reason: f.reason,
      definition: f.definition.definition,
      sql: f.definition.sql,
      sql_sha256: f.definition.sha256,
      parameters: f.parameters,
      inputs: f.inputs,
    })),
    frozen: report.audit?.frozen ? { freeze_id: report.audit.frozen.freezeId, run_id: report.audit.frozen.runId, frozen_at: report.audit.frozen.frozenAt } : null,
    restatements: (report.audit?.restatements ?? []).map(restatementJson),
  };
}
