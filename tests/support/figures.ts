/** Computes one figure of sql/figures on a test warehouse. */
import { loadCatalog, reportParameters } from '../../src/figures/catalog.js';
import { computeFigure, type FigureValue } from '../../src/figures/compute.js';
import type { Warehouse } from '../../src/db/warehouse.js';

/** Computes figure `id` as defined for `year` (its definition in force that year). */
export async function figure(wh: Warehouse, id: string, year = 2023, extra: Record<string, string | number> = {}): Promise<FigureValue> {
  const def = loadCatalog(year).find((f) => f.id === id);
  if (!def) throw new Error(`no figure ${id} for ${year} in sql/figures`);
  return computeFigure(wh, def, { ...reportParameters(year), ...extra });
}
