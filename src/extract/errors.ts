/** Why a whole file could not be read; the message says what the clerk should do. */
export type FileErrorCode =
  | 'legacy-format' // .xls, .et, .numbers …
  | 'encrypted' // password-protected workbook
  | 'corrupt' // truncated zip, unreadable workbook
  | 'too-large' // a workbook that would unpack beyond the limits (zip bomb)
  | 'changed' // the file changed while it was being read
  | 'not-text' // binary content in a .csv
  | 'encoding' // text in an encoding we cannot read
  | 'empty' // zero bytes
  | 'header-not-found' // no row within the first rows holds the required headers
  | 'missing-columns' // the header lacks a required column
  | 'ambiguous' // two sheets hold the same source: one would be left out
  | 'unreadable'; // anything else (permissions, I/O)

export class FileError extends Error {
  constructor(
    /** Path relative to the input folder, as shown to the user. */
    readonly file: string,
    readonly code: FileErrorCode,
    /** What is wrong and what to do, without the file name (the caller prefixes it). */
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'FileError';
  }
}
