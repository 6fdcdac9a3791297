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
  // The keys held more than once, first on their own: almost always none, and then the
  // ranking below is skipped (planned together, the server ran the grouping once per worker).
  await wh.exec('drop table if exists _dup_keys');
  const newFiles = fresh?.fileIds;
  const heldToo = newFiles ? await holdsOtherFiles(wh, source, newFiles) : false;
  if (!heldToo && (await noKeyHashTwice(wh, source))) return [];
  if (!(await collectDuplicateKeys(wh, source, heldToo ? newFiles : undefined))) return [];
  const rows = await rankDuplicates(wh, source);
  if (rows.length === 0) return [];
  await deleteRows(wh, source, rows);
  return demotionsOf(source, rows, masker(hashPhone), fresh);
}

const keyNames = (source: SourceDefinition) => source.columns.filter((c) => c.key).map((c) => quoteIdent(c.name));
const fileIdArray = (fileIds: readonly number[]) => `array[${fileIds.map(Number).join(', ')}]::bigint[]`;

/**
 * Whether the table holds rows of files other than those read. When it does not (a first load),
 * grouping every key at once finds the same keys in half the time of looking the new keys up
 * (2 million calls: 1.4 s against 3.0 s); the check stops at the first held row, the first in the table.
 */
async function holdsOtherFiles(wh: Warehouse, source: SourceDefinition, newFiles: readonly number[]): Promise<boolean> {
  const { rows } = await wh.query<{ held: boolean }>(`select exists (select 1 from ${quoteIdent(source.id)} where _file_id <> all(${fileIdArray(newFiles)})) as held`);
  return rows[0].held;
}

/**
 * True when a single key's 64-bit hashes are all different, so no key is held twice and the
 * grouping by key can be skipped: a third faster than grouping by the text (2 million calls: 0.9 s
 * against 1.4 s). Only for keys whose text is the same whenever the values are (1.0 = 1 as a
 * decimal); false for any other key, which then takes the exact grouping.
 */
async function noKeyHashTwice(wh: Warehouse, source: SourceDefinition): Promise<boolean> {
  const keyColumns = source.columns.filter((c) => c.key);
  if (keyColumns.length !== 1 || !ONE_TEXT_PER_VALUE.has(keyColumns[0].type.kind)) return false;
  const { rows: twice } = await wh.query<{ n: number }>(
    `select count(*) as n from (select 1 from ${quoteIdent(source.id)} group by hashtextextended(${keyNames(source)[0]}::text, 0) having count(*) > 1) as h`,
  );
  return Number(twice[0].n) === 0;
}

/**
 * Puts the keys held more than once into the temp table _dup_keys — with `newFiles`, only keys
 * that rows of those files have — and says whether there are any.
 */
async function collectDuplicateKeys(wh: Warehouse, source: SourceDefinition, newFiles: readonly number[] | undefined): Promise<boolean> {
  const table = quoteIdent(source.id);
  const keys = keyNames(source).join(', ');
  const keysOfNew = newFiles ? ` where (${keys}) in (select ${keys} from ${table} where _file_id = any(${fileIdArray(newFiles)}))` : '';
  await wh.exec(`create temp table _dup_keys on commit drop as select ${keys} from ${table}${keysOfNew} group by ${keys} having count(*) > 1`);
  const { rows: found } = await wh.query<{ n: number }>('select count(*) as n from _dup_keys');
  if (Number(found[0].n) === 0) return false;
  await wh.exec('analyze _dup_keys');
  return true;
}

/**
 * The rows of a duplicated key after its first — first by the file's place (coalesce(location,
 * path), codepoint order), then row number; for a snapshot source within each snapshot date — each
 * with the row kept and whether its values are the same.
 */
async function rankDuplicates(wh: Warehouse, source: SourceDefinition): Promise<DuplicateRow[]> {
  const keys = keyNames(source);
  const values = loadedColumns(source).map((c) => `t.${quoteIdent(c.name)}`);
  // Each file of a snapshot source is a snapshot as of its date: keys repeat across snapshots, not within one.
  const snapshotOf = source.coverage.kind === 'snapshot' ? ', h.as_of' : '';
  const { rows } = await wh.query<DuplicateRow>(`
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
      from ${quoteIdent(source.id)} as t
      join _dup_keys using (${keys.join(', ')})
      join etl.files as f on f.file_id = t._file_id
      left join etl.holdings as h on h.file_id = t._file_id
      window w as (partition by ${keys.map((k) => `t.${k}`).join(', ')}${snapshotOf} order by coalesce(h.location, f.path) collate "C", t._row)
    )
    select file_id, row, kept_path, kept_row, kept_run, same_values, key_text from ranked where rn > 1
    order by file_id, row`);
  return rows;
}

/** Deletes the given rows from the source's table, by (file, row) sent with COPY: one statement however many. */
async function deleteRows(wh: Warehouse, source: SourceDefinition, rows: readonly DuplicateRow[]): Promise<void> {
  await wh.exec(`create temp table if not exists _duplicate_rows (file_id bigint, row bigint) on commit drop`);
  await wh.exec('truncate _duplicate_rows');
  await wh.copyFrom('_duplicate_rows', ['file_id', 'row'], (async function* () {
    yield rows.map((r) => `${r.file_id}\t${r.row}\n`).join('');
  })());
  await wh.exec(`delete from ${quoteIdent(source.id)} as t using _duplicate_rows as d where t._file_id = d.file_id and t._row = d.row`);
}

/**
 * What becomes of each row taken out: skipped when its values are those of the row kept, else
 * rejected with a message naming the row kept (and the run that read it, when that is an earlier
 * run than `fresh`'s), mobile numbers masked.
 */
function demotionsOf(source: SourceDefinition, rows: readonly DuplicateRow[], mask: (text: string) => string, fresh: NewRows | undefined): Demotion[] {
  // ` (loaded in run N)` after a kept row that an earlier run read.
  const keptIn = (run: number | null) => (run !== null && fresh && Number(run) !== fresh.runId ? ` (loaded in run ${run})` : '');
  const keyHeader = source.columns.filter((c) => c.key).map((c) => c.header).join(' + ');
  return rows.map((r) =>
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
