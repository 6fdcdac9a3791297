/**
 * The database thread of `etl serve`: a statement past the time limit or a thread that dies
 * mid-statement ends that request, and the next one is served from a fresh copy of the snapshot.
 */
import { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Interrupted, ServeEngine } from '../src/audit/serve-engine.js';

/** A simple Query message. */
function query(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`);
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(text.length + 4, 1);
  return Buffer.concat([head, text]);
}

async function run(engine: ServeEngine, sql: string): Promise<string> {
  const chunks: Buffer[] = [];
  await engine.exec(query(sql), (c) => chunks.push(Buffer.from(c)));
  return Buffer.concat(chunks).toString('latin1');
}

const RUNAWAY = 'with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t';

describe('serve engine', () => {
  let engine: ServeEngine;
  let scratch: string;
  const log: string[] = [];
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'etl-serve-test-'));
    const db = new PGlite(join(scratch, 'snapshot'));
    await db.exec('create table kept (a int); insert into kept values (1), (2)');
    await db.close();
    engine = new ServeEngine(join(scratch, 'snapshot'), scratch, 1_500, (line: string) => log.push(line));
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('answers, and every transaction is read-only even after RESET ALL', async () => {
    expect(await run(engine, 'select count(*) from kept')).toMatch(/2/);
    await run(engine, 'reset all');
    expect(await run(engine, 'insert into kept values (3)')).toMatch(/cannot execute INSERT in a read-only transaction/);
    expect(engine.volatile.has('pg_sleep')).toBe(true);
    expect(engine.reported.server_version).toMatch(/^\d+/);
  });

  it('ends a statement past the time limit and serves the next one from a fresh copy', async () => {
    const e = await run(engine, RUNAWAY).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(Interrupted);
    expect((e as Interrupted).reason).toBe('timeout');
    expect((e as Interrupted).message).toBe('ran longer than 1.5 s');
    expect(await run(engine, 'select count(*) from kept')).toMatch(/2/);
    expect(engine.restarts).toBe(1);
    // Each start opens a new copy; the one before is gone.
    expect(existsSync(join(scratch, 'copy-1'))).toBe(false);
    expect(existsSync(join(scratch, 'copy-2'))).toBe(true);
    expect(log.join('\n')).toMatch(/started again after a timeout \(\d+ ms\)/);
  });

  it('fails a statement that overflows the database stack at once (PGlite drops that error), and serves the next one from a fresh copy', async () => {
    const restarts = engine.restarts;
    const e = await run(engine, "select length(repeat('[', 200000)::jsonb::text)").catch((error: unknown) => error);
    expect(e).toBeInstanceOf(Interrupted);
    expect((e as Interrupted).reason).toBe('crash');
    expect((e as Interrupted).code).toBe('54001');
    expect((e as Interrupted).message).toMatch(/^stack depth limit exceeded: the statement nests too deeply/);
    expect(await run(engine, 'select count(*) from kept')).toMatch(/2/);
    expect(engine.restarts).toBe(restarts + 1);
    expect(log.join('\n')).toMatch(/started again after a crash/);
  });

  it('ends the request of a thread that dies mid-statement, and serves the next one', async () => {
    const pending = run(engine, RUNAWAY).catch((error: unknown) => error);
    await new Promise((r) => setTimeout(r, 200));
    // What a crash of the database (a PANIC, running out of memory) does to the thread.
    await (engine as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    const e = await pending;
    expect(e).toBeInstanceOf(Interrupted);
    expect((e as Interrupted).reason).toBe('crash');
    expect(await run(engine, 'select count(*) from kept')).toMatch(/2/);
  });
});
