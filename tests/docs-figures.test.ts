/**
 * docs/figures.md is generated from the figure catalogue (sql/figures) and the published
 * values (reference/published/): this test renders it again and fails when the committed file
 * differs, so the catalogue for people never goes stale. Fix: `make docs`, then commit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/figures/catalog.js';
import { projectRoot } from '../src/paths.js';
import { currentFigureCatalogue, FIGURE_CATALOGUE, publishedYears, renderFigureCatalogue } from '../tools/figure-catalogue/figure-catalogue.js';

const committed = readFileSync(join(projectRoot(), FIGURE_CATALOGUE), 'utf8');
const catalog = loadCatalog();

/** The rows of the catalogue table, by figure id. */
function rows(text: string): Map<string, string[]> {
  const table = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^\| \[`([^`]+)`\]/.exec(line);
    if (m) table.set(m[1], line.slice(2, -2).split(/(?<!\\) \| /));
  }
  return table;
}

describe('docs/figures.md, the figure catalogue', () => {
  it('is what tools/figure-catalogue renders from sql/figures and reference/published (run `make docs` if not)', () => {
    expect(committed).toBe(currentFigureCatalogue());
  });

  it('has one row per figure of the catalogue, in the order of the ids, with its label, unit and sources', () => {
    const table = rows(committed);
    expect([...table.keys()]).toEqual(catalog.map((f) => f.id));
    for (const f of catalog) {
      const [, label, , unit, sources] = table.get(f.id)!;
      expect(label).toBe(f.label);
      expect(unit.startsWith(f.unit)).toBe(true);
      expect(sources).toBe(f.sources.map((s) => `\`${s}\``).join(', '));
    }
  });

  it('gives the published 2023 value of every figure the 2023 report states', () => {
    const published = publishedYears().find((p) => p.year === 2023)!;
    expect(published).toBeDefined();
    const table = rows(committed);
    const column = ['id', 'label', 'definition', 'unit', 'sources', 'years', ...publishedYears().map((p) => `published ${p.year}`)].indexOf('published 2023');
    for (const f of catalog) {
      const p = published.figures[f.id];
      const shown = table.get(f.id)![column];
      if (p) expect(shown).toBe(`${p.comparator === '>' ? '> ' : ''}${p.value.toFixed(p.precision)}${p.unit}`);
      else expect(shown).toBe('—');
    }
  });

  it('renders any catalogue: a table cell holds one line, pipes escaped, no HTML', () => {
    const [first] = catalog;
    const text = renderFigureCatalogue([{ ...first, label: 'a | b', definition: 'x <script> y\nz' }], []);
    expect(text).toContain('| a \\| b | x \\<script> y z |');
    expect(text).toContain('\n| id | label | definition | unit | sources | years |\n');
  });
});
