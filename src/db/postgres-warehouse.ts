import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { finished } from 'node:stream/promises';
import { quoteIdent, quoteTable, typeParsers, type QueryResult, type Warehouse } from './warehouse.js';

/** Hides the password of a connection URL: `postgres://u:secret@h/db` → `postgres://u:***@h/db`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    // libpq also takes the password as a query parameter.
    for (const key of [...u.searchParams.keys()]) if (/^password$/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@').replace(/(password\s*=\s*)('[^']*'|\S+)/gi, '$1***');
  }
}

/** The server warehouse: one connection to a PostgreSQL server through `pg`. */
export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres' as const;
  readonly description: string;

  /** Why the connection ended, once it has. */
  private lost: Error | null = null;

  private constructor(
    private readonly client: pg.Client,
    private readonly url: string,
  ) {
    this.description = `PostgreSQL server ${redactUrl(url)}`;
  }

  /**
   * A second connection to the same warehouse, named `purpose` in pg_stat_activity (the run
   * holds its run lock on one, see run-lock.ts).
   */
  openAnother(purpose: string): Promise<PostgresWarehouse> {
    return PostgresWarehouse.open(this.url, purpose);
  }

  /** The server's process id of this connection, as pg_stat_activity and pg_locks show it. */
  async backendPid(): Promise<number> {
    const { rows } = await this.query<{ pid: number }>('select pg_backend_pid() as pid');
    return Number(rows[0].pid);
  }

  static async open(url: string, purpose?: string): Promise<PostgresWarehouse> {
    let client: pg.Client;
    try {
      client = PostgresWarehouse.client(url, purpose);
    } catch (error) {
      throw new Error(`DATABASE_URL is not a valid connection URL (${redactUrl(url)}: ${(error as Error).message}); expected postgres://user:password@host:5432/database`);
    }
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
    }
    const wh = new PostgresWarehouse(client, url);
    // Never let a dropped connection crash the process silently; the next query reports it.
    client.on('error', (error) => (wh.lost ??= error));
    client.on('end', () => (wh.lost ??= new Error('the server closed the connection')));
    return wh;
  }

  private static client(url: string, purpose?: string): pg.Client {
    return new pg.Client({
      connectionString: url,
      // Shown in pg_stat_activity, and by a second run that finds the warehouse busy.
      application_name: `etl pid ${process.pid} on ${hostname()}${purpose ? ` (${purpose})` : ''}`.slice(0, 63),
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    try {
      const result = await this.client.query(sql, params as unknown[]);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw this.explain(error);
    }
  }

  async queryOne<R>(sql: string): Promise<QueryResult<R>> {
    try {
      const result = await this.client.query({ text: sql, queryMode: 'extended' } as pg.QueryConfig);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
    } catch (error) {
      throw this.explain(error);
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** A lost connection becomes one clear message; any other error is passed on unchanged. */
  private explain(error: unknown): unknown {
    const code = (error as { code?: unknown } | null)?.code;
    const lost = this.lost !== null || (typeof code === 'string' && (code.startsWith('08') || /^57P0[123]$/.test(code)));
    if (!lost) return error;
    const why = (this.lost ?? (error as Error)).message;
    return new Error(
      `the connection to the ${this.description} was lost (${why}): the server rolled back the work in progress ` +
        '(for `etl run`: the whole run), so the warehouse is as it was before; run again once the server is reachable',
      { cause: error },
    );
  }

  async copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string>): Promise<number> {
    const stream = this.client.query(copyFromStream(`copy ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`));
    const done = finished(stream);
    let streamFailed = false;
    done.catch(() => (streamFailed = true));
    let rowsFailed = false;
    try {
      // Only a failure of the rows before the server failed the COPY is the rows' own.
      for await (const chunk of withFailureFlag(chunks, () => (rowsFailed = !streamFailed))) {
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      }
      stream.end();
      await done;
    } catch (error) {
      stream.destroy(error as Error);
      // A stream that failed first (a lost connection) says why; writing to it afterwards only fails vaguely.
      const first = await done.then(
        () => error,
        (reason: unknown) => reason,
      );
      // When the rows themselves failed (a damaged file), the server only echoes that error back.
      throw this.explain(rowsFailed && !this.lost ? error : first);
    }
    return stream.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}

/** Passes `items` through and calls `onFailure` when producing them throws. */
async function* withFailureFlag<T>(items: AsyncIterable<T>, onFailure: () => void): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        done = true;
        onFailure();
        throw error;
      }
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Left early (the server failed): let the rows' producer clean up.
    if (!done) await iterator.return?.();
  }
}
