/**
 * Cuts a large CSV file into byte ranges that can be read at the same time, one per worker
 * thread (src/pipeline/parallel-csv.ts). A range starts right after a line feed, and carries
 * the line number its first byte is on, so every row keeps the number a person sees.
 *
 * A line feed is not always where a record ends: a quoted field may hold line breaks. The cut
 * is only a guess until the range before it has been read: when that read ends inside a
 * quoted field, or on another line than the next range starts on, the cut was wrong and the
 * file is read again in one pass. Nothing here is trusted without that check.
 */
import { createReadStream } from 'node:fs';
import type { CsvEncoding } from './detect.js';
import type { CsvRange } from './csv-extractor.js';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Encodings in which the bytes 0x0A and 0x0D only ever stand for line breaks (never inside a
 * multi-byte character), so a range can start after any line feed.
 */
export function splittable(encoding: CsvEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'gb18030';
}

/**
 * Plans up to `parts` ranges of about equal size over a file of `size` bytes, in one pass over
 * the file that counts line breaks as the CSV reader counts them (CR LF, LF and a lone CR are
 * one each). Returns fewer ranges when the file has fewer lines than cuts.
 */
export async function planCsvRanges(path: string, size: number, parts: number): Promise<CsvRange[]> {
  const targets = Array.from({ length: Math.max(parts, 1) - 1 }, (_, i) => Math.floor(((i + 1) * size) / parts));
  const cuts: { start: number; firstLine: number }[] = [];
  let offset = 0; // file offset of chunk[0]
  let breaks = 0; // line breaks before `offset`
  let crAtEnd = false; // the previous chunk ended with a CR (a lone one unless this one starts with LF)
  let next = 0; // index into targets
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (crAtEnd && chunk[0] !== LF) breaks++;
    let counted = 0; // bytes of this chunk whose line breaks are in `breaks`
    const countUpTo = (end: number) => {
      breaks += lineBreaksIn(chunk, counted, end);
      counted = end;
    };
    while (next < targets.length) {
      const from = Math.max(targets[next] - offset, 0);
      if (from >= chunk.length) break;
      const lf = chunk.indexOf(LF, from);
      if (lf < 0) break;
      countUpTo(lf + 1);
      const start = offset + lf + 1;
      if (start < size && (cuts.length === 0 || cuts[cuts.length - 1].start < start)) cuts.push({ start, firstLine: breaks + 1 });
      next++;
    }
    // Every cut is placed: the rest of the file need not be read.
    if (next === targets.length) break;
    countUpTo(chunk.length);
    crAtEnd = chunk[chunk.length - 1] === CR;
    offset += chunk.length;
  }
  const starts = [{ start: 0, firstLine: 1 }, ...cuts];
  return starts.map((s, i) => ({ start: s.start, firstLine: s.firstLine, end: i + 1 < starts.length ? starts[i + 1].start : size }));
}

/** Line breaks in bytes [from, to) of `chunk`; a CR as the very last byte is left to the caller. */
function lineBreaksIn(chunk: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = chunk.indexOf(LF, from); i >= 0 && i < to; i = chunk.indexOf(LF, i + 1)) count++;
  for (let i = chunk.indexOf(CR, from); i >= 0 && i < to; i = chunk.indexOf(CR, i + 1)) {
    // CR LF is counted at its LF; a lone CR counts itself. The chunk's last CR waits for the next chunk.
    if (i + 1 < chunk.length ? chunk[i + 1] !== LF : false) count++;
  }
  return count;
}
