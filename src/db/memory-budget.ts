/**
 * V8 collects garbage lazily while memory is plentiful. During an embedded run the main thread
 * turns the worker threads' COPY text into batches for PGlite, and each batch leaves strings and
 * array buffers behind that V8 would collect only much later: the process grew to 650–800 MB
 * while holding about 450 MB of live memory (docs/performance.md). Past a budget, a full
 * collection is asked for between batches. Making `gc` reachable at run time is the idiom Jest
 * uses for its heap report: the flag, then the function from a new context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

/** Runs a full garbage collection when the process holds more than `budgetBytes`; true if it did. */
export function collectAbove(budgetBytes: number): boolean {
  if (process.memoryUsage.rss() <= budgetBytes) return false;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return true;
}
