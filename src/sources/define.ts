/**
 * The shape of a source definition: everything the engine needs to find, read, validate
 * and load one departmental export. The engine owns this contract; pipelines/ declares the
 * sources with it, as data. Adding a source is adding a file in pipelines/ (and its
 * migration in sql/migrations), never editing the engine.
 *
 * A definition is data throughout: each cell type records how it was made (its spec) and
 * each cross-column rule is a record the engine compiles (compileRule), so a definition can
 * be handed to a worker thread (portableSource / sourceFromPortable) whatever its origin.
 */
import { z } from 'zod';
import { cellFromSpec, type CellSpec, type CellType, type CellValue } from '../transform/cells.js';

export interface ColumnDefinition {
  /** Warehouse column name. */
  name: string;
  /** Canonical Chinese header of the export. */
  header: string;
  /** Other spellings accepted for the header. */
  aliases?: string[];
  type: CellType;
  /** Part of the natural key. */
  key?: boolean;
  /** May be absent from the file or empty in a row. */
  optional?: boolean;
  /** Value loaded when the cell is empty (implies optional), e.g. talent_tier empty = 无. */
  emptyAs?: CellValue;
  /** What the column means, for the warehouse's COMMENT ON. */
  comment?: string;
  /**
   * A merged range in the data area fills down in this column (a 部门 or 省份 merged over a
   * group's rows): every cell inside the range takes its top-left value. Only cells inside a
   * merged range are filled, never plain empty cells.
   */
  fillMergedDown?: boolean;
}

export type Coverage =
  /** `period`: the date or timestamp column that places a row in a month. */
  | { kind: 'continuous'; period: string }
  /** `period`: the date column that dates a row, when the register has one. */
  | { kind: 'register'; period?: string }
  | { kind: 'snapshot' };

/** A parsed row, by warehouse column name. */
export type ParsedRow = Record<string, CellValue>;

/**
 * A rule across columns, as data (compileRule turns it into a check): `notBefore` — `column`
 * (when present) is not earlier than `other`; `requiredWhen` — `column` has a value when the
 * column `when.column` equals `when.equals`. A broken rule rejects the row, naming `column`.
 */
export type RowRule =
  | { kind: 'notBefore'; column: string; other: string; label: string }
  | { kind: 'requiredWhen'; column: string; when: { column: string; equals: CellValue }; reason: string };

export interface SourceDefinition {
  /** Source id, e.g. `hotline_tickets`; also the warehouse table name. */
  id: string;
  /** Chinese title of the export, e.g. `10005 热线工单明细`. */
  title: string;
  /** Glob patterns on the file name (`*` = any text), e.g. `*工单明细*`. */
  filePatterns: string[];
  /**
   * What an export of this source covers, which decides whether a figure can be computed
   * from it (see src/coverage/): a period of a `continuous` source is covered when each of
   * its months has rows; a `register` covers a year when a file is delivered for it (its
   * name, title rows or dated rows say so), and no rows then means zero; a `snapshot` is as
   * of the date its title rows or file name state.
   */
  coverage: Coverage;
  /** Sheet names accepted in a workbook; absent means the first sheet with the header. */
  sheets?: string[];
  /** One row of the table is one … */
  grain: string;
  columns: ColumnDefinition[];
  rules?: RowRule[];
  /**
   * Columns whose value must exist in another source (checked after all sources are read).
   * A broken reference rejects the row; with `soft`, the row is kept and the run notes how
   * many rows point at nothing (e.g. outsourced learners missing from the HR roster).
   */
  references?: { column: string; source: string; sourceColumn: string; soft?: boolean }[];
}

const definitionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a source id is lower_snake_case'),
  title: z.string().min(1),
  filePatterns: z.array(z.string().min(1)).min(1),
  coverage: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('continuous'), period: z.string() }),
    z.object({ kind: z.literal('register'), period: z.string().optional() }),
    z.object({ kind: z.literal('snapshot') }),
  ]),
  sheets: z.array(z.string().min(1)).min(1).optional(),
  grain: z.string().min(1),
  columns: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/),
        header: z.string().min(1),
        aliases: z.array(z.string().min(1)).optional(),
        // Made by one of `cell` (src/transform/cells.ts), which records its spec.
        type: z.custom<CellType>((t) => typeof t === 'object' && t !== null && typeof (t as CellType).parse === 'function' && typeof (t as CellType).spec?.maker === 'string'),
        key: z.boolean().optional(),
        optional: z.boolean().optional(),
        emptyAs: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
        comment: z.string().optional(),
        fillMergedDown: z.boolean().optional(),
      }),
    )
    .min(1)
    .refine((cols) => cols.some((c) => c.key), 'a source needs at least one key column')
    .refine((cols) => new Set(cols.map((c) => c.name)).size === cols.length, 'column names must be unique'),
  rules: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('notBefore'), column: z.string(), other: z.string(), label: z.string().min(1) }),
        z.object({
          kind: z.literal('requiredWhen'),
          column: z.string(),
          when: z.object({ column: z.string(), equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
          reason: z.string().min(1),
        }),
      ]),
    )
    .optional(),
  references: z.array(z.object({ column: z.string(), source: z.string(), sourceColumn: z.string(), soft: z.boolean().optional() })).optional(),
});

/** Declares a source; the definition is checked once, when the module loads. */
export function defineSource(definition: SourceDefinition): SourceDefinition {
  const result = definitionSchema.safeParse(definition);
  if (!result.success) {
    throw new Error(`source definition ${definition.id}: ${z.prettifyError(result.error)}`);
  }
  const period = definition.coverage.kind === 'snapshot' ? undefined : definition.coverage.period;
  if (period && !definition.columns.some((c) => c.name === period)) {
    throw new Error(`source definition ${definition.id}: coverage.period names the unknown column ${period}`);
  }
  for (const rule of definition.rules ?? []) {
    for (const column of [rule.column, rule.kind === 'notBefore' ? rule.other : rule.when.column]) {
      if (!definition.columns.some((c) => c.name === column)) {
        throw new Error(`source definition ${definition.id}: a rule names the unknown column ${column}`);
      }
    }
  }
  return definition;
}

// Cross-column rules ------------------------------------------------------------------------

/** `column` (when present) must not be earlier than `other` (whose header is `label`). */
export function notBefore(column: string, other: string, label: string): RowRule {
  return { kind: 'notBefore', column, other, label };
}

/** `column` must have a value when the column `when.column` equals `when.equals`. */
export function requiredWhen(column: string, when: { column: string; equals: CellValue }, reason: string): RowRule {
  return { kind: 'requiredWhen', column, when, reason };
}

/** The check of a rule: the message for its column when a parsed row breaks it, else null. */
export function compileRule(rule: RowRule): (row: ParsedRow) => string | null {
  const absent = (v: CellValue | undefined) => v === null || v === undefined;
  switch (rule.kind) {
    case 'notBefore':
      return (row) => {
        const a = row[rule.column];
        const b = row[rule.other];
        if (absent(a) || absent(b)) return null;
        return String(a) < String(b) ? `is earlier than ${rule.label} (${String(b)})` : null;
      };
    case 'requiredWhen':
      return (row) => (row[rule.when.column] === rule.when.equals && absent(row[rule.column]) ? `is required ${rule.reason}` : null);
  }
}

// Crossing to a worker thread -----------------------------------------------------------------

/** A source definition as plain data (cell types by their spec), which a worker thread can receive. */
export interface PortableSource extends Omit<SourceDefinition, 'columns'> {
  columns: (Omit<ColumnDefinition, 'type'> & { type: CellSpec })[];
}

/** `source` as plain data, for a worker thread. */
export function portableSource(source: SourceDefinition): PortableSource {
  return { ...source, columns: source.columns.map((c) => ({ ...c, type: c.type.spec })) };
}

/** The definition a worker thread was given, with its cell types made again. */
export function sourceFromPortable(portable: PortableSource): SourceDefinition {
  return { ...portable, columns: portable.columns.map((c) => ({ ...c, type: cellFromSpec(c.type) })) };
}
