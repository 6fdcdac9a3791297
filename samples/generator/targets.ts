/**
 * The published values the generator aims at, and exact arithmetic to derive the counts that
 * reproduce them. No figure value is written in the generator: every count comes from here.
 */
import { readFile } from 'node:fs/promises';
import { loadCatalog } from '../../src/figures/catalog.js';
import { SMALL_DIVISOR, SMALL_SCALED } from './figure-ids.js';

export type Comparator = '=' | '>';

export interface PublishedFigure {
  value: number;
  unit: string;
  comparator: Comparator;
  precision: number;
  statement: string;
}

/** The shape of reference/published/2023.json (and of the targets.json the generator writes). */
export interface Published {
  year: number;
  document: string;
  figures: Record<string, PublishedFigure>;
}

export type Scale = 'full' | 'small';

export { CORE_FIGURES, SMALL_DIVISOR } from './figure-ids.js';
export type { CoreFigureId, FigureId } from './figure-ids.js';

export async function loadPublished(path: string): Promise<Published> {
  const published = JSON.parse(await readFile(path, 'utf8')) as Published;
  if (typeof published?.year !== 'number' || typeof published.figures !== 'object') throw new Error(`${path} is not a published-values file`);
  return published;
}

/** `万` units are in ten thousands. */
export function unitFactor(unit: string): number {
  return unit.startsWith('万') ? 10_000 : 1;
}

/**
 * The figures the generator aims at: every figure of the catalogue (sql/figures) that the
 * published values state, in the catalogue's order. A figure without a published value is
 * left to the data as it comes out.
 */
export function targetFigureIds(published: Published, catalogueIds: readonly string[] = loadCatalog(published.year).map((f) => f.id)): string[] {
  return catalogueIds.filter((id) => published.figures[id] !== undefined);
}

/** The figures at the given scale, in the shape of the published file. */
export function buildTargets(published: Published, scale: Scale, year: number): Published {
  const figures: Record<string, PublishedFigure> = {};
  for (const id of targetFigureIds(published)) {
    const fig = published.figures[id];
    if (fig.comparator !== '=' && fig.comparator !== '>') throw new Error(`${id}: unknown comparator ${String(fig.comparator)}`);
    if (scale === 'small' && SMALL_SCALED.includes(id)) {
      const base = Math.round((fig.value * unitFactor(fig.unit)) / SMALL_DIVISOR);
      const unit = fig.unit.startsWith('万') ? fig.unit.slice(1) : fig.unit;
      figures[id] = { value: base, unit, comparator: fig.comparator, precision: 0, statement: `${fig.statement}（小样本：÷${SMALL_DIVISOR}）` };
    } else {
      figures[id] = { ...fig };
    }
  }
  return { year, document: published.document, figures };
}

// ---------------------------------------------------------------------------------------
// Exact rationals, so that a value sitting on a rounding boundary is never mistaken.

/** A value in base units (not 万), as num / den with den > 0. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export function ratio(num: number | bigint, den: number | bigint = 1): Ratio {
  const n = BigInt(num);
  const d = BigInt(den);
  if (d === 0n) throw new Error('zero denominator');
  return d < 0n ? { num: -n, den: -d } : { num: n, den: d };
}

/** `num / den × 100`, or null when the denominator is zero (not computable). */
export function percent(num: number, den: number): Ratio | null {
  return den === 0 ? null : ratio(BigInt(num) * 100n, den);
}

export function toNumber(r: Ratio): number {
  return Number(r.num) / Number(r.den);
}

/** The published number as an integer in units of 10^-precision. */
function scaledTarget(fig: PublishedFigure): bigint {
  const scaled = fig.value * 10 ** fig.precision;
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6) throw new Error(`published value ${fig.value} has more than ${fig.precision} decimals`);
  return BigInt(rounded);
}

/**
 * Whether `value` reproduces the figure. For `=` the value must lie strictly inside the
 * rounding interval (never on a half boundary, where half-up conventions could differ).
 */
export function meets(fig: PublishedFigure, value: Ratio | null): boolean {
  if (value === null) return false;
  const scale = 10n ** BigInt(fig.precision);
  const f = BigInt(unitFactor(fig.unit));
  const t = scaledTarget(fig);
  const lhs = value.num * scale; // compare value/f·scale with t, all times den·f
  const rhs = t * value.den * f;
  if (fig.comparator === '>') return lhs > rhs;
  const diff = 2n * (lhs - rhs);
  const bound = value.den * f;
  return diff < bound && -diff < bound;
}

/** Tries center, center±1, center±2 … within [lo, hi]; returns the first k that passes. */
export function nearest(center: number, lo: number, hi: number, test: (k: number) => boolean, what: string): number {
  const c = Math.min(hi, Math.max(lo, Math.round(center)));
  for (let step = 0; c - step >= lo || c + step <= hi; step++) {
    if (step > 1_000_000) break;
    if (c + step <= hi && test(c + step)) return c + step;
    if (step > 0 && c - step >= lo && test(c - step)) return c - step;
  }
  throw new Error(`no ${what} in [${lo}, ${hi}] reproduces the target`);
}

/**
 * An amount in 1/perUnit of the base unit that reproduces the figure: perUnit 1 gives a
 * count (50 万 → 500000), 100 gives cents (6.43 万元 → 6430000), 60 gives minutes of an
 * hours figure. For `>` it lies about 2 % above the published number.
 */
export function unitsFor(id: string, fig: PublishedFigure, perUnit = 1): number {
  const center = fig.value * unitFactor(fig.unit) * perUnit;
  const start = fig.comparator === '>' ? Math.floor(center * 1.02) + 1 : center;
  return nearest(start, 0, Math.ceil(center * 2) + 10, (k) => meets(fig, ratio(k, perUnit)), `amount for ${id}`);
}

/** A count (in base units) that reproduces a count figure, e.g. 50 万 → 500000. */
export function countFor(id: string, fig: PublishedFigure): number {
  return unitsFor(id, fig, 1);
}

/** A numerator k ≤ den such that k / den × 100 reproduces a percentage figure. */
export function numeratorFor(id: string, fig: PublishedFigure, den: number): number {
  if (den <= 0) throw new Error(`${id}: the denominator is empty`);
  return nearest((fig.value / 100) * den, 0, den, (k) => meets(fig, percent(k, den)), `numerator of ${id} over ${den}`);
}

/** Counts (prev, cur) with (cur / prev − 1) × 100 reproducing the figure; prev ≥ minPrev, as small as possible. */
export function growthPair(id: string, fig: PublishedFigure, minPrev: number): [number, number] {
  for (let prev = Math.max(1, minPrev); prev <= Math.max(1, minPrev) * 50 + 1000; prev++) {
    const cur = Math.round(prev * (1 + fig.value / 100));
    for (const c of [cur, cur - 1, cur + 1]) {
      if (c >= 0 && meets(fig, ratio(BigInt(c - prev) * 100n, prev))) return [prev, c];
    }
  }
  throw new Error(`${id}: no month-on-month counts reproduce the target`);
}

/** Counts (prev, cur) with (1 − cur / prev) × 100 reproducing the figure (a cut); prev ≥ minPrev. */
export function cutPair(id: string, fig: PublishedFigure, minPrev: number): [number, number] {
  for (let prev = Math.max(1, minPrev); prev <= Math.max(1, minPrev) * 50 + 1000; prev++) {
    const cur = Math.round(prev * (1 - fig.value / 100));
    for (const c of [cur, cur - 1, cur + 1]) {
      if (c >= 0 && meets(fig, ratio(BigInt(prev - c) * 100n, prev))) return [prev, c];
    }
  }
  throw new Error(`${id}: no year-on-year counts reproduce the target`);
}

/** A rate's (numerator, denominator) with the denominator ≥ minDen, as small as possible. */
export function rateCounts(id: string, fig: PublishedFigure, minDen: number): [number, number] {
  for (let den = Math.max(1, minDen); den <= Math.max(1, minDen) + 100_000; den++) {
    const k = Math.round((fig.value / 100) * den);
    for (const c of [k, k - 1, k + 1]) {
      if (c >= 0 && c <= den && meets(fig, percent(c, den))) return [c, den];
    }
  }
  throw new Error(`${id}: no counts reproduce the rate`);
}

/** The m such that v / (v + m) × 100 reproduces the figure (e.g. the manual calls beside self-service). */
export function complementFor(id: string, fig: PublishedFigure, v: number): number {
  const center = v * (100 / fig.value - 1);
  return nearest(center, 0, Math.ceil(center * 3) + 10, (m) => meets(fig, percent(v, v + m)), `complement of ${id}`);
}

/** The mean of the rates num / den × 100, exactly (null when a denominator is zero or there are none). */
export function meanOfRates(pairs: readonly (readonly [number, number])[]): Ratio | null {
  if (pairs.length === 0 || pairs.some(([, d]) => d === 0)) return null;
  let num = 0n;
  let den = 1n;
  for (const [a, d] of pairs) {
    num = num * BigInt(d) + BigInt(a) * 100n * den;
    den *= BigInt(d);
  }
  return ratio(num, den * BigInt(pairs.length));
}

/** (a1 / n1 − a0 / n0) × 100 as a ratio: a change of share in percentage points. */
export function shareChange(a0: number, n0: number, a1: number, n1: number): Ratio | null {
  if (n0 === 0 || n1 === 0) return null;
  return ratio((BigInt(a1) * BigInt(n0) - BigInt(a0) * BigInt(n1)) * 100n, BigInt(n0) * BigInt(n1));
}

/**
 * Counts (a0, a1) of a category in two months of n0 and n1 tickets whose share change
 * reproduces the figure, with a0 in [lo, hi] as near to `start` as possible and a1 ≤ max1;
 * null when there is none.
 */
export function shareChangePair(fig: PublishedFigure, n0: number, n1: number, lo: number, hi: number, start: number, max1: number): [number, number] | null {
  for (let step = 0; start + step <= hi || start - step >= lo; step++) {
    for (const a0 of step === 0 ? [start] : [start + step, start - step]) {
      if (a0 < lo || a0 > hi) continue;
      const ideal = n1 * (a0 / n0 + fig.value / 100);
      for (const a1 of [Math.round(ideal), Math.floor(ideal), Math.ceil(ideal)]) {
        if (a1 >= 0 && a1 <= max1 && meets(fig, shareChange(a0, n0, a1, n1))) return [a0, a1];
      }
    }
  }
  return null;
}

/** s0 / n0 − s1 / n1 as a ratio (difference of two means). */
export function meanDifference(s0: number, n0: number, s1: number, n1: number): Ratio | null {
  if (n0 === 0 || n1 === 0) return null;
  return ratio(BigInt(s0) * BigInt(n1) - BigInt(s1) * BigInt(n0), BigInt(n0) * BigInt(n1));
}

/** The sum s1 over n1 items such that s0 / n0 − s1 / n1 reproduces the figure. */
export function sumForMeanCut(id: string, fig: PublishedFigure, s0: number, n0: number, n1: number): number {
  const ideal = n1 * (s0 / n0 - fig.value * unitFactor(fig.unit));
  return nearest(ideal, 0, Number.MAX_SAFE_INTEGER, (s1) => meets(fig, meanDifference(s0, n0, s1, n1)), `handle-time total for ${id}`);
}
