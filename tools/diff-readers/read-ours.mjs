// Dumps a workbook as our reader (XlsxExtractor, built in dist/) reads it, one JSON object a line, in
// the form read_openpyxl.py writes (see there): {"sheet"}, {"r", "c": [[column, tag, value]]}, then
// {"end": true}, or {"refused": {"code", "reason"}} (code "crash" for an error that is not a FileError).
//
//   node read-ours.mjs WORKBOOK [READER]      the dump on stdout
//   node read-ours.mjs --serve [READER]       for each line `WORKBOOK<TAB>DUMP` on stdin, the dump
//                                             written to DUMP, then `done` on stdout
// READER is the built xlsx-extractor.js to test (default: this checkout's dist/).
import { createHash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const [, , first, reader] = process.argv;
const { XlsxExtractor } = await import(
  reader ? pathToFileURL(reader).href : new URL('../../dist/src/extract/xlsx/xlsx-extractor.js', import.meta.url).href
);

// A string this long is dumped as its start, length and SHA-1 (read_openpyxl.py does the same), so that a
// shared string repeated in many cells does not make a dump of gigabytes; digests are kept per string.
const LONG = 4096;
const digests = new Map();
function long(text) {
  let shown = digests.get(text);
  if (shown === undefined) {
    const sha1 = createHash('sha1').update(text, 'utf8').digest('hex');
    shown = `${Array.from(text.slice(0, 200)).slice(0, 80).join('')}… (${text.length} characters, SHA-1 ${sha1})`;
    if (digests.size > 1000) digests.clear();
    digests.set(text, shown);
  }
  return shown;
}

function encode(value) {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return ['s', value.length > LONG ? long(value) : value];
    case 'number':
      return ['n', Number.isFinite(value) ? value : String(value)];
    case 'boolean':
      return ['b', value];
    default:
      if (value instanceof Date) {
        const ms = value.getTime();
        return ['d', Number.isNaN(ms) ? 'Invalid Date' : ms];
      }
      if (typeof value === 'object' && 'error' in value) return ['e', String(value.error)];
      return ['s', `<unexpected ${typeof value}: ${String(value)}>`];
  }
}

async function dump(path, fd) {
  const out = (object) => writeSync(fd, `${JSON.stringify(object)}\n`);
  try {
    for await (const sheet of new XlsxExtractor().sheets(path)) {
      out({ sheet: sheet.name });
      for await (const row of sheet.rows) {
        const cells = [];
        row.cells.forEach((value, column) => {
          const encoded = encode(value);
          if (encoded) cells.push([column, ...encoded]);
        });
        if (cells.length > 0) out({ r: row.row, c: cells });
      }
    }
    out({ end: true });
  } catch (error) {
    if (error && error.name === 'FileError' && 'code' in error) out({ refused: { code: error.code, reason: String(error.reason) } });
    else out({ refused: { code: 'crash', reason: String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error) } });
  }
}

if (first === '--serve') {
  for await (const line of createInterface({ input: process.stdin })) {
    const [path, target] = line.split('\t');
    const fd = openSync(target, 'w');
    try {
      await dump(path, fd);
    } finally {
      closeSync(fd);
    }
    writeSync(1, 'done\n');
  }
} else {
  await dump(first, 1);
}
