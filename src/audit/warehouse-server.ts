/**
 * Serves the embedded warehouse over the Postgres wire protocol (`etl serve`), so that psql and
 * any Postgres client can query it, without any client being able to change it:
 *
 * - What is served is a snapshot: the warehouse folder is migrated and copied into memory under
 *   its lock, then freed for runs. Nothing a client sends reaches the folder on disk.
 * - Every SQL text passes a gate (serve-gate.ts, the real Postgres parser): only statements
 *   that read are let through, protected settings cannot be changed, and every transaction of
 *   the database is read-only besides.
 * - The database runs in a worker thread (serve-engine.ts): a statement that runs too long is
 *   ended by ending the thread, which starts again from the snapshot; the main thread always
 *   answers sockets and signals.
 * - Each client is bounded (serve-session.ts): idle time, idle time in a transaction, and the
 *   number of clients.
 */
import { PGlite } from '@electric-sql/pglite';
import { createServer, type Server, type Socket } from 'node:net';
import { lockFolder } from '../db/folder-lock.js';
import { migrate } from '../db/migrate.js';
import { PgliteWarehouse } from '../db/pglite-warehouse.js';
import { ServeEngine } from './serve-engine.js';
import { loadGate } from './serve-gate.js';
import { ClientConnection, SessionHub, type ClientLimits } from './serve-session.js';

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
  /** When the snapshot was taken, and how long taking it and starting the database took (ms). */
  snapshotAt: Date;
  snapshotMs: number;
  startMs: number;
  snapshotBytes: number;
  /** Stops listening, cuts every client off and ends the database. */
  stop(): Promise<void>;
}

/** Default bounds, in milliseconds. */
export const SERVE_DEFAULTS = { statementTimeoutMs: 30_000, idleInTransactionMs: 60_000, idleMs: 30 * 60_000, maxClients: 8 } as const;

/** Migrates the warehouse in `dir` and takes a snapshot of it (a tar image) under its lock. */
export async function snapshotWarehouse(dir: string): Promise<Blob> {
  const wh = await PgliteWarehouse.open(dir);
  try {
    await migrate(wh);
  } finally {
    await wh.close();
  }
  const release = lockFolder(dir);
  try {
    const db = new PGlite(dir);
    try {
      await db.waitReady;
      return await db.dumpDataDir('none');
    } finally {
      await db.close();
    }
  } finally {
    release();
  }
}

/** Starts serving a snapshot of the embedded warehouse in `dir`; resolves once it listens. */
export async function serveWarehouse(dir: string, options: ServeOptions = {}): Promise<ServedWarehouse> {
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const snapshot = await snapshotWarehouse(dir);
  const snapshotAt = new Date();
  const snapshotMs = Date.now() - began;
  const limits: ClientLimits = {
    statementTimeoutMs: options.statementTimeoutMs ?? SERVE_DEFAULTS.statementTimeoutMs,
    idleInTransactionMs: options.idleInTransactionMs ?? SERVE_DEFAULTS.idleInTransactionMs,
    idleMs: options.idleMs ?? SERVE_DEFAULTS.idleMs,
  };
  const maxClients = options.maxClients ?? SERVE_DEFAULTS.maxClients;
  const engine = new ServeEngine(snapshot, limits.statementTimeoutMs, log);
  await Promise.all([loadGate(), engine.start()]);
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
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 5432);
  return {
    host: options.host ?? '127.0.0.1',
    port,
    snapshotAt,
    snapshotMs,
    startMs: engine.lastStartMs,
    snapshotBytes: snapshot.size,
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await engine.stop();
      await closed;
    },
  };
}
