/**
 * Computes the figures literally per the figure definitions (sql/figures) from rows as the engine would load
 * them (invalid rows and second copies of duplicates left out), independently of how the
 * generator built them, and compares them with the targets. A target it has no computation
 * for is listed as not checked here: the figure's own SQL checks it when the samples are
 * loaded (tests/pipeline-samples.test.ts, `make pipeline`).
 */
import type { FigureId } from './figure-ids.js';
import { coreFigures } from './self-check-core.js';
import type { CoreInputs } from './self-check-core.js';
import { activityFigures, ledgerFigures } from './self-check-ledgers.js';
import type { LedgerInputs } from './self-check-ledgers.js';
import { volumeFigures } from './self-check-volumes.js';
import type { VolumeInputs } from './self-check-volumes.js';
import { meets, toNumber, unitFactor } from './targets.js';
import type { Published, Ratio } from './targets.js';

export type * from './records.js';

/** Every source's rows. Each iterable is read once (calls may be a generator of millions). */
export type FigureInputs = CoreInputs & VolumeInputs & LedgerInputs;

export type FigureValues = Record<FigureId, Ratio | null>;

/** The figures for report year `year`; `month` is M of the complaints figures (7 for 2023). */
export function computeFigures(inputs: FigureInputs, year: number, month = 7): FigureValues {
  // The roster is read by the core and the contracts figures.
  const roster = [...inputs.roster];
  return {
    ...coreFigures({ ...inputs, roster }, year, month),
    ...volumeFigures(inputs, year),
    ...activityFigures(inputs.activities, year),
    ...ledgerFigures({ ...inputs, roster }, year),
  };
}

export interface FigureCheck {
  id: string;
  /** In the published unit (e.g. 万), unrounded; null when not computable. */
  value: number | null;
  target: string;
  ok: boolean;
  /** False for a target the self-check has no computation for (then `ok` is true and `value` null). */
  checked: boolean;
}

/** Compares computed values with targets; `ok` is false when any figure misses. */
export function checkFigures(values: FigureValues, targets: Published): { ok: boolean; checks: FigureCheck[] } {
  const computed: Partial<Record<string, Ratio | null>> = values;
  const checks = Object.entries(targets.figures).map(([id, fig]): FigureCheck => {
    const target = `${fig.comparator} ${fig.value} ${fig.unit} (${fig.precision} dp)`;
    const v = computed[id];
    if (v === undefined) return { id, value: null, target, ok: true, checked: false };
    return { id, value: v === null ? null : toNumber(v) / unitFactor(fig.unit), target, ok: meets(fig, v), checked: true };
  });
  return { ok: checks.every((c) => c.ok), checks };
}
