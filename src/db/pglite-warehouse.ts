import { PGlite } from '@electric-sql/pglite';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockFolder } from './folder-lock.js';
import { collectAbove, EMBEDDED_MEMORY_BUDGET } from './memory-budget.js';
import { restrictToOwner } from './owner-only.js';
import { readTemplate, templatePath, unpackTemplate } from './warehouse-template.js';
import { quoteIdent, quoteTable, typeParsers, type QueryResult, type Warehouse } from './warehouse.js';

// PGlite's COPY reads a whole blob at once; this bounds the text held per COPY statement.
const COPY_BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Postgres's buffer cache lives in PGlite's WebAssembly heap, which never shrinks: PGlite's
 * default 128 MB of it took the sample year's run to 894 MB at its peak, 16 MB to 750 MB, in the
 * same time (docs/performance.md). The files themselves stay in the system's page cache.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

/** The embedded warehouse: Postgres compiled to WebAssembly, stored in a folder (or in memory). */
export class PgliteWarehouse implements Warehouse {
  readonly kind = 'pglite' as const;
  readonly description: string;

  private constructor(
    private readonly db: PGlite,
    description: string,
    private readonly unlock: () => void = () => undefined,
  ) {
    this.description = description;
  }

  /**
   * Opens (creating if needed) the warehouse in `dir`, locked to this process; no `dir` means in
   * memory. A new one starts from the archive at `template` (by default the pre-built data
   * folder of warehouse-template.ts), or runs initdb when there is none (or `template` is null).
   */
  static async open(dir?: string, { template = templatePath() }: { template?: string | null } = {}): Promise<PgliteWarehouse> {
    if (dir) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // Only its owner may reach the warehouse's files: another local user could otherwise change or break it.
      try {
        chmodSync(dir, 0o700);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
      }
    }
    const unlock = dir ? lockFolder(dir) : undefined;
    try {
      const fresh = !dir || !existsSync(join(dir, 'PG_VERSION'));
      // A folder is unpacked here; only a warehouse in memory hands PGlite the archive itself.
      if (fresh && dir && template) unpackTemplate(dir, template);
      const archive = fresh && !dir && template ? readTemplate(template) : null;
      const db = new PGlite(dir, { parsers: typeParsers, startParams: START_PARAMS, ...(archive ? { loadDataDir: archive } : {}) });
      await db.waitReady;
      if (dir) restrictToOwner(dir); // PGlite writes its files 0666 (owner-only.ts)
      return new PgliteWarehouse(db, dir ? `embedded warehouse in ${dir}` : 'embedded warehouse in memory', unlock);
    } catch (error) {
      unlock?.();
      throw error;
    }
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    const result = await this.db.query<R>(sql, params as unknown[]);
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
  }

  async queryOne<R>(sql: string): Promise<QueryResult<R>> {
    // PGlite's query() already uses the extended protocol.
    return this.query<R>(sql);
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async copyFrom(table: string, columns: readonly string[], chunks: AsyncIterable<string>): Promise<number> {
    const statement = `copy ${quoteTable(table)} (${columns.map(quoteIdent).join(', ')}) from '/dev/blob'`;
    let parts: string[] = [];
    let size = 0;
    let copied = 0;
    const flush = async () => {
      if (size === 0) return;
      const result = await this.db.query(statement, [], { blob: new Blob(parts) });
      copied += result.affectedRows ?? 0;
      parts = [];
      size = 0;
      // The garbage of the batches copied, past the budget (memory-budget.ts).
      collectAbove(EMBEDDED_MEMORY_BUDGET.bytes, EMBEDDED_MEMORY_BUDGET.garbageBytes);
    };
    for await (const chunk of chunks) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= COPY_BATCH_CHARS) await flush();
    }
    await flush();
    return copied;
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
      if (this.db.dataDir) restrictToOwner(this.db.dataDir);
    } finally {
      this.unlock();
    }
  }
}
