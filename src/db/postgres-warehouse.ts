import pg from 'pg';
import { from as copyFromStream } from 'pg-copy-streams';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { quoteIdent, quoteTable, typeParsers, type QueryResult, type Warehouse } from './warehouse.js';

/** Hides the password of a connection URL: `postgres://u:secret@h/db` → `postgres://u:***@h/db`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

/** The server warehouse: one connection to a PostgreSQL server through `pg`. */
export class PostgresWarehouse implements Warehouse {
  readonly kind = 'postgres' as const;
  readonly description: string;

  private constructor(private readonly client: pg.Client, url: string) {
    this.description = `PostgreSQL server ${redactUrl(url)}`;
  }

  static async open(url: string): Promise<PostgresWarehouse> {
    const client = new pg.Client({
      connectionString: url,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          typeParsers[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    try {
      await client.connect();
    } catch (error) {
      throw new Error(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
    }
    // Never let a dropped connection crash the process silently; the next query reports it.
    client.on('error', () => undefined);
    return new PostgresWarehouse(client, url);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const result = await this.client.query(sql, params as unknown[]);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string>): Promise<number> {
    const stream = this.client.query(copyFromStream(`copy ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) from stdin`));
    const done = finished(stream);
    done.catch(() => undefined);
    try {
      for await (const chunk of chunks) {
        if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), done]);
      }
      stream.end();
      await done;
    } catch (error) {
      stream.destroy(error as Error);
      await done.catch(() => undefined);
      throw error;
    }
    return stream.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
