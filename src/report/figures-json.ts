/** `figures.json`: every figure of the run with its value, verdict and derivation (design.md). */
import type { RunReport } from '../pipeline/run.js';

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
  };
}
