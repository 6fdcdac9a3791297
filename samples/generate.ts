/**
 * CLI: writes realistic departmental exports for a report year whose data reproduces the
 * published figures of all sixteen sources; with `--year` the year after the published one,
 * exports that continue it (generator/continuation.ts) with nothing to reproduce.
 *
 *   node dist/samples/generate.js --out DIR [--scale full|small] [--seed N] [--year 2023] [--published FILE]
 *     [--drop-month SOURCE:YYYY-MM[..YYYY-MM]] [--empty-column SOURCE:COLUMN] [--empty-register SOURCE] [--undated SOURCE]
 *
 * The gap flags (repeatable, applied in the order given, see generator/gaps.ts) change the
 * files after the complete samples are written and self-checked, so that the engine's
 * coverage checks have something to find.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GAP_KINDS, GapError, applyGaps, parseGap } from './generator/gaps.js';
import type { Gap } from './generator/gaps.js';
import { generateSamples } from './generator/index.js';
import type { Scale } from './generator/index.js';

export { buildData, generateSamples, selfCheck } from './generator/index.js';
export type { FileReport, GenerateOptions, GenerateResult, GeneratedData } from './generator/index.js';
export { applyGaps, parseGap } from './generator/gaps.js';
export type { AppliedGap, Gap, GapsResult } from './generator/gaps.js';

const USAGE =
  'usage: generate --out DIR [--scale full|small] [--seed N] [--year YYYY] [--published FILE]\n' +
  '                [--drop-month SOURCE:YYYY-MM[..YYYY-MM]] [--empty-column SOURCE:COLUMN] [--empty-register SOURCE] [--undated SOURCE]\n' +
  '  the gap flags may be repeated; they are applied in the order given, after the complete samples are written';

/** reference/published/2023.json of the project this file belongs to (source or compiled). */
function defaultPublished(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'reference', 'published', '2023.json');
  }
  throw new Error('cannot find the project folder; pass --published');
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        out: { type: 'string' },
        scale: { type: 'string', default: 'full' },
        seed: { type: 'string', default: '1' },
        year: { type: 'string' },
        published: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        'drop-month': { type: 'string', multiple: true },
        'empty-column': { type: 'string', multiple: true },
        'empty-register': { type: 'string', multiple: true },
        undated: { type: 'string', multiple: true },
      },
      tokens: true,
    });
  } catch (error) {
    console.error(`generate: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  const { values, tokens } = parsed;
  if (values.help || !values.out) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  // The gaps in the order given on the command line, checked before anything is generated.
  const gaps: Gap[] = [];
  try {
    for (const t of tokens) {
      if (t.kind === 'option' && (GAP_KINDS as readonly string[]).includes(t.name)) gaps.push(parseGap(t.name, t.value ?? ''));
    }
  } catch (error) {
    if (!(error instanceof GapError)) throw error;
    console.error(`generate: ${error.message}`);
    process.exit(2);
  }
  if (values.scale !== 'full' && values.scale !== 'small') throw new Error(`--scale must be full or small, not ${values.scale}`);
  const started = performance.now();
  const result = await generateSamples({
    outDir: resolve(values.out),
    scale: values.scale as Scale,
    seed: Number(values.seed),
    year: values.year === undefined ? undefined : Number(values.year),
    published: values.published ?? defaultPublished(),
  });
  // The self-check is on the complete data, before any gap.
  const gapped = result.check.ok && gaps.length > 0 ? await applyGaps(resolve(values.out), result.files, gaps) : null;
  for (const f of gapped?.files ?? result.files) {
    const sheet = f.sheet ? ` [${f.sheet}]` : '';
    console.log(`${f.file}${sheet}: ${f.rowsRead} rows read, ${f.expectedRejected} to reject, ${f.expectedSkipped.duplicate + f.expectedSkipped.blank + f.expectedSkipped.summary} to skip`);
  }
  for (const c of result.check.checks) {
    if (!c.checked) console.log(`unchecked ${c.id}: no self-check computation; its SQL checks it when the samples are loaded (target ${c.target})`);
    else console.log(`${c.ok ? 'ok      ' : 'MISMATCH'} ${c.id}: ${c.value === null ? 'not computable' : c.value} vs ${c.target}`);
  }
  for (const g of gapped?.applied ?? []) console.log(`gap ${g.line}`);
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!result.check.ok) {
    console.error(`self-check FAILED: the generated data does not reproduce the targets${gaps.length ? ' (no gap applied)' : ''}`);
    process.exit(1);
  }
}

/** True when this module is the program being run (not imported by tests or other code). */
function isMain(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(resolve(process.argv[1])) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  main().catch((error: unknown) => {
    console.error(`generate: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
