/**
 * The worker thread of `etl serve`: one PGlite database over a throw-away copy of the warehouse
 * snapshot that the main thread made. It runs protocol messages the main thread passes on and
 * streams the answers back. The main thread ends this thread when a statement runs too long or
 * the client leaves, and starts a new one on a fresh copy.
 */
import { PGlite } from '@electric-sql/pglite';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './serve-worker-messages.js';
import { BackendTracker } from './serve-protocol.js';

/** Settings the server reports to each client at connection (ParameterStatus). */
const REPORTED = ['server_version', 'server_encoding', 'client_encoding', 'DateStyle', 'IntervalStyle', 'TimeZone', 'integer_datetimes', 'standard_conforming_strings', 'is_superuser', 'session_authorization', 'application_name', 'default_transaction_read_only', 'in_hot_standby'];

const port = parentPort!;
const { dataDir, settingNames } = workerData as { dataDir: string; settingNames: string[] };

function send(reply: WorkerReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(reply, transfer);
}

async function main(): Promise<void> {
  // Every transaction is read-only from the start, and RESET ALL comes back to read-only.
  const db = new PGlite(dataDir, {
    relaxedDurability: true,
    startParams: [...PGlite.defaultStartParams, '-c', 'default_transaction_read_only=on'],
  });
  await db.waitReady;
  watchSwallowedFaults(db);
  const volatile = await db.query<{ proname: string }>("select distinct proname from pg_proc where provolatile = 'v'");
  const reported: Record<string, string> = {};
  for (const name of REPORTED) {
    const r = await db.query<{ v: string | null }>('select current_setting($1, true) as v', [name]);
    if (r.rows[0]?.v != null) reported[name] = r.rows[0].v;
  }
  send({ kind: 'ready', volatile: volatile.rows.map((r) => r.proname), reported });

  port.on('message', (request: WorkerRequest) => {
    void handle(db, request).catch((error: unknown) => send({ kind: 'failed', id: request.id, ...describeFault(error) }));
  });
}

/** The last fault PGlite swallowed since it was last taken (see watchSwallowedFaults). */
let swallowed: unknown = null;

/**
 * PGlite runs each protocol message in its WebAssembly and catches whatever that throws; it
 * handles a Postgres error (a longjmp, exit status 100) and silently drops anything else. A
 * statement that nests too deeply (`repeat('[', 200000)::jsonb`) overflows the JavaScript stack
 * long before Postgres's own stack check: a RangeError that PGlite drops, so the statement ends
 * with no error and no ReadyForQuery, and the database is left mid-statement (resources leaked).
 * This keeps such a fault so the request fails and the database is started again.
 */
function watchSwallowedFaults(db: PGlite): void {
  const mod = (db as unknown as { mod?: { _PostgresMainLoopOnce?: () => void } }).mod;
  const once = mod?._PostgresMainLoopOnce;
  if (!mod || typeof once !== 'function') return;
  mod._PostgresMainLoopOnce = () => {
    try {
      once();
    } catch (error) {
      if ((error as { status?: number } | null)?.status !== POSTGRES_ERROR_STATUS) swallowed ??= error;
      throw error;
    }
  };
}

/** PGlite's exit status for a Postgres error (its POSTGRES_MAIN_LONGJMP). */
const POSTGRES_ERROR_STATUS = 100;

function takeSwallowed(): unknown {
  const fault = swallowed;
  swallowed = null;
  return fault;
}

/** What a request that failed tells the main thread: the database's stack overflowing is named as Postgres names it. */
function describeFault(error: unknown): { message: string; code?: string } {
  const message = (error as Error | null)?.message ?? String(error);
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return { code: '54001', message: `stack depth limit exceeded: the statement nests too deeply for the database's stack (${message})` };
  }
  return { message };
}

async function handle(db: PGlite, request: WorkerRequest): Promise<void> {
  switch (request.kind) {
    case 'exec': {
      const tracker = new BackendTracker();
      takeSwallowed();
      await db.execProtocolRawStream(request.bytes, {
        onRawData: (chunk: Uint8Array) => {
          tracker.push(chunk);
          const copy = chunk.slice();
          send({ kind: 'data', id: request.id, chunk: copy }, [copy.buffer as ArrayBuffer]);
        },
      });
      const fault = takeSwallowed();
      if (fault) throw fault;
      // A Query or Sync is always answered up to ReadyForQuery; without it the client would wait forever.
      const type = String.fromCharCode(request.bytes[0]);
      if ((type === 'Q' || type === 'S') && tracker.lastStatus === null) throw new Error('the database ended the statement without an answer');
      send({ kind: 'done', id: request.id });
      return;
    }
    case 'swap': {
      // The settings of the client that had the session, then those of the one that gets it.
      const before: Record<string, string> = {};
      const now = await db.query<{ name: string; v: string }>('select name, current_setting(name) as v from unnest($1::text[]) as name', [settingNames]);
      for (const r of now.rows) before[r.name] = r.v;
      await db.exec('reset all');
      for (const [name, value] of Object.entries(request.settings)) {
        try {
          await db.query('select set_config($1, $2, false)', [name, value]);
        } catch {
          // a value the database does not accept leaves that setting at its default
        }
      }
      send({ kind: 'swapped', id: request.id, before });
      return;
    }
    case 'cleanup': {
      // A client left or was cut off: end its extended-protocol batch and its transaction.
      await db.execProtocolRaw(new Uint8Array([0x53, 0, 0, 0, 4]));
      await db.exec('rollback');
      for (const name of request.statements) await db.exec(`deallocate "${name.replace(/"/g, '""')}"`).catch(() => undefined);
      send({ kind: 'done', id: request.id });
      return;
    }
  }
}

main().catch((error: unknown) => {
  send({ kind: 'failed', id: 0, message: `the served copy could not be opened: ${(error as Error).message}` });
});
