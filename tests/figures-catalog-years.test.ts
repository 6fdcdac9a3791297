/**
 * The `years` of a figure's SQL header: a figure defined from a year on, retired after a year,
 * or defined anew for some years; loadCatalog(year) gives the definitions in force that year.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatYears, inForce, loadCatalog, parseFigureFile, parseYears, reportParameters } from '../src/figures/catalog.js';
import { computeFigure } from '../src/figures/compute.js';
import type { Warehouse } from '../src/db/warehouse.js';

const sql = (id: string, years?: string, value = 1) =>
  [`-- id: ${id}`, '-- label: x', '-- unit: 件', '-- precision: 0', '-- sources: activities', ...(years === undefined ? [] : [`-- years: ${years}`]),
    '-- definition: x', `select ${value} as value`].join('\n');

const dirs: string[] = [];
function catalogue(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-years-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the years of a figure', () => {
  it('parses 2024-, 2023-2023, 2023 and -2023; absent is every year', () => {
    expect(parseYears(undefined)).toEqual({ from: null, to: null });
    expect(parseYears('2024-')).toEqual({ from: 2024, to: null });
    expect(parseYears('2023-2023')).toEqual({ from: 2023, to: 2023 });
    expect(parseYears('2023')).toEqual({ from: 2023, to: 2023 });
    expect(parseYears('2021 - 2023')).toEqual({ from: 2021, to: 2023 });
    expect(parseYears('-2023')).toEqual({ from: null, to: 2023 });
    expect(['every year', '2024-', '2023', '-2023', '2021-2023']).toEqual(
      [undefined, '2024-', '2023-2023', '-2023', '2021-2023'].map((t) => formatYears(parseYears(t))),
    );
    for (const bad of ['', '-', '23-', '2024-2023', 'from 2024', '2024,2025']) expect(() => parseYears(bad), bad).toThrow(/years/);
    expect(() => parseFigureFile('a.b.sql', sql('a.b', 'later'))).toThrow(/a\.b\.sql: figure metadata: years must be written/);
  });

  it('selects the definitions in force for a year: from a year on, retired after a year, defined anew', () => {
    const dir = catalogue({
      'a.old.sql': sql('a.old', '-2023'),
      'a.new.sql': sql('a.new', '2024-'),
      'a.always.sql': sql('a.always'),
      'a.changed.sql': sql('a.changed', '2023-2023', 1),
      'a.changed.2024.sql': sql('a.changed', '2024-', 2),
    });
    const of = (year?: number) => loadCatalog(year, dir).map((f) => `${f.id} ${f.file}`);
    expect(of(2023)).toEqual(['a.always a.always.sql', 'a.changed a.changed.sql', 'a.old a.old.sql']);
    expect(of(2024)).toEqual(['a.always a.always.sql', 'a.changed a.changed.2024.sql', 'a.new a.new.sql']);
    expect(of(2030)).toEqual(of(2024));
    expect(of(2022)).toEqual(['a.always a.always.sql', 'a.old a.old.sql']);
    // Without a year: every definition, by id and first year.
    expect(of()).toEqual(['a.always a.always.sql', 'a.changed a.changed.sql', 'a.changed a.changed.2024.sql', 'a.new a.new.sql', 'a.old a.old.sql']);
    const [changed2023] = loadCatalog(2023, dir).filter((f) => f.id === 'a.changed');
    expect(inForce(changed2023, 2023)).toBe(true);
    expect(inForce(changed2023, 2024)).toBe(false);
  });

  it('refuses two definitions of one id whose years overlap, naming both files', () => {
    const dir = catalogue({ 'a.b.sql': sql('a.b', '2023-'), 'a.b.2024.sql': sql('a.b', '2024-2025') });
    expect(() => loadCatalog(2023, dir)).toThrow(
      'figure a.b has two definitions for the same years: a.b.sql (years 2023-) and a.b.2024.sql (years 2024-2025); give each its own years',
    );
    // Absent years is every year: it overlaps any other definition.
    const every = catalogue({ 'a.b.sql': sql('a.b'), 'a.b.2024.sql': sql('a.b', '2024') });
    expect(() => loadCatalog(undefined, every)).toThrow(/a\.b\.sql \(years every year\) and a\.b\.2024\.sql \(years 2024\)/);
    // Adjacent ranges do not overlap.
    const adjacent = catalogue({ 'a.b.sql': sql('a.b', '-2023'), 'a.b.2024.sql': sql('a.b', '2024-') });
    expect(loadCatalog(undefined, adjacent)).toHaveLength(2);
  });

  it('names another definition of a figure <id>.<YYYY>….sql, and nothing else', () => {
    expect(() => loadCatalog(2023, catalogue({ 'a.b.x.sql': sql('a.b', '2024-') }))).toThrow(/a\.b\.x\.sql: the file of figure a\.b must be named a\.b\.sql/);
    expect(() => loadCatalog(2023, catalogue({ 'c.d.2024.sql': sql('a.b', '2024-') }))).toThrow(/must be named a\.b\.sql/);
    expect(loadCatalog(2025, catalogue({ 'a.b.2025-v2.sql': sql('a.b', '2025-') })).map((f) => f.file)).toEqual(['a.b.2025-v2.sql']);
  });

  it('never computes a definition for a year it is not in force', async () => {
    const [def] = loadCatalog(undefined, catalogue({ 'a.b.sql': sql('a.b', '-2023') }));
    const wh = {} as Warehouse; // refused before any query
    await expect(computeFigure(wh, def, { year: 2024 })).rejects.toThrow('figure a.b as defined in a.b.sql is for the years -2023, not 2024');
  });

  it('every figure of sql/figures is in force for 2023, and the ids in force each year are unique', () => {
    const all = loadCatalog();
    expect(new Set(loadCatalog(2023).map((f) => f.id))).toEqual(new Set(all.map((f) => f.id)));
    for (const year of [2023, 2024]) {
      const ids = loadCatalog(year).map((f) => f.id);
      expect(new Set(ids).size, String(year)).toBe(ids.length);
    }
  });
});

describe('the parameters of a report year', () => {
  it('come from the year, a value of its own or the one given from a year on', () => {
    expect(reportParameters(2023)).toEqual({ year: 2023, month: '2023-07' });
    expect(reportParameters(2024)).toEqual({ year: 2024, month: '2024-07' });
    expect(reportParameters(2031)).toEqual({ year: 2031, month: '2031-07' });
    // Before the internet entry went live, no M: the complaints figures are not computable.
    expect(reportParameters(2022)).toEqual({ year: 2022 });
  });

  it('take the latest from-year at or before the year, and an exact year first', () => {
    const dir = catalogue({
      'parameters.json': JSON.stringify({
        m: { description: 'x', values: { '2020-': '{year}-01', '2023-': '{year}-06', '2024': '2024-03' } },
        n: { description: 'y', values: { '2025-': 5 } },
      }),
    });
    expect(reportParameters(2019, dir)).toEqual({ year: 2019 });
    expect(reportParameters(2022, dir)).toEqual({ year: 2022, m: '2022-01' });
    expect(reportParameters(2023, dir)).toEqual({ year: 2023, m: '2023-06' });
    expect(reportParameters(2024, dir)).toEqual({ year: 2024, m: '2024-03' });
    expect(reportParameters(2026, dir)).toEqual({ year: 2026, m: '2026-06', n: 5 });
  });
});
