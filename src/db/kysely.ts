/**
 * Kysely over our Warehouse connection, so the etl bookkeeping tables are queried with
 * types. One dialect serves both implementations: Kysely sees a single connection.
 */
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type Generated,
  type ColumnType,
} from 'kysely';
import type { Warehouse } from './warehouse.js';

class WarehouseConnection implements DatabaseConnection {
  constructor(private readonly wh: Warehouse) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.wh.query<R>(query.sql, query.parameters);
    const isSelect = query.query.kind === 'SelectQueryNode' || /^\s*(select|with)\b/i.test(query.sql);
    return isSelect ? { rows: result.rows } : { rows: result.rows, numAffectedRows: BigInt(result.rowCount) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not supported by the warehouse connection');
  }
}

class WarehouseDriver implements Driver {
  private readonly connection: WarehouseConnection;
  constructor(wh: Warehouse) {
    this.connection = new WarehouseConnection(wh);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

export function warehouseDialect(wh: Warehouse): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new WarehouseDriver(wh),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

type Json = ColumnType<unknown, string, string>;

/** The etl bookkeeping tables (sql/migrations/001_etl.sql). */
export interface EtlDatabase {
  'etl.runs': {
    run_id: Generated<number>;
    year: number | null;
    kind: Generated<'run' | 'forget'>;
    input_dir: string;
    started_at: Generated<string>;
    finished_at: string | null;
    status: Generated<'running' | 'succeeded' | 'completed_with_errors'>;
    tool_version: string;
    git_commit: string | null;
    parameters: Json;
  };
  'etl.files': { file_id: Generated<number>; path: string; sha256: string; size_bytes: number };
  'etl.run_files': {
    run_id: number;
    file_id: number;
    source: string | null;
    sheet: string | null;
    status: 'loaded' | 'failed' | 'unmatched' | 'ignored' | 'mappings';
    message: string | null;
    rows_read: number;
    rows_loaded: number;
    rows_rejected: number;
    rows_skipped: number;
    header_row: number | null;
    extra_columns: string[];
    title_rows: ColumnType<string[], string[] | undefined, string[]>;
    stated_years: ColumnType<number[], number[] | undefined, number[]>;
    as_of: ColumnType<string | null, string | null | undefined, string | null>;
    as_of_stated: ColumnType<string | null, string | null | undefined, string | null>;
    mapped_headers: ColumnType<string[], string[] | undefined, string[]>;
    mapped_file_pattern: ColumnType<string | null, string | null | undefined, string | null>;
    read_in_run: ColumnType<number | null, number | null | undefined, number | null>;
    location: ColumnType<string | null, string | null | undefined, string | null>;
  };
  'etl.holdings': { file_id: number; location: string; definition_sha256: string; read_in_run: number; last_run_id: number };
  'etl.rejects': {
    run_id: number;
    file_id: number;
    source: string;
    sheet: string | null;
    row_number: number;
    column_name: string | null;
    raw_value: string | null;
    message: string;
  };
  'etl.skips': { run_id: number; file_id: number; source: string; reason: string; rows: number };
  'etl.figure_values': {
    run_id: number;
    figure_id: string;
    year: number;
    value: number | null;
    numerator: number | null;
    denominator: number | null;
    status: 'match' | 'mismatch' | 'not_computable' | 'unpublished';
    reason: string | null;
    display: string | null;
    sql_sha256: string;
    parameters: Json;
    published: Json | null;
  };
}

export function etlDb(wh: Warehouse): Kysely<EtlDatabase> {
  return new Kysely<EtlDatabase>({ dialect: warehouseDialect(wh) });
}
