/**
 * One warehouse connection, two small implementations: the embedded PGlite database and a
 * PostgreSQL server. The engine only ever talks to this interface.
 */
export interface QueryResult<R> {
  rows: R[];
  /** Rows affected by INSERT/UPDATE/DELETE/COPY, or returned by SELECT. */
  rowCount: number;
}

export interface Warehouse {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives, safe to print (a server URL without its password). */
  readonly description: string;
  /** Runs one statement with `$1`-style parameters. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs text given by a person (`etl sql`) as exactly one statement: the extended protocol
   * refuses a text of several, so `select 1; drop table …` cannot slip a second one in.
   */
  queryOne<R = Record<string, unknown>>(sql: string): Promise<QueryResult<R>>;
  /**
   * Bulk-loads rows with COPY … FROM STDIN in text format. `chunks` yields text already in
   * COPY text format (tab-separated, `\N` for null, one line per row). Returns rows copied.
   */
  copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string>): Promise<number>;
  close(): Promise<void>;
}

// Both drivers are told to return these types the same way, so callers never see
// PGlite's numbers next to pg's strings: counts and sums as JS numbers, and dates and
// timestamps as the wall-clock text Postgres printed (a JS Date would shift them by a zone).
export const TYPE_OIDS = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

const asNumber = (text: string) => Number(text);
const asText = (text: string) => text;

export const typeParsers: Record<number, (text: string) => unknown> = {
  [TYPE_OIDS.int8]: asNumber,
  [TYPE_OIDS.numeric]: asNumber,
  [TYPE_OIDS.date]: asText,
  [TYPE_OIDS.timestamp]: asText,
  [TYPE_OIDS.timestamptz]: asText,
};

/** Quotes an identifier for SQL: `my table` → `"my table"`. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a possibly schema-qualified table name: `etl.rejects` → `"etl"."rejects"`. */
export function quoteTable(name: string): string {
  return name.split('.').map(quoteIdent).join('.');
}

/** Runs `work` inside one transaction: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(wh: Warehouse, work: () => Promise<T>): Promise<T> {
  await wh.exec('begin');
  try {
    const result = await work();
    await wh.exec('commit');
    return result;
  } catch (error) {
    await wh.exec('rollback').catch(() => undefined);
    throw error;
  }
}
