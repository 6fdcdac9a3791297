/**
 * CLI: writes realistic departmental exports for a report year whose data reproduces the
 * published figures of all sixteen sources.
 *
 *   node dist/samples/generate.js --out DIR [--scale full|small] [--seed N] [--year 2023] [--published FILE]
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateSamples } from './generator/index.js';
import type { Scale } from './generator/index.js';

export { buildData, generateSamples, selfCheck } from './generator/index.js';
export type { FileReport, GenerateOptions, GenerateResult, GeneratedData } from './generator/index.js';

/** samples/published/2023.json of the project this file belongs to (source or compiled). */
function defaultPublished(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'samples', 'published', '2023.json');
  }
  throw new Error('cannot find the project folder; pass --published');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      scale: { type: 'string', default: 'full' },
      seed: { type: 'string', default: '1' },
      year: { type: 'string' },
      published: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.out) {
    console.error('usage: generate --out DIR [--scale full|small] [--seed N] [--year YYYY] [--published FILE]');
    process.exit(values.help ? 0 : 2);
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
  for (const f of result.files) {
    const sheet = f.sheet ? ` [${f.sheet}]` : '';
    console.log(`${f.file}${sheet}: ${f.rowsRead} rows read, ${f.expectedRejected} to reject, ${f.expectedSkipped.duplicate + f.expectedSkipped.blank + f.expectedSkipped.summary} to skip`);
  }
  for (const c of result.check.checks) {
    console.log(`${c.ok ? 'ok      ' : 'MISMATCH'} ${c.id}: ${c.value === null ? 'not computable' : c.value} vs ${c.target}`);
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (!result.check.ok) {
    console.error('self-check FAILED: the generated data does not reproduce the targets');
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
