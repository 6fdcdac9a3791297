/**
 * `etl check-report`: a draft report checked against the figures of a year's latest run. The
 * figures in force for the year (loadCatalog) with their anchors; the values and reasons the
 * year's latest run recorded; the draft read by readDraft and checked by checkDraft.
 */
import type { Warehouse } from '../db/warehouse.js';
import { loadCatalog, type FigureDefinition } from '../figures/catalog.js';
import { parseAnchor, parseSigns } from './anchors.js';
import { checkDraft, type DraftCheck, type FigureToCheck } from './check.js';
import { readDraftText, type DraftReading } from './draft-text.js';
import { readDraft, type DraftText } from './read-draft.js';

export interface ReportCheck extends DraftCheck {
  year: number;
  file: string;
  /** The run whose values were compared. */
  runId: number;
  draft: DraftText;
  reading: DraftReading;
}

export class NoRunError extends Error {}

/** The figures of the catalogue for `year`, with their anchors parsed; an anchor that does not parse names its file. */
export function figuresWithAnchors(year: number, values: Map<string, { value: number | null; reason: string | null }>, catalog: FigureDefinition[] = loadCatalog(year)): FigureToCheck[] {
  return catalog.map((definition) => {
    let anchors;
    let signs;
    try {
      anchors = definition.anchors.map(parseAnchor);
      signs = parseSigns(definition.signs ?? undefined);
    } catch (error) {
      throw new Error(`sql/figures/${definition.file}: ${(error as Error).message}`);
    }
    const v = values.get(definition.id);
    return {
      id: definition.id,
      label: definition.label,
      unit: definition.unit,
      displayUnit: definition.displayUnit,
      precision: definition.precision,
      anchors,
      signs,
      value: v?.value ?? null,
      reason: v ? v.reason : 'the year’s latest run did not compute it',
    };
  });
}

/** The values and reasons of the latest run of `year`, by figure id, and that run's id. */
export async function latestValues(wh: Warehouse, year: number): Promise<{ runId: number; values: Map<string, { value: number | null; reason: string | null }> }> {
  const { rows: runs } = await wh.query<{ run_id: number }>('select max(run_id) as run_id from etl.runs where year = $1', [year]);
  const runId = runs[0]?.run_id;
  if (runId === null || runId === undefined) {
    throw new NoRunError(`no run for ${year} in ${wh.description}: run \`etl run --year ${year} --input DIR\` first, then check the draft against its figures`);
  }
  const { rows } = await wh.query<{ figure_id: string; value: number | string | null; reason: string | null }>(
    'select figure_id, value, reason from etl.figure_values where run_id = $1',
    [runId],
  );
  return {
    runId: Number(runId),
    values: new Map(rows.map((r) => [r.figure_id, { value: r.value === null ? null : Number(r.value), reason: r.reason }])),
  };
}

export async function checkReport(wh: Warehouse, file: string, year: number): Promise<ReportCheck> {
  const draft = await readDraft(file);
  const { runId, values } = await latestValues(wh, year);
  const reading = readDraftText(draft.text);
  const result = checkDraft(reading, figuresWithAnchors(year, values));
  return { ...result, year, file, runId, draft, reading };
}
