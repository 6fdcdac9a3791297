/**
 * Serves the embedded warehouse over the Postgres wire protocol (`etl serve`), so that psql and
 * any Postgres client can query it. PGlite is one database session: connections take turns,
 * and settings one client changes are seen by the others. The warehouse folder stays locked
 * while it is served, so no run can open it meanwhile.
 */
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { lockFolder } from '../db/folder-lock.js';
import { migrate } from '../db/migrate.js';
import { PgliteWarehouse } from '../db/pglite-warehouse.js';

/** How to serve the embedded warehouse. */
export interface ServeOptions {
  /** TCP port; 0 picks a free one. Default 5432. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  /** Allow writes; by default every transaction is read-only. */
  writable?: boolean;
}

/** A warehouse being served, and how to stop it. */
export interface ServedWarehouse {
  host: string;
  port: number;
  /** Stops listening, closes the warehouse and frees its folder. */
  stop(): Promise<void>;
}

/** Starts serving the embedded warehouse in `dir` (migrated first); resolves once it listens. */
export async function serveWarehouse(dir: string, options: ServeOptions = {}): Promise<ServedWarehouse> {
  const wh = await PgliteWarehouse.open(dir);
  try {
    await migrate(wh);
  } finally {
    await wh.close();
  }
  const release = lockFolder(dir);
  let db: PGlite | undefined;
  try {
    db = new PGlite(dir);
    await db.waitReady;
    // A soft guard for analysts: every transaction starts read-only unless served --writable.
    if (!options.writable) await db.exec('set default_transaction_read_only = on');
    const server = new PGLiteSocketServer({ db, port: options.port ?? 5432, host: options.host ?? '127.0.0.1', maxConnections: 32 });
    await server.start();
    const [host, port] = server.getServerConn().split(/:(?=\d+$)/);
    const opened = db;
    return {
      host,
      port: Number(port),
      stop: async () => {
        try {
          await server.stop();
          await opened.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    release();
    throw error;
  }
}
