/**
 * V8 collects garbage lazily while memory is plentiful. During an embedded run the main thread
 * turns the worker threads' COPY text into batches for PGlite, and each batch leaves strings and
 * array buffers behind that V8 would collect only much later: the process grew to 650–800 MB
 * while holding about 450 MB of live memory (docs/performance.md). Past a budget, a full
 * collection is asked for between batches, and by the worker threads between the chunks they
 * send. Making `gc` reachable at run time is the idiom of Jest's leak detector: the flag, the
 * function from a new context, the flag off again.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** When a thread collects: past `bytes` in the process, and `garbageBytes` more in the thread than after its last collection. */
export interface MemoryBudget {
  bytes: number;
  garbageBytes: number;
}

/**
 * The embedded warehouse's budget, kept by its main thread between COPY batches and by the CSV
 * worker threads between chunks (a server warehouse's run keeps none: it stays under 400 MB).
 */
export const EMBEDDED_MEMORY_BUDGET: MemoryBudget = { bytes: 384 * 1024 * 1024, garbageBytes: 16 * 1024 * 1024 };

let collect: (() => void) | undefined;
/** The heap and array buffers after the last collection: what is in use, which collecting again cannot free. */
let heldAfterLast = 0;

/** This thread's JavaScript heap and array buffers: what a collection can free. */
function collectable(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Runs a full garbage collection when the process holds more than `budgetBytes` and this
 * thread's heap and array buffers have grown by at least `garbageBytes` since the last
 * collection (a run whose memory in use alone is over the budget would otherwise collect after
 * every batch); true if it did.
 */
export function collectAbove(budgetBytes: number, garbageBytes = 0): boolean {
  const now = collectable();
  // V8's own collections may have freed more than the last one here: count new garbage from there.
  heldAfterLast = Math.min(heldAfterLast, now);
  if (process.memoryUsage.rss() <= budgetBytes || now < heldAfterLast + garbageBytes) return false;
  if (!collect) {
    // The flag only for the moment of taking the function: later contexts and threads get no `gc`.
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  collect();
  heldAfterLast = collectable();
  return true;
}
