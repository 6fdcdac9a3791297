/** Streams a large text file to disk in ~256 KB chunks, encoded as GB18030 or UTF-8 (with or without BOM). */
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import iconv from 'iconv-lite';

export type TextEncoding = 'gb18030' | 'utf-8-bom' | 'utf-8';

const CHUNK_CHARS = 256 * 1024;

/**
 * An output folder that writes nothing: a writer opened below it only hands its lines to the
 * observer of replayLines. The next year's samples replay a year's writers this way to repeat
 * some of its lines exactly, without writing the year again.
 */
export const REPLAY_DIR = '\u0000replay';

let observer: ((path: string, line: string) => void) | null = null;

/** Runs `write` (writers opened below REPLAY_DIR) and hands each line they write to `observe`, with the file's path below REPLAY_DIR. */
export async function replayLines<T>(observe: (path: string, line: string) => void, write: () => Promise<T>): Promise<T> {
  if (observer) throw new Error('a replay is already running');
  observer = observe;
  try {
    return await write();
  } finally {
    observer = null;
  }
}

export class TextFileWriter {
  private parts: string[] = [];
  private size = 0;
  private lines = 0;

  private constructor(
    private readonly stream: WriteStream | null,
    private readonly encoding: TextEncoding,
    private readonly observe: ((line: string) => void) | null = null,
  ) {
    if (encoding === 'utf-8-bom') stream?.write(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  static open(path: string, encoding: TextEncoding): TextFileWriter {
    if (path.startsWith(REPLAY_DIR)) {
      const seen = observer;
      if (!seen) throw new Error('a writer below REPLAY_DIR outside replayLines');
      const rel = path.slice(REPLAY_DIR.length + 1).split('\\').join('/');
      return new TextFileWriter(null, encoding, (line) => seen(rel, line));
    }
    return new TextFileWriter(createWriteStream(path), encoding);
  }

  /** Queues one line (CRLF added); true when the caller should `await flush()`. */
  push(line: string): boolean {
    if (this.observe) {
      this.observe(line);
      this.lines++;
      return false;
    }
    this.parts.push(line, '\r\n');
    this.size += line.length + 2;
    this.lines++;
    return this.size >= CHUNK_CHARS;
  }

  get lineCount(): number {
    return this.lines;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0 || !this.stream) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    const bytes = this.encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : Buffer.from(text, 'utf8');
    if (!this.stream.write(bytes)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.stream) return;
    this.stream.end();
    await finished(this.stream);
  }
}

/** One CSV line: fields holding the delimiter, a quote or a line break are quoted. */
export function csvLine(fields: readonly (string | number | null)[], delimiter = ','): string {
  return fields
    .map((v) => {
      const s = v === null ? '' : String(v);
      return s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(delimiter);
}
