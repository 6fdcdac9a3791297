/**
 * The extract stage: find the input files, tell their format, and stream their rows.
 */
import { CsvExtractor } from './csv/csv-extractor.js';
import type { Extractor } from './extractor.js';
import { XlsxExtractor } from './xlsx/xlsx-extractor.js';

export { discoverFiles } from './discover.js';
export type { DiscoveredFile, Discovery, IgnoredFile } from './discover.js';
export { FileError } from './errors.js';
export type { FileErrorCode } from './errors.js';
export type { Extractor, RawRow, SheetData } from './extractor.js';
export { isCandidateFile, sniffFormat } from './sniff.js';
export { CsvExtractor, XlsxExtractor };

/** The extractor for a format that sniffFormat returned. */
export function extractorFor(format: 'csv' | 'xlsx'): Extractor {
  return format === 'csv' ? new CsvExtractor() : new XlsxExtractor();
}
