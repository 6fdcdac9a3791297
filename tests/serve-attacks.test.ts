/**
 * `etl serve` against clients that try to change or freeze the warehouse: every attack is driven
 * through a real client on the served port, and the warehouse folder is checked unchanged after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../src/paths.js';
import { etl, ETL_BIN, etlEnvFor } from './support/audit-cli.js';
import { tempDir, writeCsv } from './support/fixtures.js';
import { createTestWarehouse, type TestWarehouse } from './support/warehouses.js';

interface Served {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `etl serve --port 0 …args`; resolves with the port it announced. */
function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [ETL_BIN, 'serve', '--port', '0', ...args], { env, cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on 127\.0\.0\.1:(\d+)\n/.exec(output);
      if (m) resolve({ child, port: Number(m[1]), output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`etl serve ended (${code}) before listening: ${output}`)));
  });
}

function client(port: number, extra: Partial<pg.ClientConfig> = {}): pg.Client {
  const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', ...extra });
  c.on('error', () => undefined); // a connection the server cuts off
  return c;
}

/** Resolves with the error a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms))]);
}

/** A raw protocol session: start-up as user postgres (with `extra` parameters), then bytes in and out. */
async function rawSession(port: number, extra = ''): Promise<{ socket: Socket; send: (b: Buffer) => void; until: (types: string) => Promise<Buffer>; greeting: Buffer }> {
  const socket = connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  const waiters: (() => void)[] = [];
  socket.on('data', (chunk) => {
    received = Buffer.concat([received, chunk]);
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  /** Resolves with the bytes received up to and including the first message of one of `types`. */
  const until = async (types: string): Promise<Buffer> => {
    for (;;) {
      let offset = 0;
      while (received.length >= offset + 5) {
        const length = received.readInt32BE(offset + 1);
        if (received.length < offset + 1 + length) break;
        if (types.includes(String.fromCharCode(received[offset]))) {
          const out = received.subarray(0, offset + 1 + length);
          received = received.subarray(offset + 1 + length);
          return out;
        }
        offset += 1 + length;
      }
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const params = Buffer.from(`user\0postgres\0database\0postgres\0${extra}\0`);
  const startup = Buffer.alloc(8);
  startup.writeInt32BE(8 + params.length, 0);
  startup.writeInt32BE(196608, 4);
  socket.write(Buffer.concat([startup, params]));
  const greeting = await until('ZE');
  return { socket, send: (b) => socket.write(b), until, greeting };
}

/** What the test compares before and after the attacks (one `etl sql`: each opens the warehouse). */
async function warehouseFacts(env: NodeJS.ProcessEnv, dir: string) {
  const sql = `select
    (select json_agg(table_schema || '.' || table_name order by 1) from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')) as tables,
    (select count(*)::int from pg_proc p join pg_namespace n on n.oid = p.pronamespace where nspname not in ('pg_catalog', 'information_schema')) as functions,
    (select json_agg(json_build_array(sample_id, province, score) order by sample_id) from satisfaction_samples) as samples,
    (select json_agg(json_build_array(run_id, year, status) order by run_id) from etl.runs) as runs,
    (select setting from pg_settings where name = 'default_transaction_read_only') as read_only`;
  const r = await etl(['sql', sql.replace(/\s+/g, ' '), '--json'], env);
  expect(r.code, r.stderr).toBe(0);
  return {
    ...(JSON.parse(r.stdout) as { tables: string[]; functions: number; samples: unknown[]; runs: unknown[]; read_only: string }[])[0],
    autoConf: readFileSync(join(dir, 'postgresql.auto.conf'), 'utf8'),
    conf: readFileSync(join(dir, 'postgresql.conf'), 'utf8'),
  };
}

/** The private snapshot folders of the `etl serve` process `pid` in the temporary folder. */
function scratchOf(pid: number | undefined): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith(`etl-serve-${pid}-`));
}

/** Resolves once the snapshot folders of `pid` are gone (they are deleted in the background). */
async function scratchRemoved(pid: number | undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (scratchOf(pid).length) {
    if (Date.now() > deadline) throw new Error(`still there after 60 s: ${scratchOf(pid).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const RUNAWAY = 'with recursive t(n) as (select 1 union all select n + 1 from t) select count(*) from t';

describe('etl serve against hostile clients', () => {
  let t: TestWarehouse;
  let env: NodeJS.ProcessEnv;
  let served: Served;
  let before: Awaited<ReturnType<typeof warehouseFacts>>;
  beforeAll(async () => {
    t = await createTestWarehouse('pglite');
    env = etlEnvFor(t.config);
    const input = tempDir();
    writeCsv(input, 'satisfaction_2023.csv', [
      ['样本编号', '测评项目', '省份', '触点', '测评日期', '样本状态', '满意度得分', '是否稽核', '稽核结果'],
      ['S1', '即时测评', '广东', '营业厅', '2023-05-01', '成功', '9', '是', '是'],
      ['S2', '即时测评', '湖南省', '热线投诉', '2023-08-02', '成功', '8', '是', '否'],
    ]);
    await etl(['run', '--year', '2023', '--input', input, '--out', tempDir('etl-out-')], env);
    before = await warehouseFacts(env, t.config.warehouseDir!);
    served = await startServe(env, ['--statement-timeout', '3', '--idle-in-transaction-timeout', '1', '--max-clients', '6']);
  }, 300_000); // a run, the facts and a start: slow on a busy machine
  afterAll(async () => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
    await t?.dispose();
  });

  it('refuses every way of turning read-only off, and every write', async () => {
    const c = client(served.port);
    await c.connect();
    try {
      for (const sql of [
        'begin read write',
        'set default_transaction_read_only = off',
        "select set_config('default_transaction_read_only', 'off', false)",
        'reset all',
        'SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE',
        'set transaction_read_only = off',
        'select 1; set default_transaction_read_only = off',
        'create table pwned (a int)',
        'insert into etl.runs (year, input_dir, tool_version) values (1, \'x\', \'x\')',
        "update satisfaction_samples set score = 0",
        'with d as (delete from satisfaction_samples returning *) select count(*) from d',
        'select * into pwned from etl.runs',
        'create function f(n int) returns int language sql as $$ select f(n + 1) $$',
        'do $$ begin execute \'create table pwned (a int)\'; end $$',
      ]) {
        const e = await failure(c.query(sql));
        expect(e.message, sql).toMatch(/^refused: /);
        expect(['25006', '42501'], sql).toContain(e.code);
      }
      // The same through the extended protocol (Parse), which the pg client uses for parameters.
      const e = await failure(c.query({ text: 'select set_config($1, $2, false)', values: ['default_transaction_read_only', 'off'] }));
      expect(e.message).toMatch(/set_config\(\) changes a setting/);
      // Inside a transaction too, and the connection is still usable after.
      await c.query('begin');
      await expect(c.query('set transaction read write')).rejects.toThrow(/READ WRITE/);
      await expect(c.query('drop table etl.runs')).rejects.toThrow(/DROP/);
      await c.query('rollback');
      expect((await c.query('show default_transaction_read_only')).rows).toEqual([{ default_transaction_read_only: 'on' }]);
    } finally {
      await c.end();
    }
    // Another client finds nothing changed, and cannot pass settings at connection either.
    const later = client(served.port);
    await later.connect();
    expect((await later.query('show default_transaction_read_only')).rows[0].default_transaction_read_only).toBe('on');
    expect((await later.query("select count(*)::int as n from pg_tables where tablename = 'pwned'")).rows).toEqual([{ n: 0 }]);
    await later.end();
    const withOptions = client(served.port, { options: '-c default_transaction_read_only=off' });
    expect((await failure(withOptions.connect())).message).toMatch(/cannot be given at connection/);
    // A client encoding in which a quote can hide inside a multi-byte character would fool the gate.
    const sjis = await rawSession(served.port, 'client_encoding\0SJIS\0');
    expect(sjis.greeting.toString('latin1')).toMatch(/FATAL.*the client encoding must be UTF8 or SQL_ASCII/s);
    sjis.socket.destroy();
  });

  it('refuses writing or reading files on the server, ALTER SYSTEM and calls by function number', async () => {
    const c = client(served.port);
    await c.connect();
    try {
      for (const sql of [
        "copy (select 'x') to '/pglite/data/base/5/16503'",
        "copy (select 'x') to '/pglite/data/postgresql.conf'",
        "copy etl.runs to program 'sh -c true'",
        'alter system set default_transaction_read_only = on',
        "select lo_import('/etc/passwd')",
        "select lo_export(lo_from_bytea(0, 'x'), '/pglite/data/postgresql.conf')",
        "select pg_read_file('postgresql.conf')",
        "select * from pg_ls_dir('.')",
        "select pg_stat_file('postgresql.conf')",
        "select query_to_xml('select pg_sleep(1000000)', true, true, '')",
      ]) {
        const e = await failure(c.query(sql));
        expect(e.message, sql).toMatch(/^refused: /);
      }
    } finally {
      await c.end();
    }
    // FunctionCall ('F'): lo_export by its function number, as libpq's lo_* functions do.
    const raw = await rawSession(served.port);
    const call = Buffer.alloc(5 + 4 + 2 + 2 + 2);
    call.write('F', 0);
    call.writeInt32BE(call.length - 1, 1);
    call.writeInt32BE(765, 5); // lo_export's oid
    raw.send(call);
    const answer = (await within(raw.until('Z'), 10_000, 'answer to a fast-path call')).toString('latin1');
    expect(answer).toMatch(/refused: calling a function by number/);
    raw.socket.destroy();
  });

  it('serves what only reads: catalogue queries, EXPLAIN, cursors, COPY TO STDOUT, named statements', async () => {
    const [a, b] = [client(served.port), client(served.port)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const tables = await a.query("select c.relname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r','p','v') and n.nspname = 'public' and pg_catalog.pg_table_is_visible(c.oid) order by 1");
      expect(tables.rows.map((r) => r.relname)).toContain('satisfaction_samples');
      const cols = await a.query("select column_name from information_schema.columns where table_name = 'satisfaction_samples' and column_name = 'score'");
      expect(cols.rows).toEqual([{ column_name: 'score' }]);
      const sizes = await a.query("select pg_size_pretty(pg_total_relation_size('satisfaction_samples')) as size, obj_description('satisfaction_samples'::regclass, 'pg_class') is not null as described");
      expect(sizes.rows[0].described).toBe(true);
      const plan = await a.query('explain analyze select count(*) from satisfaction_samples');
      expect(plan.rows.length).toBeGreaterThan(0);
      await a.query('begin');
      await a.query('declare c cursor for select sample_id from satisfaction_samples order by 1');
      expect((await a.query('fetch 1 from c')).rows).toEqual([{ sample_id: 'S1' }]);
      await a.query('commit');
      // The same statement name on two clients: each has its own.
      const [x, y] = await Promise.all([
        a.query({ name: 'q', text: 'select $1::int as n', values: [1] }),
        b.query({ name: 'q', text: "select $1::text || '!' as n", values: ['b'] }),
      ]);
      expect([x.rows, y.rows]).toEqual([[{ n: 1 }], [{ n: 'b!' }]]);
      expect((await a.query({ name: 'q', text: 'select $1::int as n', values: [2] })).rows).toEqual([{ n: 2 }]);
      // Settings are each client's own.
      await a.query("set datestyle = 'German'");
      expect((await b.query('show datestyle')).rows[0].DateStyle).toBe('ISO, MDY');
      expect((await a.query('show datestyle')).rows[0].DateStyle).toBe('German, DMY');
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('answers psql and its meta-commands', async () => {
    const psql = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const p = spawn('psql', ['-h', '127.0.0.1', '-p', String(served.port), '-U', 'postgres', '-d', 'postgres', '-X', '-v', 'ON_ERROR_STOP=1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (out += d));
        p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(out))));
      });
    const out = await psql(['-c', '\\dt', '-c', '\\dv', '-c', '\\d satisfaction_samples', '-c', '\\dn', '-c', '\\x', '-c', 'select count(*) from satisfaction_samples']);
    expect(out).toMatch(/satisfaction_samples/);
    expect(out).toMatch(/satisfaction_by_province_quarter/);
    expect(out).toMatch(/count \| 2/);
    const copied = await psql(['-c', "\\copy (select sample_id from satisfaction_samples order by 1) to stdout"]);
    expect(copied).toBe('S1\nS2\n');
  });

  it('cuts off a runaway statement after the time limit, serving the others meanwhile and after', async () => {
    const [a, b] = [client(served.port), client(served.port)];
    await Promise.all([a.connect(), b.connect()]);
    const runaway = failure(a.query(RUNAWAY));
    await new Promise((r) => setTimeout(r, 300));
    const other = b.query('select count(*)::int as n from satisfaction_samples');
    const e = await within(runaway, 30_000, 'the runaway statement cut off');
    expect(e.message).toMatch(/statement cancelled: ran longer than 3 s; the server started its copy of the warehouse again/);
    expect((await within(other, 30_000, 'the other client served')).rows).toEqual([{ n: 2 }]);
    await b.end();
    const c = client(served.port);
    await c.connect();
    expect((await c.query('select count(*)::int as n from etl.runs')).rows).toEqual([{ n: 1 }]);
    await c.end();
    expect(served.output()).toMatch(/started again after a timeout/);
  });

  it('answers a statement that overflows the database stack with an error at once, and serves the others', async () => {
    // Deeply nested JSON exhausts the stack of PGlite's WebAssembly: a JavaScript RangeError that
    // PGlite swallows, leaving no answer at all (the client used to wait for the idle-in-transaction limit).
    const [a, b] = [client(served.port), client(served.port)];
    await Promise.all([a.connect(), b.connect()]);
    const deep = failure(a.query("select length(repeat('[', 200000)::jsonb::text)"));
    await new Promise((r) => setTimeout(r, 100));
    const other = b.query('select count(*)::int as n from satisfaction_samples');
    // Bounded well below the time limit's 3 s plus a restart on a slow machine, and far from the old minute.
    const e = await within(deep, 20_000, 'the deep statement answered');
    expect(e.code).toBe('54001');
    expect(e.message).toMatch(/^statement cancelled: stack depth limit exceeded: .*nests too deeply.*the server started its copy of the warehouse again/);
    expect((await within(other, 30_000, 'the other client served')).rows).toEqual([{ n: 2 }]);
    await b.end();
    const c = client(served.port);
    await c.connect();
    try {
      expect((await c.query("select length((repeat('[', 20) || repeat(']', 20))::jsonb::text)::int as n")).rows).toEqual([{ n: 40 }]);
    } finally {
      await c.end();
    }
    expect(served.output()).toMatch(/started again after a crash/);
  });

  it('refuses a statement of 16 MB unread, which the parser would take the whole server many seconds to read', async () => {
    const [a, b] = [client(served.port), client(served.port)];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const huge = `select ${'1,'.repeat(8_000_000)}1`;
      const e = await within(failure(a.query(huge)), 30_000, 'the 16 MB statement answered');
      expect(e.code).toBe('54000');
      expect(e.message).toMatch(/^refused: the SQL text is 16,000,008 bytes long; this server reads at most 256 KiB/);
      expect((await within(b.query('select 1 as one'), 30_000, 'the other client served')).rows).toEqual([{ one: 1 }]);
      expect((await a.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it('refuses pg_sleep and its kin end to end, at once, and the client goes on', async () => {
    const c = client(served.port);
    await c.connect();
    try {
      for (const sql of ['select pg_sleep(1e6)', "select pg_sleep_for('11 days')", "select pg_sleep_until('infinity')", 'select count(*) from generate_series(1, 3), pg_sleep(1e6)']) {
        const e = await within(failure(c.query(sql)), 10_000, sql);
        expect(e.message, sql).toMatch(/^refused: the function pg_sleep/);
        expect(e.code, sql).toBe('42501');
      }
      // Through the extended protocol (Parse) too.
      const e = await within(failure(c.query({ text: 'select pg_sleep($1)', values: [1e6] })), 10_000, 'pg_sleep($1)');
      expect(e.message).toMatch(/^refused: the function pg_sleep\(\) makes the server wait/);
      expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await c.end();
    }
  });

  it('ends a statement when its client sends a cancel request (psql: Ctrl-C)', async () => {
    const raw = await rawSession(served.port);
    // BackendKeyData ('K'): the key a cancel request quotes.
    let offset = 0;
    while (String.fromCharCode(raw.greeting[offset]) !== 'K') offset += 1 + raw.greeting.readInt32BE(offset + 1);
    const key = raw.greeting.subarray(offset + 5, offset + 13);
    const text = Buffer.from(`${RUNAWAY}\0`);
    const q = Buffer.alloc(5);
    q.write('Q', 0);
    q.writeInt32BE(text.length + 4, 1);
    raw.send(Buffer.concat([q, text]));
    await new Promise((r) => setTimeout(r, 300));
    const cancel = connect(served.port, '127.0.0.1');
    const head = Buffer.alloc(8);
    head.writeInt32BE(16, 0);
    head.writeInt32BE(80877102, 4);
    cancel.end(Buffer.concat([head, key]));
    const answer = (await within(raw.until('E'), 10_000, 'the statement cancelled')).toString('utf8');
    expect(answer).toMatch(/statement cancelled: cancelled at your request/);
    raw.socket.destroy();
  });

  it('rolls back and closes a transaction left idle, so the others go on', async () => {
    const [a, b] = [client(served.port), client(served.port)];
    await Promise.all([a.connect(), b.connect()]);
    await a.query('begin');
    await a.query('select count(*) from satisfaction_samples');
    // b waits for a's transaction, which the server ends after 1 s of silence.
    expect((await within(b.query('select 1 as one'), 30_000, 'b served')).rows).toEqual([{ one: 1 }]);
    const e = await failure(a.query('select 1'));
    expect(e.message).toMatch(/idle in a transaction|Connection terminated|not queryable/);
    await b.end();
  });

  it('rolls back the transaction of a client that leaves, and resets its settings', async () => {
    const a = client(served.port);
    await a.connect();
    await a.query("set application_name = 'leaver'");
    await a.query('begin');
    await a.query('declare c cursor for select * from satisfaction_samples');
    (a as unknown as { connection: { stream: Socket } }).connection.stream.destroy();
    const b = client(served.port);
    await b.connect();
    expect((await within(b.query('show application_name'), 30_000, 'b served')).rows[0].application_name).not.toBe('leaver');
    await b.query('begin');
    await expect(b.query('fetch 1 from c')).rejects.toThrow(/cursor "c" does not exist/);
    await b.query('rollback');
    await b.end();
  });

  it('turns away clients beyond the maximum with a plain error', async () => {
    await new Promise((r) => setTimeout(r, 1_000)); // the clients cut off above are gone
    const clients = Array.from({ length: 6 }, () => client(served.port));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const extra = client(served.port);
      expect((await failure(extra.connect())).message).toMatch(/too many clients \(6\)/);
      await clients.pop()!.end();
      await new Promise((r) => setTimeout(r, 200));
      const next = client(served.port);
      await next.connect();
      expect((await next.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await next.end();
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('answers a client that sends thousands of queries at once, reading it no faster than it is served', async () => {
    const raw = await rawSession(served.port);
    const text = Buffer.from('select 1\0');
    const q = Buffer.alloc(5);
    q.write('Q', 0);
    q.writeInt32BE(text.length + 4, 1);
    const one = Buffer.concat([q, text]);
    raw.send(Buffer.concat(Array.from({ length: 2_000 }, () => one)));
    for (let i = 0; i < 2_000; i++) await within(raw.until('Z'), 30_000, `answer ${i + 1}`);
    raw.socket.destroy();
  });

  it('stops on SIGTERM; the warehouse folder is as before, and runs could use it all along', async () => {
    const during = await etl(['sql', 'select count(*)::int as n from satisfaction_samples', '--json'], env);
    expect(during.code, during.stderr).toBe(0);
    expect(scratchOf(served.child.pid)).toHaveLength(1);
    served.child.kill('SIGTERM');
    expect(await within(served.exited, 20_000, 'etl serve stopped')).toBe(0);
    await scratchRemoved(served.child.pid);
    const after = await warehouseFacts(env, t.config.warehouseDir!);
    expect(after).toEqual(before);
    expect(after.read_only).toBe('off');
    expect(after.samples).toEqual([['S1', '广东', 9], ['S2', '湖南', 8]]);
  });
});

describe('etl serve: idle connections, stopping while a statement runs, --host', () => {
  let t: TestWarehouse;
  let served: Served;
  beforeAll(async () => {
    t = await createTestWarehouse('pglite');
    served = await startServe(etlEnvFor(t.config), ['--idle-timeout', '2', '--max-clients', '4']);
  });
  afterAll(async () => {
    if (served?.child.exitCode === null) served.child.kill('SIGKILL');
    await t?.dispose();
  });

  it('closes sockets and connections that stay silent, so 32 idle sockets do not lock the others out', async () => {
    const sockets = Array.from({ length: 32 }, () => connect(served.port, '127.0.0.1'));
    const closed = sockets.map((s) => new Promise<void>((resolve) => s.on('close', () => resolve())));
    sockets.forEach((s) => s.on('error', () => undefined).resume());
    const idle = client(served.port);
    const idleClosed = new Promise<void>((resolve) => idle.on('end', () => resolve()));
    await within(Promise.all(closed), 30_000, 'the silent sockets closed');
    await idle.connect();
    await within(idleClosed, 30_000, 'the idle connection closed');
    const c = client(served.port);
    await c.connect();
    expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await c.end();
  });

  it('stops within seconds on SIGTERM while a statement runs', async () => {
    const c = client(served.port);
    await c.connect();
    const running = failure(c.query(RUNAWAY));
    await new Promise((r) => setTimeout(r, 500));
    served.child.kill('SIGTERM');
    expect(await within(served.exited, 20_000, 'etl serve stopped')).toBe(0);
    await within(running, 10_000, 'the client told');
    await scratchRemoved(served.child.pid);
  });

  it('stops on SIGINT (Ctrl-C) too, with a client in a transaction and another waiting for its turn', async () => {
    const own = await startServe(etlEnvFor(t.config));
    try {
      const [a, b] = [client(own.port), client(own.port)];
      await Promise.all([a.connect(), b.connect()]);
      await a.query('begin');
      await a.query('select 1');
      const waiting = failure(b.query('select 1'));
      own.child.kill('SIGINT');
      expect(await within(own.exited, 20_000, 'etl serve stopped')).toBe(0);
      await within(waiting, 10_000, 'the waiting client told');
      expect(own.output()).toMatch(/\nstopping\n/);
      await scratchRemoved(own.child.pid);
    } finally {
      if (own.child.exitCode === null) own.child.kill('SIGKILL');
    }
  });

  it('refuses an address other machines can reach unless --allow-remote is given, and then warns', async () => {
    const env = etlEnvFor(t.config);
    const refused = await etl(['serve', '--port', '0', '--host', '0.0.0.0'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--host 0\.0\.0\.0 would let other machines connect, and this server asks no password.*Add --allow-remote/);
    const child = spawn(process.execPath, [ETL_BIN, 'serve', '--port', '0', '--host', '0.0.0.0', '--allow-remote'], { env, cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    await within(
      new Promise<void>((resolve) => {
        const check = setInterval(() => {
          if (/on 0\.0\.0\.0:\d+/.test(output)) {
            clearInterval(check);
            resolve();
          }
        }, 100);
      }),
      60_000,
      'etl serve listening',
    );
    child.kill('SIGTERM');
    await exited;
    expect(output).toMatch(/WARNING: listening on 0\.0\.0\.0, which other machines may reach\. No password is asked/);
  });
});
