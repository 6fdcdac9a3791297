/**
 * Worker thread of a parallel CSV load (parallel-csv.ts): reads one byte range of a CSV file,
 * validates its rows with the source's compiled validator and sends the COPY text to the main
 * thread in chunks, which holds the only database connection. At most `credit` chunks are
 * unacknowledged at a time, so a slow database holds the reading back and memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { collectAbove } from '../db/memory-budget.js';
import { readCsvRowBatches } from '../extract/csv/csv-extractor.js';
import { FileError } from '../extract/errors.js';
import { loadPart } from '../load/part-loader.js';
import { headerLookup, normaliseHeader } from '../sources/headers.js';
import { phoneHasher } from '../transform/pii.js';
import { compileRowValidator } from '../sources/row-validator.js';
import { sourceFromPortable } from '../sources/define.js';
import type { RangeJob, ToMain } from './csv-range-job.js';

const job = workerData as RangeJob;
const port = parentPort!;
const send = (message: ToMain) => port.postMessage(message);

let credit = job.credit;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
  wake = null;
});

async function main(): Promise<void> {
  // The run's definition, as the main thread holds it (etl-mappings.json applied), made again from data.
  const source = sourceFromPortable(job.source);
  // The header must name the same columns here as in the main thread; if not, the file is read again in one pass.
  const lookup = headerLookup(source);
  job.headers.forEach((h, i) => {
    if ((lookup.get(normaliseHeader(h))?.name ?? null) !== job.mapping[i]) {
      throw new Error(`internal: header ${JSON.stringify(h)} names ${lookup.get(normaliseHeader(h))?.name ?? 'no column'} in the worker thread but ${job.mapping[i] ?? 'no column'} in the main thread`);
    }
  });
  const mapping = job.mapping.map((name) => (name === null ? null : source.columns.find((c) => c.name === name)!));
  const validate = compileRowValidator(source, mapping, job.headers, { hashPhone: phoneHasher(job.piiKey) }, { strictWidth: true });
  let endLine = -1;
  let bytes = 0;
  let loaded = 0;
  const batches = readCsvRowBatches({
    path: job.path,
    relPath: job.relPath,
    layout: job.layout,
    range: { ...job.range, onEnd: (line) => (endLine = line) },
    onBytes: (n) => (bytes += n),
  });
  async function* afterHeader() {
    for await (const batch of batches) yield batch[0].row > job.headerRow ? batch : batch.filter((row) => row.row > job.headerRow);
  }
  const result = await loadPart({
    copy: async (_table, _columns, chunks) => {
      for await (const chunk of chunks) {
        while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
        credit--;
        send({ type: 'chunk', data: chunk });
        if (job.memoryBudget) collectAbove(job.memoryBudget.bytes, job.memoryBudget.garbageBytes);
      }
      // The rows in the chunks sent (one line each): counting their lines again took 5 % of the
      // worker's time. The main thread checks the rows the COPY stored against the counts.
      return loaded;
    },
    source,
    fileId: job.fileId,
    rows: afterHeader(),
    validate,
    progress: (read, rowsLoaded) => {
      loaded = rowsLoaded;
      send({ type: 'progress', read, bytes });
    },
  });
  send({ type: 'done', result, endLine });
}

// The main thread ends the worker once it has the last message (a message sent is never lost).
main().catch((error: unknown) =>
  send(
    error instanceof FileError
      ? { type: 'file-error', reason: error.reason }
      : { type: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
  ),
);
