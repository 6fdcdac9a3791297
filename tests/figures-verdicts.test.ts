/** Reconciliation verdicts and display, by the catalogue's rules: 万 units, strict >, half-up rounding. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/figures/catalog.js';
import { judge } from '../src/figures/compute.js';
import { agrees, display, roundHalfUp, type PublishedFigure } from '../src/figures/published.js';

const pub = (value: number, unit: string, precision: number, comparator: '=' | '>' = '='): PublishedFigure => ({ value, unit, precision, comparator });
const catalog = loadCatalog(2023);
const figureDef = (id: string) => catalog.find((f) => f.id === id)!;

describe('verdicts', () => {
  it('scales 万 units by 10,000 and rounds at the published precision', () => {
    // 50,650 件 = 5.065 万件 → 5.07 at 2 dp; 50,649 件 = 5.0649 → 5.06.
    expect(agrees(50_650, pub(5.07, '万件', 2))).toBe(true);
    expect(agrees(50_649, pub(5.07, '万件', 2))).toBe(false);
    expect(agrees(452_000, pub(45.2, '万件', 1))).toBe(true);
    expect(agrees(451_499, pub(45.2, '万件', 1))).toBe(false);
  });

  it('reads > as strictly greater, in the published unit', () => {
    expect(agrees(15_000, pub(1.5, '万小时', 1, '>'))).toBe(false);
    expect(agrees(15_000.01, pub(1.5, '万小时', 1, '>'))).toBe(true);
    expect(agrees(114_523, pub(11.4, '万份', 1, '>'))).toBe(true);
    expect(agrees(113_800, pub(11.4, '万份', 1, '>'))).toBe(false);
  });

  it('rounds half away from zero, negative values too', () => {
    expect(roundHalfUp(-0.405, 2)).toBe(-0.41);
    expect(roundHalfUp(-0.404, 2)).toBe(-0.4);
    expect(roundHalfUp(98.35, 1)).toBe(98.4);
    expect(agrees(-0.405, pub(-0.41, 'pp', 2))).toBe(true);
    expect(agrees(-0.4049, pub(-0.41, 'pp', 2))).toBe(false);
    expect(display(-0.405, 'pp', 2)).toBe('-0.41pp');
  });
});

describe('display of a year without published values', () => {
  it('uses the unit and precision of the figure’s published form: 45.2万件, not 452000.0件', () => {
    const value = { id: 'audit.reviewed', value: 452_000, numerator: null, denominator: null, reason: null, parameters: { year: 2024 } };
    expect(judge(figureDef('audit.reviewed'), value, undefined)).toMatchObject({ status: 'unpublished', display: '45.2万件' });
    const cost = { ...value, id: 'safety.rectification_cost', value: 64_321.5 };
    expect(judge(figureDef('safety.rectification_cost'), cost, undefined).display).toBe('6.43万元');
    const rate = { ...value, id: 'hotline.on_time_rate', value: 98.35 };
    expect(judge(figureDef('hotline.on_time_rate'), rate, undefined).display).toBe('98.4%');
  });

  it('keeps every figure’s display form in step with its 2023 published form', async () => {
    const { readPublished } = await import('../src/figures/published.js');
    const { paths } = await import('../src/paths.js');
    const published = readPublished(paths.published(2023)).figures;
    for (const f of catalog) {
      const p = published[f.id];
      if (!p) continue;
      expect({ id: f.id, unit: f.displayUnit, precision: f.precision }).toEqual({ id: f.id, unit: p.unit, precision: p.precision });
    }
  });
});
