/**
 * A year's figures beside an earlier year's (`etl figures --compare`, and the Y−1 column of
 * report.html, report.md and figures.xlsx): where the earlier year's value of each figure comes
 * from, and the change between the two.
 *
 * The earlier year's value of a figure is the one its latest freeze recorded (etl.frozen_figures
 * of the year's latest etl.freezes row), else the one its latest run that has the figure computed
 * (etl.figure_values): what the year published, or failing that its best current word. Nothing
 * here writes; the change is worked out from the unrounded values and shown at the figure's own
 * unit and precision.
 */
import type { Warehouse } from '../db/warehouse.js';
import type { FigureDefinition } from '../figures/catalog.js';
import { roundHalfUp, unitScale } from '../figures/published.js';

/** Where an earlier year's value comes from: a freeze of the year, or a run of it. */
export interface ValueOrigin {
  kind: 'freeze' | 'run';
  /** freeze_id or run_id. */
  id: number;
  /** When the figures were frozen, or when the run ended (started, for a run without an end), as Postgres prints it. */
  at: string;
}

/** A figure's value in a year, as a freeze or a run recorded it. */
export interface YearValue {
  value: number | null;
  display: string | null;
  status: string;
  origin: ValueOrigin;
}

/** The figures of `year`, by id: from its latest freeze, else from its latest run that has the figure. Empty when the year has no run. */
export async function figureValuesOfYear(wh: Warehouse, year: number): Promise<Record<string, YearValue>> {
  const toNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  type Row = { figure_id: string; value: number | null; display: string | null; status: string; id: number; at: string };
  const { rows: frozen } = await wh.query<Row>(
    `select ff.figure_id, ff.value, ff.display, ff.status, z.freeze_id as id, z.frozen_at::text as at
     from etl.frozen_figures ff join etl.freezes z using (freeze_id)
     where z.freeze_id = (select max(freeze_id) from etl.freezes where year = $1)`,
    [year],
  );
  const { rows: computed } = await wh.query<Row>(
    `select distinct on (v.figure_id) v.figure_id, v.value, v.display, v.status, r.run_id as id, coalesce(r.finished_at, r.started_at)::text as at
     from etl.figure_values v join etl.runs r using (run_id)
     where r.year = $1
     order by v.figure_id, r.run_id desc`,
    [year],
  );
  const values: Record<string, YearValue> = {};
  const put = (rows: Row[], kind: ValueOrigin['kind']) => {
    for (const r of rows) {
      if (values[r.figure_id]) continue;
      values[r.figure_id] = { value: toNumber(r.value), display: r.display, status: r.status, origin: { kind, id: Number(r.id), at: String(r.at) } };
    }
  };
  put(frozen, 'freeze');
  put(computed, 'run');
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `frozen 2026-03-01, freeze 3` or `run 12`. */
export function originText(origin: ValueOrigin): string {
  return origin.kind === 'freeze' ? `frozen ${origin.at.slice(0, 10)}, freeze ${origin.id}` : `run ${origin.id}`;
}

/** How a figure's values are shown: its base unit, and the unit and decimals of its display text. */
export interface DisplayFormat {
  /** Base unit of the value (`%`, `pp`, `件` …): a rate in `%` or `pp` changes by percentage points. */
  baseUnit: string;
  unit: string;
  precision: number;
}

/** The format of a figure's display text: its published unit and precision, or its catalogue's (as judge() in src/figures/compute.ts builds it). */
export function displayFormat(
  definition: Pick<FigureDefinition, 'unit' | 'displayUnit' | 'precision'>,
  published: { unit: string; precision: number } | null | undefined,
): DisplayFormat {
  return published
    ? { baseUnit: definition.unit, unit: published.unit, precision: published.precision }
    : { baseUnit: definition.unit, unit: definition.displayUnit, precision: definition.precision };
}

/** The change of a figure from the earlier year to the later one. */
export interface Change {
  /** `change`: both years have a value; `not_computable`: one of them has none; `new`: the earlier year has no value of the figure at all. */
  kind: 'change' | 'not_computable' | 'new';
  /** Later minus earlier, unrounded in the base unit (percentage points for a rate); null unless `change`. */
  difference: number | null;
  /** The difference over the earlier value, in %; null for a rate (its change is in pp), an earlier value of 0, or no change to state. */
  relative: number | null;
  /** `+0.3pp`, `+12人 (+5.3%)`, `—`, `new in 2024`. */
  text: string;
}

const isRate = (f: DisplayFormat) => f.baseUnit === '%' || f.baseUnit === 'pp';

/** `+0.3pp`, `-12人`, `0.0pp`: a signed amount at the format's precision (no sign when it rounds to 0). */
function signed(amount: number, unit: string, precision: number, scale = unitScale(unit)): string {
  const rounded = roundHalfUp(amount / scale, precision);
  const text = `${Math.abs(rounded).toFixed(precision)}${unit}`;
  return rounded > 0 ? `+${text}` : rounded < 0 ? `-${text}` : text;
}

/**
 * The change of a figure whose value is `value` in `year` and `earlier` the year before (or any
 * earlier year): for a rate (`%` or `pp`) the difference in percentage points, otherwise the
 * difference and the relative change in %.
 */
export function changeOf(value: number | null, earlier: YearValue | undefined, format: DisplayFormat, year: number): Change {
  if (!earlier) return { kind: 'new', difference: null, relative: null, text: `new in ${year}` };
  if (value === null || earlier.value === null) return { kind: 'not_computable', difference: null, relative: null, text: '—' };
  const difference = value - earlier.value;
  if (isRate(format)) return { kind: 'change', difference, relative: null, text: signed(difference, 'pp', format.precision, 1) };
  const amount = signed(difference, format.unit, format.precision);
  if (earlier.value === 0) return { kind: 'change', difference, relative: null, text: amount };
  const relative = (difference / Math.abs(earlier.value)) * 100;
  return { kind: 'change', difference, relative, text: `${amount} (${signed(relative, '%', 1, 1)})` };
}

/** One figure of a year beside the earlier year. */
export interface ComparedFigure {
  /** The earlier year's value, or null when that year has none of this figure. */
  earlier: YearValue | null;
  /** The earlier value as shown: its display text, `—` when it was not computable or is absent, and its origin when it differs from the column's. */
  text: string;
  change: Change;
}

/** A year's figures beside an earlier year's (the report's Y−1 column, `etl figures --compare`). */
export interface YearComparison {
  year: number;
  /** Where most of the earlier values come from; a value from elsewhere names its own origin. */
  origin: ValueOrigin;
  /** The column's heading: `2023 (frozen 2026-03-01, freeze 3)` or `2023 (run 12)`. */
  heading: string;
  /** By figure id, for every figure of the later year. */
  figures: Record<string, ComparedFigure>;
}

/** The figures of the later year (`year`, each with its value and display format) beside `earlier`, the values of `earlierYear`; null when that year has no value. */
export function compareYears(
  year: number,
  figures: readonly { id: string; value: number | null; format: DisplayFormat }[],
  earlierYear: number,
  earlier: Record<string, YearValue>,
): YearComparison | null {
  const values = Object.values(earlier);
  if (values.length === 0) return null;
  const key = (o: ValueOrigin) => `${o.kind}:${o.id}`;
  const counts = new Map<string, { origin: ValueOrigin; n: number }>();
  for (const v of values) {
    const c = counts.get(key(v.origin)) ?? { origin: v.origin, n: 0 };
    c.n++;
    counts.set(key(v.origin), c);
  }
  // The most common origin; on a tie a freeze before a run, then the latest.
  const origin = [...counts.values()].sort((a, b) => b.n - a.n || (a.origin.kind === b.origin.kind ? b.origin.id - a.origin.id : a.origin.kind === 'freeze' ? -1 : 1))[0].origin;
  const compared: Record<string, ComparedFigure> = {};
  for (const f of figures) {
    const e = earlier[f.id];
    const shown = e?.value === null || e === undefined ? '—' : (e.display ?? String(e.value));
    const text = e && key(e.origin) !== key(origin) ? `${shown} (${originText(e.origin)})` : shown;
    compared[f.id] = { earlier: e ?? null, text, change: changeOf(f.value, e, f.format, year) };
  }
  return { year: earlierYear, origin, heading: `${earlierYear} (${originText(origin)})`, figures: compared };
}
