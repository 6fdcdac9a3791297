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

/** Creates the analyst role if needed and grants it read access to the warehouse (server only). */
export async function grantAnalyst(wh: Warehouse, role = ANALYST_ROLE): Promise<void> {
  if (wh.kind !== 'postgres') {
    throw new Error(
      'the embedded warehouse has no users or roles: analysts read it through `etl serve` (see README, "Querying the warehouse"); ' +
        '`etl grant` is for a PostgreSQL server (DATABASE_URL)',
    );
  }
  await wh.exec(analystGrantSql(role));
}
