/**
 * What the main thread of `etl serve` (serve-engine.ts) and its database's worker thread
 * (serve-worker.ts) pass each other. Its own module, imported by both, so that the worker script
 * and the module that starts it do not import each other.
 */

/** A request to the worker thread. */
export type WorkerRequest =
  | { kind: 'exec'; id: number; bytes: Uint8Array }
  | { kind: 'swap'; id: number; settings: Record<string, string> }
  | { kind: 'cleanup'; id: number; statements: string[] };

/** A message from the worker thread. */
export type WorkerReply =
  | { kind: 'ready'; volatile: string[]; reported: Record<string, string> }
  | { kind: 'data'; id: number; chunk: Uint8Array }
  | { kind: 'done'; id: number }
  | { kind: 'swapped'; id: number; before: Record<string, string> }
  | { kind: 'failed'; id: number; message: string; code?: string };
