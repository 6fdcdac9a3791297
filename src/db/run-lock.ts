/**
 * One run at a time per warehouse, and a run that never waits silently.
 *
 * On a server, a run holds the row of `etl.run_lock` FOR UPDATE, from before its migrations
 * until it ends, on a connection of its own; a second run refuses at once, naming the first.
 * Locking a row needs the UPDATE privilege, which the read-only analyst role does not have, so
 * an analyst cannot take the run's lock (an advisory lock anyone could). The server frees the
 * lock when the holder's connection ends, however the holder ended (kill -9 too).
 *
 * The run's own connection waits for a table lock (an analyst's open transaction, say) at most
 * ETL_LOCK_TIMEOUT seconds; then the run fails and `blockers()` names who held the warehouse.
 * (The embedded warehouse is held by one process at a time: see folder-lock.ts.)
 */
import { WarehouseBusyError } from './folder-lock.js';
import { PostgresWarehouse } from './postgres-warehouse.js';
import type { Warehouse } from './warehouse.js';

/** How long a run waits for a lock on a table, by default, in seconds. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 60;

/** The run lock taken by lockForRun. */
export interface RunLock {
  /** Frees the lock (a lost connection has freed it already). */
  release(): Promise<void>;
  /** The seconds the run's connection waits for a lock before failing. */
  readonly timeoutSeconds: number;
  /** The other sessions holding locks on warehouse tables in an open transaction, described for a person. */
  blockers(): Promise<string[]>;
}

/** The lock timeout from ETL_LOCK_TIMEOUT (whole seconds ≥ 1), else the default. */
export function lockTimeoutSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.ETL_LOCK_TIMEOUT?.trim();
  if (!text) return DEFAULT_LOCK_TIMEOUT_SECONDS;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new Error(`ETL_LOCK_TIMEOUT is ${JSON.stringify(text)}; expected a whole number of seconds such as 60`);
  }
  return Number(text);
}

/** Takes the run lock of `wh` or throws WarehouseBusyError naming the run holding it. */
export async function lockForRun(wh: Warehouse, timeoutSeconds = lockTimeoutSeconds()): Promise<RunLock> {
  if (!(wh instanceof PostgresWarehouse)) return { release: async () => undefined, timeoutSeconds, blockers: async () => [] };
  const holder = await wh.openAnother('run lock');
  try {
    // Held for the whole run: the server's own idle limits must not end it.
    await holder.exec(`set idle_in_transaction_session_timeout = 0; set statement_timeout = 0; set lock_timeout = 0`);
    await ensureLockRow(holder);
    await holder.exec('begin');
    try {
      await holder.query('select 1 from etl.run_lock where id = 1 for update nowait');
    } catch (error) {
      if ((error as { code?: string }).code !== '55P03') throw error;
      await holder.exec('rollback');
      throw new WarehouseBusyError(busyMessage(wh, await runHolder(holder)));
    }
    await wh.query(`set lock_timeout = '${timeoutSeconds}s'`);
    const runPid = await wh.backendPid();
    return {
      timeoutSeconds,
      release: async () => {
        await wh.query('reset lock_timeout').catch(() => undefined);
        await holder.close().catch(() => undefined);
      },
      blockers: () => describeBlockers(holder, runPid),
    };
  } catch (error) {
    await holder.close().catch(() => undefined);
    throw error;
  }
}

/** Creates etl.run_lock and its one row if a fresh warehouse lacks them (migration 010 keeps them). */
async function ensureLockRow(holder: Warehouse): Promise<void> {
  const exists = async () =>
    (await holder.query<{ ok: boolean }>(`select to_regclass('etl.run_lock') is not null as ok`)).rows[0].ok;
  if (!(await exists())) {
    try {
      await holder.exec(`create schema if not exists etl; create table if not exists etl.run_lock (id int primary key check (id = 1))`);
    } catch (error) {
      // Two first runs at the same moment: the other one created it.
      const code = (error as { code?: string }).code;
      if (!(code === '23505' || code === '42P07' || code === '42P06') || !(await exists())) throw error;
    }
  }
  await holder.exec('insert into etl.run_lock values (1) on conflict do nothing');
}

interface Session {
  pid: number;
  usename: string | null;
  application_name: string;
  client_addr: string | null;
  since: string;
  state: string | null;
  seconds: number | null;
}

async function runHolder(holder: Warehouse): Promise<Session | null> {
  const { rows } = await holder.query<Session>(
    `select a.pid, a.usename, a.application_name, a.client_addr::text as client_addr,
            to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') as since, a.state, null as seconds
     from pg_locks as l join pg_stat_activity as a on a.pid = l.pid
     where l.locktype = 'relation' and l.relation = 'etl.run_lock'::regclass and l.mode = 'RowShareLock' and l.granted
       and l.pid <> pg_backend_pid()`,
  );
  return rows[0] ?? null;
}

function busyMessage(wh: Warehouse, holder: Session | null): string {
  const who = holder
    ? `${holder.application_name || 'a client'}${holder.client_addr ? ` from ${holder.client_addr}` : ''}, server process ${holder.pid}, connected since ${holder.since}`
    : 'another connection';
  return `another run is loading the ${wh.description} (${who}); runs never interleave. Wait until it has finished, then run again`;
}

/** Sessions other than the run's two that hold locks on tables of schemas public and etl inside an open transaction. */
async function describeBlockers(holder: Warehouse, runPid: number): Promise<string[]> {
  const { rows } = await holder.query<Session>(
    `select a.pid, a.usename, a.application_name, a.client_addr::text as client_addr, null as since, a.state,
            floor(extract(epoch from now() - a.xact_start))::int as seconds
     from pg_stat_activity as a
     where a.datname = current_database() and a.pid not in (pg_backend_pid(), $1) and a.xact_start is not null
       and exists (select 1 from pg_locks as l join pg_class as c on c.oid = l.relation join pg_namespace as n on n.oid = c.relnamespace
                   where l.pid = a.pid and l.granted and n.nspname in ('public', 'etl'))
     order by a.xact_start`,
    [runPid],
  );
  return rows.map(
    (s) =>
      `user ${s.usename ?? '?'} (${s.application_name ? `application ${JSON.stringify(s.application_name)}, ` : ''}` +
      `${s.client_addr ? `from ${s.client_addr}, ` : ''}server process ${s.pid}) with a transaction open for ${duration(Number(s.seconds))}` +
      `${s.state ? `, ${s.state}` : ''}`,
  );
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
