/**
 * Generates the departmental exports of the four core sources for a report year, with data
 * that reproduces the published figures, then checks them against the targets.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTickets, ticketRecords } from './hotline-tickets.js';
import type { HotlineScale, TicketTable } from './hotline-plan.js';
import { writeHotline } from './hotline-write.js';
import { buildRoster, rosterRecords, writeRoster } from './hr-roster.js';
import type { Employee } from './hr-roster.js';
import type { FileReport } from './manifest.js';
import { Rng } from './random.js';
import { buildSamples, sampleRecords, writeSamples } from './satisfaction-samples.js';
import type { SampleTable } from './satisfaction-samples.js';
import { checkFigures, computeFigures } from './self-check.js';
import type { FigureCheck } from './self-check.js';
import { buildTargets, loadPublished } from './targets.js';
import type { Published, Scale } from './targets.js';
import { attendanceRecords, buildTraining, sessionRecords, writeTraining } from './training.js';
import type { Training } from './training.js';

export type { Published, Scale } from './targets.js';
export type { FileReport } from './manifest.js';
export { checkFigures, computeFigures } from './self-check.js';

export interface GenerateOptions {
  outDir: string;
  scale?: Scale;
  seed?: number;
  /** Report year; defaults to the year of the published values. */
  year?: number;
  /** The published values (parsed, or the path of the JSON file). */
  published: Published | string;
}

/** Everything the generator built, in memory. */
export interface GeneratedData {
  year: number;
  /** M of the complaints figures (the month the internet entry went live). */
  month: number;
  roster: Employee[];
  training: Training;
  tickets: TicketTable;
  samples: SampleTable;
}

export interface GenerateResult {
  targets: Published;
  files: FileReport[];
  check: { ok: boolean; checks: FigureCheck[] };
}

const HOTLINE_SCALE: Record<Scale, HotlineScale> = {
  full: { basePerDay: [780, 810], minInternetPrev: 1000 },
  small: { basePerDay: [3.3, 4.2], minInternetPrev: 50 },
};
const INTERNET_LAUNCH_MONTH = 7;

/** Builds every source in memory (no files). */
export function buildData(targets: Published, scale: Scale, seed: number, year: number): GeneratedData {
  const roster = buildRoster(new Rng(seed, 'hr'), year, targets);
  return {
    year,
    month: INTERNET_LAUNCH_MONTH,
    roster,
    training: buildTraining(new Rng(seed, 'training'), year, targets, roster),
    tickets: buildTickets(new Rng(seed, 'hotline'), year, INTERNET_LAUNCH_MONTH, HOTLINE_SCALE[scale], targets),
    samples: buildSamples(new Rng(seed, 'survey'), year, targets),
  };
}

/** The self-check: the 24 core figures recomputed literally from the generated rows, against the targets. */
export function selfCheck(data: GeneratedData, targets: Published): { ok: boolean; checks: FigureCheck[] } {
  const values = computeFigures(
    {
      roster: rosterRecords(data.roster),
      sessions: sessionRecords(data.training),
      attendance: attendanceRecords(data.training),
      tickets: ticketRecords(data.tickets),
      samples: sampleRecords(data.samples),
    },
    data.year,
    data.month,
  );
  return checkFigures(values, targets);
}

/**
 * Where the generator's own notes go: beside the export folder, not in it, so a run over the
 * folder sees only what a department would hand over (`samples/data/2023.targets.json`).
 */
export function sidecarPath(outDir: string, name: 'targets' | 'manifest'): string {
  return `${outDir.replace(/[\\/]+$/, '')}.${name}.json`;
}

/** Writes all exports under `outDir`, and the targets and manifest beside it (see sidecarPath). */
export async function generateSamples(options: GenerateOptions): Promise<GenerateResult> {
  const published = typeof options.published === 'string' ? await loadPublished(options.published) : options.published;
  const scale = options.scale ?? 'full';
  const seed = options.seed ?? 1;
  const year = options.year ?? published.year;
  if (scale !== 'full' && scale !== 'small') throw new Error(`unknown scale ${String(scale)}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, not ${seed}`);
  const targets = buildTargets(published, scale, year);
  const data = buildData(targets, scale, seed, year);
  const check = selfCheck(data, targets);

  const out = options.outDir;
  for (const dir of ['人力资源部', '客服热线', '满意度']) await mkdir(join(out, dir), { recursive: true });
  const files: FileReport[] = [];
  files.push(await writeRoster(new Rng(seed, 'hr-file'), out, year, data.roster));
  files.push(...(await writeTraining(new Rng(seed, 'training-file'), out, year, data.training)));
  files.push(...(await writeHotline(new Rng(seed, 'hotline-file'), out, year, data.tickets)));
  files.push(await writeSamples(new Rng(seed, 'survey-file'), out, year, data.samples));
  await writeFile(sidecarPath(out, 'targets'), `${JSON.stringify(targets, null, 2)}\n`);
  const manifest = { year, scale, seed, files, selfCheck: check };
  await writeFile(sidecarPath(out, 'manifest'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { targets, files, check };
}
