/**
 * Runs the real `etl` command as a child process (to kill it, or to run two at once), writes
 * exports big enough to take seconds to load, and snapshots a warehouse to compare it later.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { sources } from '../../pipelines/index.js';
import { openWarehouse, type WarehouseConfig } from '../../src/db/open.js';
import { quoteIdent } from '../../src/db/warehouse.js';
import { projectRoot } from '../../src/paths.js';
import { TICKET_HEADER } from './hostile-corpus.js';

/** A running `etl` process and what it has printed so far. */
export interface EtlProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once the output matches `pattern`; rejects when the process ends first. */
  waitFor(pattern: RegExp): Promise<void>;
}

/** The environment pointing `etl` at a test warehouse. */
export function etlEnv(config: WarehouseConfig): NodeJS.ProcessEnv {
  const warehouse = config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : { DATABASE_URL: '', ETL_WAREHOUSE_DIR: config.warehouseDir };
  return { ...process.env, ...warehouse, ETL_PII_KEY: 'crash-test-key-0123456789abcdef0123456789abcdef' };
}

/** Starts `node bin/etl.js …args`. */
export function startEtl(args: string[], env: NodeJS.ProcessEnv): EtlProcess {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'etl.js'), ...args], { env, cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: { pattern: RegExp; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      if (!w.pattern.test(text)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };
  child.stdout!.on('data', (d: Buffer) => ((text += d.toString()), check()));
  child.stderr!.on('data', (d: Buffer) => ((text += d.toString()), check()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`etl ended (${code}) before printing ${w.pattern}:\n${text}`));
      resolve(code);
    }),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor: (pattern) => new Promise<void>((resolve, reject) => (waiters.push({ pattern, resolve, reject }), check())),
  };
}

/** Runs `etl …args` to its end; returns the exit code and everything it printed. */
export async function runEtl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const p = startEtl(args, env);
  const code = await p.exited;
  return { code, output: p.output() };
}

/** Writes a hotline-ticket CSV of `count` valid rows with ids `${prefix}0…`, in blocks (never one huge string). */
export function writeTicketCsv(path: string, prefix: string, count: number): void {
  const fd = openSync(path, 'w');
  writeSync(fd, `${TICKET_HEADER.join(',')}\r\n`);
  for (let start = 0; start < count; start += 10_000) {
    let block = '';
    for (let i = start; i < Math.min(count, start + 10_000); i++) {
      block += `${prefix}${i},10005,广东省,2023-03-04 09:05:00,2023-03-06 09:05:00,2023-03-05 10:00:00,电话,投诉,是,否,否,${i % 900},138${String(i).padStart(8, '0')}\r\n`;
    }
    writeSync(fd, block);
  }
  closeSync(fd);
}

/** Everything a run changes, read through a connection of its own: row counts, runs, figures, bookkeeping. */
export async function warehouseSnapshot(config: WarehouseConfig): Promise<Record<string, unknown>> {
  const wh = await openWarehouse(config);
  try {
    const one = async (sql: string) => Object.values((await wh.query(sql)).rows[0] ?? {})[0];
    const rows: Record<string, unknown> = {};
    for (const s of sources) rows[s.id] = await one(`select count(*) from ${quoteIdent(s.id)}`);
    return {
      rows,
      tickets: await one("select md5(string_agg(t::text, ',' order by t::text)) from hotline_tickets as t"),
      runs: (await wh.query('select run_id, status from etl.runs order by run_id')).rows,
      figures: (await wh.query('select run_id, figure_id, value, status from etl.figure_values order by 1, 2')).rows,
      bookkeeping: await one('select row(count(*), (select count(*) from etl.run_files), (select count(*) from etl.rejects), (select count(*) from etl.skips))::text from etl.files'),
    };
  } finally {
    await wh.close();
  }
}

/** Waits (up to 10 s) until a COPY into the server database of `url` has processed rows; returns how many. */
export async function copiedRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let tries = 0; tries < 200; tries++) {
      const { rows } = await client.query('select coalesce(sum(tuples_processed), 0)::int as n from pg_stat_progress_copy where datname = current_database()');
      if (rows[0].n > 0) return rows[0].n;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return 0;
  } finally {
    await client.end();
  }
}
