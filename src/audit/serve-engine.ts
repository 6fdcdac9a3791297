/**
 * The main thread's handle on the database of `etl serve`: PGlite runs in a worker thread over
 * a throw-away copy of the warehouse snapshot, so the main thread stays free to answer sockets
 * and signals whatever a statement does. A statement that runs too long, a client that leaves
 * mid-statement, or a crash of the database ends that worker; a new one starts on a fresh copy
 * of the snapshot (the snapshot itself is never opened, so no ended worker can damage it).
 */
import { existsSync } from 'node:fs';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { projectRoot } from '../paths.js';
import { CLIENT_SETTINGS } from './serve-gate.js';
import type { WorkerReply, WorkerRequest } from './serve-worker-messages.js';

/** Why a request was ended before its answer. */
export class Interrupted extends Error {
  constructor(
    readonly reason: 'timeout' | 'crash' | 'cancel' | 'stopped',
    message: string,
    /** The SQLSTATE to tell the client, when the reason alone does not say it. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'Interrupted';
  }
}

interface Pending {
  id: number;
  onData?: (chunk: Uint8Array) => void;
  resolve: (reply: WorkerReply) => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

function workerFile(): URL | string {
  const here = new URL('./serve-worker.js', import.meta.url);
  // Under the test runner this module is TypeScript source; the worker runs from the build.
  return existsSync(fileURLToPath(here)) ? here : join(projectRoot(), 'dist', 'src', 'audit', 'serve-worker.js');
}

/** The served database, one request at a time, each bounded in time. */
export class ServeEngine {
  private worker: Worker | null = null;
  private starting: Promise<void> | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private chain: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Functions the served database marks volatile. */
  volatile: ReadonlySet<string> = new Set();
  /** Settings reported to each client at connection. */
  reported: Record<string, string> = {};
  /** Which client's settings the database session holds now (null: the defaults). */
  sessionOwner: number | null = null;
  /** How many times the database was started again, and how long the last start took. */
  restarts = 0;
  lastStartMs = 0;
  private copies = 0;
  private workDir: string | null = null;

  /**
   * `snapshot` is the folder of the warehouse snapshot; each start copies it to a new folder
   * inside `scratch` (a private folder the caller removes).
   */
  constructor(
    private readonly snapshot: string,
    private readonly scratch: string,
    private readonly statementTimeoutMs: number,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts the worker (again) on a fresh copy of the snapshot; resolves when its database answers. */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.starting = this.launch().catch((error: unknown) => {
      this.starting = null;
      throw error;
    });
    return this.starting;
  }

  private async launch(): Promise<void> {
    const began = Date.now();
    const previous = this.workDir;
    this.workDir = join(this.scratch, `copy-${++this.copies}`);
    // The copy before is removed meanwhile: the clients wait only for the new one.
    if (previous) void rm(previous, { recursive: true, force: true }).catch(() => undefined);
    await cp(this.snapshot, this.workDir, { recursive: true });
    if (this.stopped) throw new Interrupted('stopped', 'the server is stopping');
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerFile(), { workerData: { dataDir: this.workDir, settingNames: [...CLIENT_SETTINGS] } });
      this.worker = worker;
      this.sessionOwner = null;
      let ready = false;
      worker.on('message', (reply: WorkerReply) => {
        if (reply.kind === 'ready') {
          ready = true;
          this.volatile = new Set(reply.volatile);
          this.reported = reply.reported;
          this.lastStartMs = Date.now() - began;
          resolve();
          return;
        }
        if (!ready && reply.kind === 'failed') {
          reject(new Error(reply.message));
          return;
        }
        this.onReply(reply);
      });
      const onGone = (why: string) => {
        if (this.worker !== worker) return;
        this.worker = null;
        this.starting = null;
        if (!ready) reject(new Error(`the served copy could not be opened: ${why}`));
        this.fail(new Interrupted('crash', `the database stopped (${why})`));
      };
      worker.on('error', (error) => onGone(error.message));
      worker.on('exit', (code) => onGone(`exit code ${code}`));
    });
  }

  private onReply(reply: WorkerReply): void {
    const p = this.pending;
    if (!p || !('id' in reply) || reply.id !== p.id) return;
    if (reply.kind === 'data') {
      p.onData?.(reply.chunk);
      return;
    }
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    if (reply.kind === 'failed') {
      // PGlite itself threw, or gave no answer (not an SQL error, which is an answer): its state is unknown.
      const error = new Interrupted('crash', reply.code ? reply.message : `the database failed: ${reply.message}`, reply.code);
      p.reject(error);
      void this.restart('crash');
      return;
    }
    p.resolve(reply);
  }

  private fail(error: Error): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    if (p.timer) clearTimeout(p.timer);
    p.reject(error);
  }

  /** Ends the running request (if any) with `reason`, and starts the database again from the snapshot. */
  async interrupt(reason: 'timeout' | 'cancel', message: string): Promise<void> {
    this.fail(new Interrupted(reason, message));
    await this.restart(reason);
  }

  /** Never fails: a copy that cannot start again is tried again by the next request, which then fails. */
  private async restart(reason: string): Promise<void> {
    const old = this.worker;
    this.worker = null;
    this.starting = null;
    if (old) await old.terminate();
    if (this.stopped) return;
    this.restarts++;
    try {
      await this.start();
      this.log(`the served copy was started again after a ${reason} (${this.lastStartMs} ms)`);
    } catch (error) {
      this.log(`the served copy could not be started again after a ${reason}: ${(error as Error).message}`);
    }
  }

  private request(make: (id: number) => WorkerRequest, onData?: (chunk: Uint8Array) => void): Promise<WorkerReply> {
    const run = async (): Promise<WorkerReply> => {
      if (this.stopped) throw new Interrupted('stopped', 'the server is stopping');
      if (!this.worker) await this.start();
      const worker = this.worker!;
      const id = this.nextId++;
      return new Promise<WorkerReply>((resolve, reject) => {
        const p: Pending = { id, onData, resolve, reject };
        p.timer = setTimeout(() => {
          if (this.pending === p) void this.interrupt('timeout', `ran longer than ${formatSeconds(this.statementTimeoutMs)}`);
        }, this.statementTimeoutMs);
        this.pending = p;
        worker.postMessage(make(id));
      });
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Runs one protocol message; `onData` receives the answer as it comes. */
  async exec(bytes: Uint8Array, onData: (chunk: Uint8Array) => void): Promise<void> {
    await this.request((id) => ({ kind: 'exec', id, bytes }), onData);
  }

  /** Gives the session to client `owner` with its settings; returns the settings of the client that had it. */
  async swap(owner: number, settings: Record<string, string>): Promise<Record<string, string>> {
    const reply = await this.request((id) => ({ kind: 'swap', id, settings }));
    this.sessionOwner = owner;
    return reply.kind === 'swapped' ? reply.before : {};
  }

  /** Ends an unfinished batch, rolls back the open transaction and drops prepared `statements`, for a client that left. */
  async cleanup(statements: string[]): Promise<void> {
    await this.request((id) => ({ kind: 'cleanup', id, statements }));
  }

  /** Ends the worker; later requests fail. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.fail(new Interrupted('stopped', 'the server is stopping'));
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}

/** "30 s", "1.5 s", "2 min". */
export function formatSeconds(ms: number): string {
  if (ms >= 120_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}
