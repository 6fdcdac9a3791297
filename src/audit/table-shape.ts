/**
 * A source table's shape as its definition states it: the loaded columns in the definition's
 * order with their SQL types (the cell type's sqlType) and NOT NULL where a value is always
 * loaded, then `_file_id` and `_row`, with the COMMENT ON texts of source-comments.ts. The
 * migrations (sql/migrations/) create the tables; tests/table-shape.test.ts compares a freshly
 * migrated warehouse with these shapes and, where they differ (a new source, a changed
 * definition), prints the SQL of the migration to add (migrationSql): the columns are never
 * written by hand.
 *
 * Column order is compared for the columns a table was created with (up to `_row`), not for
 * those a later migration added: ALTER TABLE ADD COLUMN can only put a column last, and
 * migrations are append-only, so a column added to a definition lands after `_row` wherever the
 * definition lists it.
 */
import { quoteIdent as quoteAlways, type Warehouse } from '../db/warehouse.js';
import type { SourceDefinition } from '../sources/define.js';
import { loadedColumns } from '../sources/row-validator.js';
import { columnComments, literal, tableComment } from './source-comments.js';

/** One column of a source table. */
export interface ColumnShape {
  name: string;
  /** As Postgres names it (`timestamp without time zone`), once resolved by canonicalShape. */
  sqlType: string;
  notNull: boolean;
  comment: string | null;
}

/** A source table: its name, comment and columns in order. */
export interface TableShape {
  table: string;
  comment: string | null;
  columns: ColumnShape[];
}

/** The table `source` defines: its loaded columns (a column is NOT NULL unless optional without emptyAs), then _file_id and _row. */
export function tableShape(source: SourceDefinition): TableShape {
  const comments = columnComments(source);
  const columns: ColumnShape[] = loadedColumns(source).map((c) => ({
    name: c.name,
    sqlType: c.type.sqlType,
    notNull: !c.optional || (c.emptyAs !== undefined && c.emptyAs !== null),
    comment: comments.get(c.name) ?? null,
  }));
  for (const name of ['_file_id', '_row']) columns.push({ name, sqlType: 'bigint', notNull: true, comment: comments.get(name) ?? null });
  return { table: source.id, comment: tableComment(source), columns };
}

/** `shape` with its SQL types named as `wh` names them (`timestamp` → `timestamp without time zone`). */
export async function canonicalShape(wh: Warehouse, shape: TableShape): Promise<TableShape> {
  const columns: ColumnShape[] = [];
  for (const c of shape.columns) {
    const { rows } = await wh.query<{ t: string }>('select format_type($1::regtype, null) as t', [c.sqlType]);
    columns.push({ ...c, sqlType: rows[0].t });
  }
  return { ...shape, columns };
}

/** The shape of table `table` (schema public) in `wh`, or null when there is none. */
export async function warehouseShape(wh: Warehouse, table: string): Promise<TableShape | null> {
  const { rows: found } = await wh.query<{ comment: string | null }>(
    `select obj_description(c.oid, 'pg_class') as comment from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relname = $1 and c.relkind in ('r', 'p')`,
    [table],
  );
  if (found.length === 0) return null;
  const { rows } = await wh.query<{ name: string; sql_type: string; not_null: boolean; comment: string | null }>(
    `select a.attname as name, format_type(a.atttypid, a.atttypmod) as sql_type, a.attnotnull as not_null, col_description(a.attrelid, a.attnum) as comment
     from pg_attribute a
     where a.attrelid = format('public.%I', $1::text)::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [table],
  );
  return { table, comment: found[0].comment, columns: rows.map((r) => ({ name: r.name, sqlType: r.sql_type, notNull: r.not_null, comment: r.comment })) };
}

/** Every difference between the table a definition states and the one a warehouse holds, one sentence each. */
export function shapeDifferences(stated: TableShape, actual: TableShape | null): string[] {
  if (!actual) return [`${stated.table}: no such table in the warehouse`];
  const out: string[] = [];
  const t = stated.table;
  if (actual.comment !== stated.comment) out.push(`${t}: table comment is ${JSON.stringify(actual.comment)}, the definition says ${JSON.stringify(stated.comment)}`);
  const have = new Map(actual.columns.map((c) => [c.name, c]));
  for (const c of stated.columns) {
    const a = have.get(c.name);
    if (!a) {
      out.push(`${t}.${c.name}: missing (${c.sqlType}${c.notNull ? ' not null' : ''})`);
      continue;
    }
    if (a.sqlType !== c.sqlType) out.push(`${t}.${c.name}: type ${a.sqlType}, the definition says ${c.sqlType}`);
    if (a.notNull !== c.notNull) out.push(`${t}.${c.name}: ${a.notNull ? 'not null' : 'nullable'}, the definition says ${c.notNull ? 'not null' : 'nullable'}`);
    if (a.comment !== c.comment) out.push(`${t}.${c.name}: comment ${JSON.stringify(a.comment)}, the definition says ${JSON.stringify(c.comment)}`);
  }
  const order = orderDifference(stated, actual);
  if (order) out.push(order);
  const stated_ = new Set(stated.columns.map((c) => c.name));
  for (const a of actual.columns) if (!stated_.has(a.name)) out.push(`${t}.${a.name}: in the warehouse, not in the definition`);
  return out;
}

/**
 * The columns the table was created with — those up to `_row`, which a CREATE TABLE puts last
 * (migrationSql) — out of the order the definition lists them in, as one sentence naming the
 * stretch that differs; null when they are in order. The columns after `_row` were added by a
 * later migration, which can only append them: their place is not compared.
 */
function orderDifference(stated: TableShape, actual: TableShape): string | null {
  const end = actual.columns.findIndex((c) => c.name === '_row');
  const created = new Set((end < 0 ? actual.columns : actual.columns.slice(0, end + 1)).map((c) => c.name));
  const listed = new Set(stated.columns.map((c) => c.name));
  // The same columns on both sides: a missing or extra one is reported on its own.
  const have = actual.columns.map((c) => c.name).filter((n) => created.has(n) && listed.has(n));
  const want = stated.columns.map((c) => c.name).filter((n) => created.has(n));
  let first = 0;
  while (first < have.length && have[first] === want[first]) first++;
  if (first === have.length) return null;
  let last = have.length - 1;
  while (have[last] === want[last]) last--;
  const span = (names: string[]) => names.slice(first, last + 1).join(', ');
  return `${stated.table}: columns ${span(have)} in this order, the definition lists them ${span(want)}`;
}

/** The key words a name must be quoted for in `wh` (reserved, or only a function or type name: `left`). */
export async function reservedWords(wh: Warehouse): Promise<Set<string>> {
  const { rows } = await wh.query<{ word: string }>("select word from pg_get_keywords() where catcode in ('R', 'T')");
  return new Set(rows.map((r) => r.word));
}

/**
 * The statements of a migration that brings `actual` (null: no table yet) to `stated`: CREATE
 * TABLE for a new source; else ADD, DROP and ALTER COLUMN for what changed; and the COMMENT ON of
 * everything whose comment differs. Empty when nothing does. With `reserved` (reservedWords),
 * names are quoted only where they must be.
 */
export function migrationSql(stated: TableShape, actual: TableShape | null, reserved?: ReadonlySet<string>): string[] {
  // Names are written bare, as in the migrations, where that is safe: lower case and no reserved word (`left` is one).
  const quoteIdent = (name: string) => (reserved && /^[a-z_][a-z0-9_]*$/.test(name) && !reserved.has(name) ? name : quoteAlways(name));
  const table = quoteIdent(stated.table);
  const column = (c: ColumnShape) => `${quoteIdent(c.name)} ${c.sqlType}${c.notNull ? ' not null' : ''}`;
  const comment = (target: string, text: string | null) => `comment on ${target} is ${text === null ? 'null' : literal(text)};`;
  const out: string[] = [];
  if (!actual) {
    const width = Math.max(...stated.columns.map((c) => quoteIdent(c.name).length));
    out.push(`create table ${table} (\n${stated.columns.map((c) => `  ${quoteIdent(c.name).padEnd(width)} ${c.sqlType}${c.notNull ? ' not null' : ''}`).join(',\n')}\n);`);
  } else {
    const have = new Map(actual.columns.map((c) => [c.name, c]));
    const stated_ = new Set(stated.columns.map((c) => c.name));
    for (const a of actual.columns) if (!stated_.has(a.name)) out.push(`alter table ${table} drop column ${quoteIdent(a.name)};`);
    for (const c of stated.columns) {
      const a = have.get(c.name);
      // A new NOT NULL column of a table that holds rows: the next run rebuilds every source table, so it may start empty.
      if (!a) out.push(`alter table ${table} add column ${column(c)};`);
      else {
        if (a.sqlType !== c.sqlType) out.push(`alter table ${table} alter column ${quoteIdent(c.name)} type ${c.sqlType} using ${quoteIdent(c.name)}::${c.sqlType};`);
        if (a.notNull !== c.notNull) out.push(`alter table ${table} alter column ${quoteIdent(c.name)} ${c.notNull ? 'set' : 'drop'} not null;`);
      }
    }
  }
  if (!actual || actual.comment !== stated.comment) out.push(comment(`table ${table}`, stated.comment));
  const comments = new Map(actual?.columns.map((c) => [c.name, c.comment]) ?? []);
  for (const c of stated.columns) if (comments.get(c.name) !== c.comment) out.push(comment(`column ${table}.${quoteIdent(c.name)}`, c.comment));
  return out;
}
