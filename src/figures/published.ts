/**
 * Published values and the reconciliation rules of the figure catalogue:
 * `=` — the value, rounded half-up to the published precision in the published unit, equals
 * the published number; `>` — the value is strictly greater. `万` units count in 10,000s.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const publishedFigureSchema = z.object({
  value: z.number(),
  unit: z.string().min(1),
  comparator: z.enum(['=', '>']),
  precision: z.number().int().min(0).max(6),
  statement: z.string().optional(),
});

const publishedFileSchema = z.object({
  year: z.number().int(),
  document: z.string().optional(),
  figures: z.record(z.string(), publishedFigureSchema),
});

export type PublishedFigure = z.infer<typeof publishedFigureSchema>;
export type PublishedValues = z.infer<typeof publishedFileSchema>;

export function readPublished(file: string): PublishedValues {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the published values ${file}: ${(error as Error).message}`);
  }
  const parsed = publishedFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a published-values file: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** 10,000 for units counted in 万 (`万件`, `万元`), else 1. */
export function unitScale(unit: string): number {
  return unit.startsWith('万') ? 10_000 : 1;
}

/** Rounds half away from zero (四舍五入), immune to binary noise such as 98.35 → 98.34999…. */
export function roundHalfUp(x: number, precision: number): number {
  const factor = 10 ** precision;
  const scaled = Number((Math.abs(x) * factor).toPrecision(12));
  return (Math.sign(x) * Math.round(scaled)) / factor;
}

/** The display text of a value in a unit at a precision: `98.4%`, `45.2万件`, `-0.41pp`. */
export function display(value: number, unit: string, precision: number): string {
  const scaled = roundHalfUp(value / unitScale(unit), precision);
  return `${scaled.toFixed(precision)}${unit}`;
}

/** Whether a computed value (in the base unit) agrees with the published figure. */
export function agrees(value: number, published: PublishedFigure): boolean {
  const inUnit = value / unitScale(published.unit);
  if (published.comparator === '>') return inUnit > published.value;
  return Math.abs(roundHalfUp(inUnit, published.precision) - published.value) < 1e-9;
}
