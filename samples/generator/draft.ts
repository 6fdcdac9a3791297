/**
 * The draft report of the sample year, as the office would write it: each figure's sentence (its
 * first anchor) with the number the data were built to reproduce. `etl check-report` on it
 * finds every published figure agreeing; the catalogue's figures without a published value are
 * not in it.
 */
import { loadCatalog } from '../../src/figures/catalog.js';
import { writeDraft, type DraftFigure } from '../../src/draft/write-draft.js';
import { unitFactor, type Published } from './targets.js';

export function draftOf(targets: Published): string {
  const figures: DraftFigure[] = loadCatalog(targets.year)
    .filter((f) => targets.figures[f.id] !== undefined && f.anchors.length > 0)
    .map((f) => {
      const t = targets.figures[f.id];
      return { id: f.id, section: f.section, order: f.order, anchors: f.anchors, signs: f.signs, number: t.value, decimals: t.precision, magnitude: unitFactor(t.unit) };
    });
  return writeDraft(`${targets.document}（草稿）`, figures);
}
