/**
 * Serves the embedded warehouse over the Postgres wire protocol (`etl serve`), so that psql and
 * any Postgres client can query it, without any client being able to change it:
 *
 * - What is served is a snapshot: the warehouse folder is migrated and copied, under its lock,
 *   into a private temporary folder (serve-snapshot.ts), then freed for runs. The database only
 *   ever opens copies of that snapshot: nothing a client sends reaches the warehouse folder.
 * - Every SQL text passes a gate (serve-gate.ts, the real Postgres parser): only statements
 *   that read are let through, protected settings cannot be changed, and every transaction of
 *   the database is read-only besides.
 * - The database runs in a worker thread (serve-engine.ts): a statement that runs too long is
 *   ended by ending the thread, which starts again from the snapshot; the main thread always
 *   answers sockets and signals.
 * - Each client is bounded (serve-session.ts): idle time, idle time in a transaction, and the
 *   number of clients.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { ServeEngine } from './serve-engine.js';
import { loadGate } from './serve-gate.js';
import { ClientConnection, SessionHub, type ClientLimits } from './serve-session.js';
import { takeSnapshot } from './serve-snapshot.js';

/** How to serve the embedded warehouse. */
export interface ServeOptions {
  /** TCP port; 0 picks a free one. Default 5432. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Longest a statement may run (ms). Default 30 s. */
  statementTimeoutMs?: number;
  /** Longest a client may keep a transaction open without sending anything (ms). Default 60 s. */
  idleInTransactionMs?: number;
  /** Longest a connection may stay without sending anything (ms). Default 30 min. */
  idleMs?: number;
  /** Most clients connected at once. Default 8. */
  maxClients?: number;
  /** Receives one line per event worth telling the person who started the server. */
  log?: (line: string) => void;
}

/** A warehouse being served, and how to stop it. */
export interface ServedWarehouse {
  host: string;
  port: number;
  /** When the snapshot was taken, how long taking it (with migrating) and starting the database took (ms), its size. */
  snapshotAt: Date;
  snapshotMs: number;
  startMs: number;
  snapshotBytes: number;
  /** The private temporary folder of the snapshot and its copies (removed on stop). */
  scratch: string;
  /** Stops listening, cuts every client off and ends the database. */
  stop(): Promise<void>;
}

/** Default bounds, in milliseconds. */
export const SERVE_DEFAULTS = { statementTimeoutMs: 30_000, idleInTransactionMs: 60_000, idleMs: 30 * 60_000, maxClients: 8 } as const;

/** Starts serving a snapshot of the embedded warehouse in `dir`; resolves once it listens. */
export async function serveWarehouse(dir: string, options: ServeOptions = {}): Promise<ServedWarehouse> {
  const log = options.log ?? (() => undefined);
  const snapshot = await takeSnapshot(dir);
  const limits: ClientLimits = {
    statementTimeoutMs: options.statementTimeoutMs ?? SERVE_DEFAULTS.statementTimeoutMs,
    idleInTransactionMs: options.idleInTransactionMs ?? SERVE_DEFAULTS.idleInTransactionMs,
    idleMs: options.idleMs ?? SERVE_DEFAULTS.idleMs,
  };
  const maxClients = options.maxClients ?? SERVE_DEFAULTS.maxClients;
  const engine = new ServeEngine(snapshot.folder, snapshot.scratch, limits.statementTimeoutMs, log);
  try {
    await Promise.all([loadGate(), engine.start()]);
  } catch (error) {
    await engine.stop();
    snapshot.remove();
    throw error;
  }
  const hub = new SessionHub(engine, limits, log);
  const sockets = new Set<Socket>();
  let admitted = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const full = admitted >= maxClients;
    if (!full) admitted++;
    socket.on('close', () => {
      sockets.delete(socket);
      if (!full) admitted--;
    });
    if (full) log(`a client was turned away: ${maxClients} clients are already connected`);
    new ClientConnection(socket, hub, full ? { code: '53300', message: `too many clients (${maxClients}) are connected to this served warehouse; try again later` } : null);
  });
  server.maxConnections = maxClients + 32;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 5432, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await engine.stop();
    snapshot.remove();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 5432);
  return {
    host: options.host ?? '127.0.0.1',
    port,
    snapshotAt: snapshot.takenAt,
    snapshotMs: snapshot.ms,
    startMs: engine.lastStartMs,
    snapshotBytes: snapshot.bytes,
    scratch: snapshot.scratch,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      try {
        await engine.stop();
        await closed;
      } finally {
        snapshot.remove();
      }
    },
  };
}
