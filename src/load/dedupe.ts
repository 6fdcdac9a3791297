/**
 * Duplicate natural keys across (or within) files are loaded once. The deterministic rule:
 * the first row by the file's place (its input folder and path, codepoint order) and row number
 * is kept — within one folder, the first by file path. A later row with the same key and the
 * same values is skipped as a duplicate; with different values it is rejected, naming the row
 * that was kept. Rows held from earlier runs take part like the others: a held row that a new
 * file's row comes before is taken out (and its file's counts say so), as a build from all the
 * held files at once would.
 */
import type { SourceDefinition } from '../sources/define.js';
import { quoteIdent, type Warehouse } from '../db/warehouse.js';
import { loadedColumns } from '../sources/row-validator.js';
import { randomBytes } from 'node:crypto';
import { maskPhoneNumbers, phoneHasher } from '../transform/pii.js';
import type { Demotion } from './part-counts.js';

export type { Demotion };

/**
 * How a value or message of a demotion is shown: every mobile number in it masked with the run's
 * key. Without the key (a caller that passes none) a mobile number is still never shown: it is
 * replaced by a mask under a throwaway key, which does not match the run's other masks.
 */
function masker(hashPhone: ((digits: string) => string) | undefined): (text: string) => string {
  const hash = hashPhone ?? phoneHasher(randomBytes(32).toString('hex'));
  return (text) => maskPhoneNumbers(text, hash);
}

/** Cell types whose stored values are equal exactly when their text is (not decimals: 1.0 = 1, 0 = -0). */
const ONE_TEXT_PER_VALUE = new Set(['text', 'phone', 'enum', 'province', 'int', 'date', 'timestamp']);

export const SKIP_DUPLICATE = 'duplicate key with identical values (the first row by file path and row number is kept)';

/** The start of a duplicate's and a broken reference's reject message (holdings.ts reads such a file again when the other file goes). */
export const REJECT_DUPLICATE_START = 'has the same ';
export const REJECT_REFERENCE_START = 'refers to ';

interface DuplicateRow {
  file_id: number;
  row: number;
  kept_path: string;
  kept_row: number;
  kept_run: number | null;
  same_values: boolean;
  key_text: string;
}

/** Which rows a run checks: those of the files it read, when the others are held rows already settled among themselves. */
export interface NewRows {
  runId: number;
  /** The files the run read: only keys of their rows can be duplicated. */
  fileIds: readonly number[];
}

/**
 * Takes out every row of `source` whose key an earlier row holds. `fresh`: only keys of the
 * files this run read are checked; absent: every key.
 */
export async function removeDuplicates(wh: Warehouse, source: SourceDefinition, hashPhone?: (digits: string) => string, fresh?: NewRows): Promise<Demotion[]> {
  // ` (loaded in run N)` after a kept row that an earlier run read.
  const keptIn = (run: number | null) => (run !== null && fresh && Number(run) !== fresh.runId ? ` (loaded in run ${run})` : '');
  const newFiles = fresh?.fileIds;
  const mask = masker(hashPhone);
  const table = quoteIdent(source.id);
  const keys = source.columns.filter((c) => c.key).map((c) => quoteIdent(c.name));
  const values = loadedColumns(source).map((c) => `t.${quoteIdent(c.name)}`);
  const keyList = keys.map((k) => `t.${k}`).join(', ');
  // Each file of a snapshot source is a snapshot as of its date: keys repeat across snapshots, not within one.
  const snapshotOf = source.coverage.kind === 'snapshot' ? ', h.as_of' : '';
  // The keys held more than once, first on their own: almost always none, and then the
  // ranking below is skipped (planned together, the server ran the grouping once per worker).
  await wh.exec('drop table if exists _dup_keys');
  // When the table holds only the rows of the files read (a first load), grouping every key at
  // once finds the same keys in half the time of looking the new keys up (2 million calls: 1.4 s
  // against 3.0 s); the check stops at the first held row, the first in the table.
  const newList = newFiles ? `array[${newFiles.map(Number).join(', ')}]::bigint[]` : '';
  const heldToo = newFiles
    ? (await wh.query<{ held: boolean }>(`select exists (select 1 from ${table} where _file_id <> all(${newList})) as held`)).rows[0].held
    : false;
  const keysOfNew = heldToo
    ? ` where (${keys.join(', ')}) in (select ${keys.join(', ')} from ${table} where _file_id = any(${newList}))`
    : '';
  // A single key is first grouped by its 64-bit hash, a third faster than by the text (2 million
  // calls: 0.9 s against 1.4 s): with no hash held twice no key is, and the grouping by key is skipped.
  // Only for keys whose text is the same whenever the values are: 1.0 = 1 as a decimal.
  const keyColumns = source.columns.filter((c) => c.key);
  if (keyColumns.length === 1 && ONE_TEXT_PER_VALUE.has(keyColumns[0].type.kind) && !heldToo) {
    const { rows: twice } = await wh.query<{ n: number }>(
      `select count(*) as n from (select 1 from ${table} group by hashtextextended(${keys[0]}::text, 0) having count(*) > 1) as h`,
    );
    if (Number(twice[0].n) === 0) return [];
  }
  await wh.exec(`create temp table _dup_keys on commit drop as select ${keys.join(', ')} from ${table}${keysOfNew} group by ${keys.join(', ')} having count(*) > 1`);
  const { rows: found } = await wh.query<{ n: number }>('select count(*) as n from _dup_keys');
  if (Number(found[0].n) === 0) return [];
  await wh.exec('analyze _dup_keys');
  const rows = await wh.query<DuplicateRow>(`
    with ranked as (
      select
        t._file_id as file_id,
        t._row as row,
        row_number() over w as rn,
        first_value(f.path) over w as kept_path,
        first_value(h.read_in_run) over w as kept_run,
        first_value(t._row) over w as kept_row,
        md5(row(${values.join(', ')})::text) = first_value(md5(row(${values.join(', ')})::text)) over w as same_values,
        concat_ws(' / ', ${keys.map((k) => `t.${k}::text`).join(', ')}) as key_text
      from ${table} as t
      join _dup_keys using (${keys.join(', ')})
      join etl.files as f on f.file_id = t._file_id
      left join etl.holdings as h on h.file_id = t._file_id
      window w as (partition by ${keyList}${snapshotOf} order by coalesce(h.location, f.path) collate "C", t._row)
    )
    select file_id, row, kept_path, kept_row, kept_run, same_values, key_text from ranked where rn > 1
    order by file_id, row`);
  if (rows.rows.length === 0) return [];
  await wh.exec(`create temp table if not exists _duplicate_rows (file_id bigint, row bigint) on commit drop`);
  await wh.exec('truncate _duplicate_rows');
  await wh.copyFrom('_duplicate_rows', ['file_id', 'row'], (async function* () {
    yield rows.rows.map((r) => `${r.file_id}\t${r.row}\n`).join('');
  })());
  await wh.exec(`delete from ${table} as t using _duplicate_rows as d where t._file_id = d.file_id and t._row = d.row`);
  const keyHeader = source.columns.filter((c) => c.key).map((c) => c.header).join(' + ');
  return rows.rows.map((r) =>
    r.same_values
      ? { fileId: r.file_id, row: r.row, kind: 'skip', message: SKIP_DUPLICATE, column: null, value: null }
      : {
          fileId: r.file_id,
          row: r.row,
          kind: 'reject',
          column: keyHeader,
          value: mask(r.key_text),
          message: mask(`${REJECT_DUPLICATE_START}${keyHeader} as ${r.kept_path} row ${r.kept_row}${keptIn(r.kept_run)} but different values; that first row is kept`),
        },
  );
}

interface OrphanRow {
  file_id: number;
  row: number;
  value: string;
}

/** A soft reference that points at nothing in some rows: they stay loaded, the run says so. */
export interface ReferenceNote {
  fileId: number;
  source: string;
  message: string;
}

/**
 * Rows whose reference (e.g. 培训编号 → 培训班) points at nothing are rejected; for a soft
 * reference they are kept and counted in a note per file.
 */
export async function removeBrokenReferences(
  wh: Warehouse,
  source: SourceDefinition,
  sources: readonly SourceDefinition[],
  notes: ReferenceNote[] = [],
  hashPhone?: (digits: string) => string,
): Promise<Demotion[]> {
  const mask = masker(hashPhone);
  const demotions: Demotion[] = [];
  for (const ref of source.references ?? []) {
    const target = sources.find((s) => s.id === ref.source);
    if (!target) throw new Error(`source ${source.id} refers to the unknown source ${ref.source}`);
    const column = source.columns.find((c) => c.name === ref.column);
    const missing = `not exists (select 1 from ${quoteIdent(target.id)} as r where r.${quoteIdent(ref.sourceColumn)} = t.${quoteIdent(ref.column)})`;
    if (ref.soft) {
      const counts = await wh.query<{ file_id: number; n: number; distinct_values: number }>(
        `select t._file_id as file_id, count(*) as n, count(distinct t.${quoteIdent(ref.column)}) as distinct_values
         from ${quoteIdent(source.id)} as t where ${missing} group by t._file_id order by 1`,
      );
      for (const c of counts.rows) {
        notes.push({
          fileId: Number(c.file_id),
          source: source.id,
          message: mask(`${c.n} rows (${c.distinct_values} distinct ${column?.header ?? ref.column}) are not in ${target.title}; kept`),
        });
      }
      continue;
    }
    const orphans = await wh.query<OrphanRow>(`
      delete from ${quoteIdent(source.id)} as t
      where ${missing}
      returning t._file_id as file_id, t._row as row, t.${quoteIdent(ref.column)}::text as value`);
    for (const o of orphans.rows) {
      demotions.push({
        fileId: o.file_id,
        row: o.row,
        kind: 'reject',
        column: column?.header ?? ref.column,
        value: mask(o.value),
        message: mask(`${REJECT_REFERENCE_START}${o.value}, which is not in ${target.title}`),
      });
    }
  }
  return demotions;
}
