/**
 * One run at a time per warehouse: a run holds a session advisory lock from before its
 * migrations until it ends, and a second run refuses at once, naming the first. The server
 * frees the lock when the holder's connection ends, however the holder ended (kill -9 too).
 * (The embedded warehouse is already held by one process at a time: see folder-lock.ts.)
 */
import { WarehouseBusyError } from './folder-lock.js';
import type { Warehouse } from './warehouse.js';

// The two keys: 'ETL' in ASCII, and 1. pg_locks shows them as classid and objid.
const KEYS = '4543564, 1';

interface Holder {
  pid: number;
  application_name: string;
  client_addr: string | null;
  since: string;
}

/** Takes the run lock of `wh` or throws WarehouseBusyError naming the run holding it; returns its release. */
export async function lockForRun(wh: Warehouse): Promise<() => Promise<void>> {
  const { rows } = await wh.query<{ locked: boolean }>(`select pg_try_advisory_lock(${KEYS}) as locked`);
  if (!rows[0].locked) throw new WarehouseBusyError(busyMessage(wh, await holderOf(wh)));
  return async () => {
    // A lost connection has already freed the lock.
    await wh.query(`select pg_advisory_unlock(${KEYS})`).catch(() => undefined);
  };
}

async function holderOf(wh: Warehouse): Promise<Holder | null> {
  const { rows } = await wh.query<Holder>(
    `select a.pid, a.application_name, a.client_addr::text as client_addr, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') as since
     from pg_locks as l join pg_stat_activity as a on a.pid = l.pid
     where l.locktype = 'advisory' and l.granted and l.database = (select oid from pg_database where datname = current_database())
       and l.classid = 4543564 and l.objid = 1 and l.objsubid = 2`,
  );
  return rows[0] ?? null;
}

function busyMessage(wh: Warehouse, holder: Holder | null): string {
  const who = holder
    ? `${holder.application_name || 'a client'}${holder.client_addr ? ` from ${holder.client_addr}` : ''}, server process ${holder.pid}, connected since ${holder.since}`
    : 'another connection';
  return `another run is loading the ${wh.description} (${who}); runs never interleave. Wait until it has finished, then run again`;
}
