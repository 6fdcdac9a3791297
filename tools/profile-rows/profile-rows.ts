/**
 * The per-row work of a large CSV file's worker thread, alone: reading, checking every cell and
 * writing COPY text, without a database (docs/performance.md, "Where a CSV row's time goes").
 * Prints the rows, their counts and the time a row took. Under `node --cpu-prof` it writes the
 * profile that summarise-profile.js reads:
 *
 *   node --cpu-prof --cpu-prof-dir=out/profile dist/tools/profile-rows/profile-rows.js FILE [--source ID]
 *   node dist/tools/profile-rows/summarise-profile.js out/profile/*.cpuprofile
 *
 * The source is the one whose file patterns the name fits, unless --source names it. Phone
 * numbers are hashed with a throwaway key: nothing is kept.
 */
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import { sources } from '../../pipelines/index.js';
import { detectCsvLayout, readCsvRowBatches } from '../../src/extract/csv/csv-extractor.js';
import type { RawRow } from '../../src/extract/extractor.js';
import { loadPart } from '../../src/load/part-loader.js';
import { sourcesByFileName } from '../../src/sources/file-patterns.js';
import { findHeader } from '../../src/sources/headers.js';
import { compileRowValidator } from '../../src/sources/row-validator.js';
import { phoneHasher } from '../../src/transform/pii.js';

const args = process.argv.slice(2);
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--source');
const named = args.includes('--source') ? args[args.indexOf('--source') + 1] : undefined;
if (!file) throw new Error('usage: profile-rows.js FILE.csv [--source ID]');
const candidates = named ? sources.filter((s) => s.id === named) : sourcesByFileName(file, sources);
if (candidates.length !== 1) throw new Error(`${basename(file)}: ${candidates.length === 0 ? 'no source fits its name' : 'several sources fit its name'}; name one with --source`);
const [source] = candidates;

const layout = await detectCsvLayout(file);
const batches = readCsvRowBatches({ path: file, relPath: basename(file), layout })[Symbol.asyncIterator]();
// The header is among the first rows, as the loader finds it; the rows read for it are loaded too.
const buffered: RawRow[][] = [];
const first: RawRow[] = [];
while (first.length < 50) {
  const next = await batches.next();
  if (next.done) break;
  buffered.push(next.value);
  first.push(...next.value);
}
const found = findHeader(source, first.slice(0, 50));
if (!('mapping' in found)) throw new Error(`${basename(file)}: no header of ${source.id} in its first rows`);
const match = found;
const validate = compileRowValidator(source, match.mapping, match.headers, { hashPhone: phoneHasher(randomBytes(32).toString('hex')) }, { strictWidth: true });

async function* afterHeader(): AsyncGenerator<RawRow[]> {
  for (const batch of buffered) yield batch.filter((r) => r.row > match.headerRow);
  for (let next = await batches.next(); !next.done; next = await batches.next()) yield next.value;
}

// As a worker thread does: the COPY text is made and handed on, here only measured.
const started = performance.now();
let bytes = 0;
let loaded = 0;
const result = await loadPart({
  copy: async (_table, _columns, chunks) => {
    for await (const chunk of chunks) bytes += chunk.length;
    return loaded;
  },
  source,
  fileId: 1,
  rows: afterHeader(),
  validate,
  progress: (_read, rowsLoaded) => (loaded = rowsLoaded),
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${basename(file)} (${source.id}): ${result.read.toLocaleString('en')} rows read, ${result.loaded.toLocaleString('en')} loaded, ` +
    `${result.rejected.toLocaleString('en')} rejected, ${result.skipped.toLocaleString('en')} skipped, ` +
    `${(bytes / 1048576).toFixed(0)} MB of COPY text in ${seconds.toFixed(2)} s: ${((seconds * 1e6) / Math.max(1, result.read)).toFixed(2)} µs a row\n`,
);
