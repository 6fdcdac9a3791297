/**
 * The merged ranges of a worksheet. Excel lists them after the rows, so they are read in a
 * first, light pass over the sheet part (inflating it and scanning for `<mergeCell ref=…>`,
 * with any namespace prefix), before its rows are streamed.
 */
import type { FileHandle } from 'node:fs/promises';
import type { MergedRange } from '../extractor.js';
import type { ZipPart } from './zip-directory.js';
import { partDecoder } from './xml-stream.js';
import { readPart } from './zip-part.js';

const MERGE = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']\s*([A-Za-z]{1,3})(\d{1,7})\s*:\s*([A-Za-z]{1,3})(\d{1,7})\s*["']/g;
// A `<mergeCell …>` tag is far shorter than this; the tail of each piece is scanned again with the next.
const OVERLAP = 512;

const column = (letters: string) => [...letters.toUpperCase()].reduce((n, c) => n * 26 + (c.charCodeAt(0) - 64), 0) - 1;

export async function mergedRanges(handle: FileHandle, relPath: string, name: string, part: ZipPart): Promise<MergedRange[]> {
  const ranges = new Map<string, MergedRange>();
  const decode = partDecoder();
  let carry = '';
  const scan = (text: string) => {
    for (const m of text.matchAll(MERGE)) {
      const r = { top: Number(m[2]), left: column(m[1]), bottom: Number(m[4]), right: column(m[3]) };
      if (r.bottom >= r.top && r.right >= r.left) ranges.set(`${r.top}:${r.left}:${r.bottom}:${r.right}`, r);
    }
  };
  for await (const chunk of readPart(handle, relPath, name, part)) {
    const text = carry + decode(chunk);
    scan(text);
    carry = text.slice(-OVERLAP);
  }
  scan(carry + decode());
  return [...ranges.values()].sort((a, b) => a.top - b.top || a.left - b.left);
}
