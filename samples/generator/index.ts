/**
 * Generates the departmental exports of all sixteen sources for a report year, with data
 * that reproduces the published figures, then checks them against the targets; or, for the
 * year after the published one, exports that continue it (continuation.ts), with no targets.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { activityRecords, buildActivities, writeActivities } from './activities.js';
import type { Activity } from './activities.js';
import { buildCallPlan } from './call-records-plan.js';
import type { CallPlan, CallScale } from './call-records-plan.js';
import { callRecords } from './call-records.js';
import { writeCalls } from './call-records-write.js';
import { buildContracts, contractRecords, writeContracts } from './contracts.js';
import type { Contract } from './contracts.js';
import { buildElearning, elearningRecords, writeElearning } from './elearning.js';
import type { Elearning } from './elearning.js';
import { buildEnergy, energyRecords, writeEnergy } from './energy.js';
import type { EnergyRow } from './energy.js';
import { buildTasks, taskRecords, writeTasks } from './experience-tasks.js';
import type { ExperienceTask } from './experience-tasks.js';
import { buildExperiencers, experiencerRecords, writeExperiencers } from './experiencers.js';
import type { Experiencer } from './experiencers.js';
import { buildTickets, ticketRecords } from './hotline-tickets.js';
import type { HotlineScale, TicketTable } from './hotline-plan.js';
import { writeHotline } from './hotline-write.js';
import { buildRoster, rosterRecords, writeRoster } from './hr-roster.js';
import type { Employee } from './hr-roster.js';
import { draftOf } from './draft.js';
import type { FileReport } from './manifest.js';
import { Rng } from './random.js';
import { buildSafety, safetyRecords, writeSafety } from './safety-register.js';
import type { SafetyRow } from './safety-register.js';
import { buildSamples, sampleId, sampleRecords, writeSamples } from './satisfaction-samples.js';
import type { SampleTable } from './satisfaction-samples.js';
import { buildSecurity, securityRecords, writeSecurity } from './security-ops.js';
import type { SecurityRow } from './security-ops.js';
import {
  auditsFrom, continueExperiencers, continueRoster, elearningFrom, energyContinuing, joinActivities, joinContracts, joinSafety, joinSamples,
  joinSecurity, joinTasks, joinTraining, selfServiceContinuing, volunteersFrom,
} from './continuation.js';
import { REPLAY_DIR, replayLines } from './text-file.js';
import { daysOf } from './time.js';
import { checkFigures, computeFigures } from './self-check.js';
import type { FigureCheck } from './self-check.js';
import { buildSelfService, selfServiceRecords, writeSelfService } from './self-service.js';
import type { SelfServiceTable } from './self-service.js';
import { buildTargets, loadPublished } from './targets.js';
import type { Published, Scale } from './targets.js';
import { auditRecords, buildAudits } from './ticket-audits.js';
import type { AuditTable } from './ticket-audits.js';
import { writeAudits } from './ticket-audits-write.js';
import { attendanceRecords, buildTraining, sessionRecords, writeTraining } from './training.js';
import type { Training } from './training.js';
import { buildVolunteers, volunteerRecords, writeVolunteers } from './volunteer.js';
import type { VolunteerRow } from './volunteer.js';

export type { Published, Scale } from './targets.js';
export type { FileReport } from './manifest.js';
export { checkFigures, computeFigures } from './self-check.js';

export interface GenerateOptions {
  outDir: string;
  scale?: Scale;
  seed?: number;
  /**
   * Report year; defaults to the year of the published values. The year after it continues it
   * (the same staff and experiencers, tickets and calls across the year end) and has no targets.
   */
  year?: number;
  /** The published values (parsed, or the path of the JSON file). */
  published: Published | string;
}

/** Everything the generator built, in memory (the calls as a plan: they are drawn day by day). */
export interface GeneratedData {
  year: number;
  /** M of the complaints figures (the month the internet entry went live). */
  month: number;
  roster: Employee[];
  training: Training;
  tickets: TicketTable;
  samples: SampleTable;
  calls: CallPlan;
  audits: AuditTable;
  selfService: SelfServiceTable;
  elearning: Elearning;
  activities: Activity[];
  volunteers: VolunteerRow[];
  safety: SafetyRow[];
  security: SecurityRow[];
  energy: EnergyRow[];
  contracts: Contract[];
  tasks: ExperienceTask[];
  experiencers: Experiencer[];
}

export interface GenerateResult {
  /** What the data reproduces; no figures for a continued year (it has no published values). */
  targets: Published;
  files: FileReport[];
  check: { ok: boolean; checks: FigureCheck[] };
}

const HOTLINE_SCALE: Record<Scale, HotlineScale> = {
  full: { basePerDay: [780, 810], minInternetPrev: 1000 },
  small: { basePerDay: [3.3, 4.2], minInternetPrev: 50 },
};
/** Calls per day of 10000, 10005, 国漫 and 18900110119 in Y-1 and Y (the small scale: about 1/700). */
const CALL_SCALE: Record<Scale, CallScale> = {
  full: { perDay: [[1890, 2240], [720, 560], [165, 185], [62, 70]], overlap: 300 },
  small: { perDay: [[2.6, 3.1], [1.0, 0.8], [0.25, 0.3], [0.1, 0.12]], overlap: 4 },
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
    calls: buildCallPlan(new Rng(seed, 'calls'), year, CALL_SCALE[scale], targets, seed),
    audits: buildAudits(new Rng(seed, 'audits'), year, targets),
    selfService: buildSelfService(new Rng(seed, 'self-service'), year, targets),
    elearning: buildElearning(new Rng(seed, 'elearning'), year, targets, roster),
    activities: buildActivities(new Rng(seed, 'activities'), year, targets),
    volunteers: buildVolunteers(new Rng(seed, 'volunteer'), year, targets, roster),
    safety: buildSafety(new Rng(seed, 'safety'), year, targets),
    security: buildSecurity(new Rng(seed, 'security'), year, targets),
    energy: buildEnergy(new Rng(seed, 'energy'), year, targets),
    contracts: buildContracts(new Rng(seed, 'contracts'), year, targets, roster),
    tasks: buildTasks(new Rng(seed, 'ue-tasks'), year, targets),
    experiencers: buildExperiencers(new Rng(seed, 'ue-experiencers'), year, targets),
  };
}

/** The self-check: the figures recomputed literally from the generated rows, against the targets. */
export function selfCheck(data: GeneratedData, targets: Published): { ok: boolean; checks: FigureCheck[] } {
  const values = computeFigures(
    {
      roster: rosterRecords(data.roster),
      sessions: sessionRecords(data.training),
      attendance: attendanceRecords(data.training),
      tickets: ticketRecords(data.tickets),
      samples: sampleRecords(data.samples),
      calls: callRecords(data.calls),
      audits: auditRecords(data.audits),
      selfService: selfServiceRecords(data.selfService),
      elearning: elearningRecords(data.elearning),
      activities: activityRecords(data.activities),
      volunteers: volunteerRecords(data.volunteers),
      safety: safetyRecords(data.safety),
      security: securityRecords(data.security),
      energy: energyRecords(data.energy),
      contracts: contractRecords(data.contracts),
      tasks: taskRecords(data.tasks),
      experiencers: experiencerRecords(data.experiencers),
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

/** The draft report of the year, beside the export folder (`samples/data/2023.draft.md`): see draft.ts. */
export function draftPath(outDir: string): string {
  return `${outDir.replace(/[\\/]+$/, '')}.draft.md`;
}

/** The departments' folders of the export. */
const EXPORT_DIRS = ['人力资源部', '客服热线', '满意度', '话务中心', join('质量管理部', '工单审核'), '运营支撑部', '综合部', '工会', '信息化部', '财务部', 'UE189'];

/** Writes all exports under `outDir`, and the targets and manifest beside it (see sidecarPath). */
export async function generateSamples(options: GenerateOptions): Promise<GenerateResult> {
  const published = typeof options.published === 'string' ? await loadPublished(options.published) : options.published;
  const scale = options.scale ?? 'full';
  const seed = options.seed ?? 1;
  const year = options.year ?? published.year;
  if (scale !== 'full' && scale !== 'small') throw new Error(`unknown scale ${String(scale)}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`the seed must be an integer, not ${seed}`);
  if (year === published.year + 1) return generateContinuation(options.outDir, published, scale, seed, year);
  const targets = buildTargets(published, scale, year);
  const data = buildData(targets, scale, seed, year);
  const check = selfCheck(data, targets);

  const out = options.outDir;
  const files: FileReport[] = [];
  const add = (r: FileReport | FileReport[]) => files.push(...(Array.isArray(r) ? r : [r]));
  for (const dir of EXPORT_DIRS) await mkdir(join(out, dir), { recursive: true });
  const rng = (stream: string) => new Rng(seed, `${stream}-file`);
  add(await writeRoster(rng('hr'), out, year, data.roster));
  add(await writeTraining(rng('training'), out, year, data.training));
  add(await writeElearning(rng('elearning'), out, year, data.elearning));
  add(await writeHotline(rng('hotline'), out, year, data.tickets));
  add(await writeSamples(rng('survey'), out, year, data.samples));
  add(await writeCalls(rng('calls'), out, year, data.calls));
  add(await writeAudits(rng('audits'), out, year, data.audits));
  add(await writeSelfService(rng('self-service'), out, year, data.selfService));
  add(await writeActivities(rng('activities'), out, year, data.activities));
  add(await writeVolunteers(rng('volunteer'), out, year, data.volunteers));
  add(await writeSafety(rng('safety'), out, year, data.safety));
  add(await writeSecurity(rng('security'), out, year, data.security));
  add(await writeEnergy(rng('energy'), out, year, data.energy));
  add(await writeContracts(rng('contracts'), out, year, data.contracts));
  add(await writeTasks(rng('ue-tasks'), out, year, data.tasks));
  add(await writeExperiencers(rng('ue-experiencers'), out, year, data.experiencers));
  await mkdir(dirname(sidecarPath(out, 'targets')), { recursive: true });
  await writeFile(sidecarPath(out, 'targets'), `${JSON.stringify(targets, null, 2)}\n`);
  await writeFile(draftPath(out), draftOf(targets));
  const manifest = { year, scale, seed, files, selfCheck: check };
  await writeFile(sidecarPath(out, 'manifest'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { targets, files, check };
}

/**
 * The year after the published one, continuing it (see continuation.ts): the published year is
 * built again in memory (its ticket and call writers replayed without writing, for the lines
 * this year repeats), this year's builders aim at its targets, and the two are joined. Its own
 * random streams are named `<stream>@<year>`. No targets file; the manifest says which year it
 * continues and has no self-check (there is nothing published to check against).
 */
async function generateContinuation(out: string, published: Published, scale: Scale, seed: number, year: number): Promise<GenerateResult> {
  const base = buildTargets(published, scale, published.year);
  const prior = buildData(base, scale, seed, published.year);
  // The lines of the year before's files that this year's repeat, exactly as it wrote them.
  const tickets: string[] = [];
  const calls: string[] = [];
  await replayLines(
    () => {},
    async () => {
      await writeHotline(new Rng(seed, 'hotline-file'), REPLAY_DIR, published.year, prior.tickets, { carryOver: tickets });
      await writeCalls(new Rng(seed, 'calls-file'), REPLAY_DIR, published.year, prior.calls, { carryOver: calls });
    },
  );

  const aims: Published = { ...base, year };
  const from = daysOf(year, 1, 1);
  const rng = (stream: string) => new Rng(seed, `${stream}@${year}`);
  const roster = continueRoster(rng('hr'), year, prior.roster);
  const samples = buildSamples(rng('survey'), year, aims);
  const joined = joinSamples(samples, prior.samples, year, (i) => sampleId(prior.samples, i), (i) => sampleId(samples, i, prior.samples.n));
  const data: GeneratedData = {
    year,
    month: INTERNET_LAUNCH_MONTH,
    roster,
    training: joinTraining(buildTraining(rng('training'), year, aims, roster), prior.training, from),
    tickets: buildTickets(rng('hotline'), year, INTERNET_LAUNCH_MONTH, HOTLINE_SCALE[scale], aims),
    samples: joined.table,
    calls: buildCallPlan(rng('calls'), year, CALL_SCALE[scale], aims, seed),
    audits: auditsFrom(buildAudits(rng('audits'), year, aims), year),
    selfService: selfServiceContinuing(buildSelfService(rng('self-service'), year, aims), prior.selfService),
    elearning: elearningFrom(buildElearning(rng('elearning'), year, aims, roster), from),
    activities: joinActivities(buildActivities(rng('activities'), year, aims), prior.activities, from),
    volunteers: volunteersFrom(buildVolunteers(rng('volunteer'), year, aims, roster), prior.volunteers, from),
    safety: joinSafety(buildSafety(rng('safety'), year, aims), prior.safety, from),
    security: joinSecurity(buildSecurity(rng('security'), year, aims), prior.security, from),
    energy: energyContinuing(buildEnergy(rng('energy'), year, aims), prior.energy, year),
    contracts: joinContracts(buildContracts(rng('contracts'), year, aims, roster), prior.contracts, from),
    tasks: joinTasks(buildTasks(rng('ue-tasks'), year, aims), prior.tasks, from),
    experiencers: continueExperiencers(rng('ue-experiencers'), year, prior.experiencers),
  };

  const files: FileReport[] = [];
  const add = (r: FileReport | FileReport[]) => files.push(...(Array.isArray(r) ? r : [r]));
  for (const dir of EXPORT_DIRS) await mkdir(join(out, dir), { recursive: true });
  const file = (stream: string) => new Rng(seed, `${stream}-file@${year}`);
  add(await writeRoster(file('hr'), out, year, data.roster));
  add(await writeTraining(file('training'), out, year, data.training));
  add(await writeElearning(file('elearning'), out, year, data.elearning));
  add(await writeHotline(file('hotline'), out, year, data.tickets, { leading: tickets }));
  add(await writeSamples(file('survey'), out, year, data.samples, (i) => joined.ids[i]));
  add(await writeCalls(file('calls'), out, year, data.calls, { leading: calls }));
  add(await writeAudits(file('audits'), out, year, data.audits));
  add(await writeSelfService(file('self-service'), out, year, data.selfService));
  add(await writeActivities(file('activities'), out, year, data.activities));
  add(await writeVolunteers(file('volunteer'), out, year, data.volunteers));
  add(await writeSafety(file('safety'), out, year, data.safety));
  add(await writeSecurity(file('security'), out, year, data.security));
  add(await writeEnergy(file('energy'), out, year, data.energy));
  add(await writeContracts(file('contracts'), out, year, data.contracts));
  add(await writeTasks(file('ue-tasks'), out, year, data.tasks));
  add(await writeExperiencers(file('ue-experiencers'), out, year, data.experiencers));
  const check = { ok: true, checks: [] };
  await mkdir(dirname(sidecarPath(out, 'manifest')), { recursive: true });
  const manifest = { year, scale, seed, continues: published.year, published: null, files, selfCheck: check };
  await writeFile(sidecarPath(out, 'manifest'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { targets: { year, document: published.document, figures: {} }, files, check };
}
