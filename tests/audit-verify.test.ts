import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etl, etlEnvFor } from './support/audit-cli.js';
import { tempDir } from './support/fixtures.js';
import { latestRunOf, verifyYear } from '../src/pipeline/verify.js';
import { openWarehouse } from '../src/db/open.js';
import { loadCatalog } from '../src/figures/catalog.js';
import { dropLine, removeSamples, replaceInFile, SAMPLE_PII_KEY, samplePublished, TICKET_2023, TICKETS_2023, writeSmallSamples } from './support/sample-run.js';
import { createTestWarehouse, SERVER_URL, WAREHOUSE_KINDS, type TestWarehouse } from './support/warehouses.js';
import { sources } from '../pipelines/index.js';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Whether the scratch warehouse verify announced on stderr still exists (a folder, or a database on the server). */
async function scratchExists(stderr: string): Promise<boolean> {
  const m = /rebuilding into a temporary (?:PGlite folder (\S+)|database (etl_verify_\w+) on the server) \(removed afterwards\)/.exec(stderr);
  if (!m) throw new Error(`verify did not say where it rebuilt: ${stderr}`);
  if (m[1]) return existsSync(m[1]);
  const c = new pg.Client({ connectionString: SERVER_URL });
  await c.connect();
  const { rows } = await c.query('select 1 from pg_database where datname = $1', [m[2]]);
  await c.end();
  return rows.length > 0;
}

let original: string;
beforeAll(async () => {
  original = await writeSmallSamples();
});
afterAll(() => removeSamples(original));

describe.each(WAREHOUSE_KINDS)('etl verify on %s', (kind) => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let input: string;
  let runId: number;
  const verify = () => etl(['verify', '--year', '2023', '--input', input], env);
  beforeAll(async () => {
    input = join(tempDir('etl-vin-'), '2023');
    cpSync(original, input, { recursive: true });
    t = await createTestWarehouse(kind);
    env = etlEnvFor(t.config);
    const out = tempDir('etl-out-');
    const r = await etl(['run', '--year', '2023', '--input', input, '--out', out, '--published', samplePublished(original)], env);
    expect(r.code, r.stderr).toBe(0);
    runId = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8')).run_id;
  });
  afterAll(async () => {
    await t?.dispose();
    if (input) removeSamples(input);
  });

  it('passes on the unchanged input files, and leaves no scratch warehouse behind', async () => {
    const r = await verify();
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toBe(
      `verify: OK — a fresh rebuild of ${input} reproduces run ${runId} for 2023: 29 files with the same SHA-256, the same row counts for 17 sources and the same ${loadCatalog(2023).length} figures\n`,
    );
    expect(await scratchExists(r.stderr)).toBe(false);
  });

  it('fails when a file changed in a way no figure sees (a phone number), naming the file and both SHA-256', async () => {
    const path = join(input, TICKETS_2023);
    const before = sha256(path);
    replaceInFile(path, ',441,18083234836', ',441,18083234837');
    const r = await verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      // A file is named by where it was read: folders of two years may hold the same path.
      `  file ${input}/${TICKETS_2023}: SHA-256 was ${before} in run ${runId}, is now ${sha256(path)}\n` +
        `verify: FAILED — 1 difference between run ${runId} for 2023 and a fresh rebuild of ${input}\n`,
    );
  });

  it('fails when a row was removed, listing the file, its row counts, the source and every figure that moved', async () => {
    dropLine(join(input, TICKETS_2023), TICKET_2023);
    // In-process this time: the same comparison without starting another command.
    const wh = await openWarehouse(t.config);
    const recorded = await latestRunOf(wh, 2023).finally(() => wh.close());
    const result = await verifyYear(t.config, recorded, { sources, year: 2023, inputDir: input, piiKey: SAMPLE_PII_KEY });
    const lines = result.differences;
    expect(lines[0]).toMatch(new RegExp(`^file ${input}/${TICKETS_2023}: SHA-256 was [0-9a-f]{64} in run ${runId}, is now [0-9a-f]{64}$`));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^rows of ${input}/${TICKETS_2023} \\[hotline_tickets\\]: loaded: [\\d,]+ read, [\\d,]+ loaded, .* in run ${runId}; now loaded: [\\d,]+ read, [\\d,]+ loaded, `)));
    expect(lines).toContainEqual(expect.stringMatching(/^source hotline_tickets: [\d,]+ rows loaded \(\d+ rejected, \d+ skipped\) in run \d+; now [\d,]+ \(/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^figure hotline\\.on_time_rate: value [\\d.]+ in run ${runId}, [\\d.]+ now; numerator [\\d,]+ in run ${runId}, [\\d,]+ now; denominator`)));
    expect(result.rebuilt.sources.get('hotline_tickets')!.loaded).toBe(result.recorded.sources.get('hotline_tickets')!.loaded - 1);
    // The warehouse itself is untouched: its latest run is still the one verified.
    const figures = await etl(['figures', '--year', '2023', '--json'], env);
    expect(JSON.parse(figures.stdout)[0].run_id).toBe(runId);
  });
});
