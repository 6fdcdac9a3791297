/**
 * The COMMENT ON text of the source tables, derived from their definitions in pipelines/:
 * the export's title and file names, the grain, and per column the Chinese header and meaning.
 * sql/migrations/005_comments.sql holds these statements as they were generated; a test keeps
 * the two in step (a changed definition needs a new migration with the new comments).
 */
import type { SourceDefinition } from '../sources/define.js';
import { quoteIdent } from '../db/warehouse.js';
import { loadedColumns } from '../sources/row-validator.js';

/** The comment of every `_file_id` column. */
export const FILE_ID_COMMENT = 'input file the row came from (→ etl.files.file_id)';
/** The comment of every `_row` column. */
export const ROW_COMMENT = 'row number in that file: the Excel row number, or the line of the CSV file';

/** The comment of a source table: title, file names and grain. */
export function tableComment(source: SourceDefinition): string {
  return `${source.title} (files ${source.filePatterns.join(', ')}): ${source.grain}. Rebuilt by every run from the input folder.`;
}

/** The comments of a source table's columns by column name, provenance columns included. */
export function columnComments(source: SourceDefinition): Map<string, string> {
  const comments = new Map<string, string>();
  for (const c of loadedColumns(source)) {
    const key = c.key ? '; part of the natural key' : '';
    comments.set(c.name, `${c.header}: ${c.comment ?? c.name}${key}`);
  }
  comments.set('_file_id', FILE_ID_COMMENT);
  comments.set('_row', ROW_COMMENT);
  return comments;
}

/** `s` as an SQL string literal. */
export const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** COMMENT ON statements for every source table and column. */
export function sourceCommentStatements(sources: readonly SourceDefinition[]): string[] {
  return sources.flatMap((s) => [
    `comment on table ${quoteIdent(s.id)} is ${literal(tableComment(s))};`,
    ...[...columnComments(s)].map(([column, text]) => `comment on column ${quoteIdent(s.id)}.${quoteIdent(column)} is ${literal(text)};`),
  ]);
}
