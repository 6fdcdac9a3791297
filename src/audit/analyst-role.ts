/**
 * The `analyst` role of a PostgreSQL warehouse: it may log in and read every table and view of
 * the warehouse (schemas public and etl) and write none. Roles belong to the whole server, so
 * creating it tolerates a role that exists or that another session creates at the same moment;
 * the grants belong to the warehouse's database and cover tables created later (default
 * privileges of the user that runs the migrations).
 */
import { quoteIdent, type Warehouse } from '../db/warehouse.js';

/** The default name of the read-only role. */
export const ANALYST_ROLE = 'analyst';
const SCHEMAS = 'public, etl';

/** Statements that create `role` if needed and give it read-only access to the current database. */
export function analystGrantSql(role = ANALYST_ROLE): string {
  const r = quoteIdent(role);
  const literal = `'${role.replace(/'/g, "''")}'`;
  return `
do $$
begin
  if not exists (select from pg_roles where rolname = ${literal}) then
    create role ${r} login;
  end if;
exception
  when duplicate_object or unique_violation then null;
end
$$;
do $$
begin
  execute format('grant connect on database %I to %I', current_database(), ${literal});
end
$$;
grant usage on schema ${SCHEMAS} to ${r};
grant select on all tables in schema ${SCHEMAS} to ${r};
alter default privileges in schema ${SCHEMAS} grant select on tables to ${r};
`;
}

/**
 * Before granting: revoke CREATE on schema public from PUBLIC where this user may (PostgreSQL
 * 15 and later already do; before 15 every login could create tables beside the warehouse's),
 * keeping it for this user, who creates the warehouse's tables.
 */
const REVOKE_PUBLIC_CREATE = `
do $$
declare
  owner oid := (select nspowner from pg_namespace where nspname = 'public');
  is_super boolean := (select rolsuper from pg_roles where rolname = current_user);
begin
  if owner is null or not (is_super or pg_has_role(current_user, owner, 'USAGE')) then
    return;
  end if;
  if not pg_has_role(current_user, owner, 'USAGE') then
    execute format('grant create on schema public to %I', current_user);
  end if;
  revoke create on schema public from public;
end
$$;`;

/** Read-only roles of PostgreSQL itself that a read-only role may belong to. */
const READING_ROLES = ['pg_read_all_data', 'pg_read_all_settings', 'pg_read_all_stats', 'pg_stat_scan_tables', 'pg_monitor'];

/** What `role` may do beyond reading the warehouse, for a person (empty when nothing). */
export async function rightsBeyondReading(wh: Warehouse, role: string): Promise<string[]> {
  const found: string[] = [];
  const { rows: attrs } = await wh.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolreplication: boolean; rolbypassrls: boolean }>(
    'select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls from pg_roles where rolname = $1',
    [role],
  );
  if (attrs.length === 0) return found;
  const a = attrs[0];
  if (a.rolsuper) found.push('it is a superuser');
  if (a.rolcreaterole) found.push('it can create roles (CREATEROLE)');
  if (a.rolcreatedb) found.push('it can create databases (CREATEDB)');
  if (a.rolreplication) found.push('it can stream replication (REPLICATION)');
  if (a.rolbypassrls) found.push('it bypasses row security (BYPASSRLS)');
  const { rows: memberOf } = await wh.query<{ rolname: string }>(
    `select g.rolname from pg_auth_members as m join pg_roles as g on g.oid = m.roleid
     where m.member = (select oid from pg_roles where rolname = $1) and g.rolname <> all($2::text[]) order by 1`,
    [role, READING_ROLES],
  );
  for (const m of memberOf) found.push(`it is a member of role ${m.rolname} and has its rights`);
  const { rows: owns } = await wh.query<{ n: number }>(
    `select (select count(*) from pg_class where relowner = r.oid) + (select count(*) from pg_namespace where nspowner = r.oid)
            + (select count(*) from pg_database where datdba = r.oid and datname = current_database()) as n
     from pg_roles as r where r.rolname = $1`,
    [role],
  );
  if (Number(owns[0]?.n ?? 0) > 0) found.push(`it owns ${owns[0].n} object(s) of this database (an owner may change or drop them)`);
  const { rows: writes } = await wh.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
     where n.nspname in (${SCHEMAS.split(', ').map((x) => `'${x}'`).join(', ')}) and c.relkind in ('r', 'p', 'v', 'm')
       and has_table_privilege($1, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER') order by 1`,
    [role],
  );
  if (writes.length > 0) {
    found.push(`it may write to ${writes.slice(0, 3).map((w) => w.name).join(', ')}${writes.length > 3 ? ` and ${writes.length - 3} more table(s)` : ''}`);
  }
  const { rows: creates } = await wh.query<{ what: string }>(
    `select 'schema ' || s as what from unnest(array[${SCHEMAS.split(', ').map((x) => `'${x}'`).join(', ')}]) as s
       where has_schema_privilege($1, s, 'CREATE')
     union all select 'this database' where has_database_privilege($1, current_database(), 'CREATE')`,
    [role],
  );
  for (const c of creates) found.push(`it may create objects in ${c.what}`);
  return found;
}

/** A role that `etl grant` will not make the analyst role, because it can do more than read. */
export class RoleTooPowerfulError extends Error {}

/**
 * Creates the analyst role if needed and grants it read access to the warehouse (server only).
 * An existing role that can do more than read is refused, not quietly given more.
 */
export async function grantAnalyst(wh: Warehouse, role = ANALYST_ROLE): Promise<void> {
  if (wh.kind !== 'postgres') {
    throw new Error(
      'the embedded warehouse has no users or roles: analysts read it through `etl serve` (see docs/warehouse.md, "Querying the warehouse"); ' +
        '`etl grant` is for a PostgreSQL server (DATABASE_URL)',
    );
  }
  await wh.exec(REVOKE_PUBLIC_CREATE);
  const beyond = await rightsBeyondReading(wh, role);
  if (beyond.length > 0) {
    throw new RoleTooPowerfulError(
      `role ${role} can do more than read, so etl grant leaves it as it is: ${beyond.join('; ')}. ` +
        `Name a role made for reading only (etl grant --role NEW_NAME creates one), or take these rights from ${role} first`,
    );
  }
  await wh.exec(analystGrantSql(role));
}
