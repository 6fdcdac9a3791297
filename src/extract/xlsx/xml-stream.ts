/**
 * Streams a part's XML through saxes, calling `handlers` with local names (any namespace
 * prefix dropped: `<x:row>` is `row`, `r:id` is `id`), as .NET's Open XML SDK and others
 * write prefixed tags. Runs synchronously per chunk, so that a caller can yield what the
 * handlers collected between chunks.
 */
import { SaxesParser } from 'saxes';
import { FileError } from '../errors.js';
import { damaged } from './zip-part.js';

export interface XmlHandlers {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  /** Character data, with entities decoded; CDATA sections too. */
  text(text: string): void;
}

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

/**
 * Decodes a part's bytes as they come: UTF-8 as a rule, UTF-16 (either byte order, with or
 * without a byte-order mark) as some writers save it. Call with no chunk at the end.
 */
export function partDecoder(): (chunk?: Buffer) => string {
  let decoder: TextDecoder | null = null;
  return (chunk) => {
    if (!chunk) return decoder ? decoder.decode() : '';
    if (!decoder) {
      const [a, b] = [chunk[0], chunk[1]];
      const encoding = (a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00) ? 'utf-16le' : (a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c) ? 'utf-16be' : 'utf-8';
      decoder = new TextDecoder(encoding);
    }
    return decoder.decode(chunk, { stream: true });
  };
}

/** A parser for one part; `write` each chunk, then `end`. Errors name the file and the part. */
export function xmlParser(relPath: string, part: string, handlers: XmlHandlers): { write(chunk: Buffer): void; end(): void } {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const decode = partDecoder();
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>)) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
      attributes[local(name)] = value;
    }
    handlers.open(local(tag.name), attributes);
  });
  parser.on('closetag', (tag) => handlers.close(local(tag.name)));
  parser.on('text', handlers.text);
  parser.on('cdata', handlers.text);
  const run = (write: () => void) => {
    try {
      write();
    } catch (error) {
      // A handler's own refusal (a row out of range) is already worded; saxes' errors are XML errors.
      if (error instanceof FileError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw damaged(relPath, `its part ${part} is not well-formed XML (${message.replace(/^undefined:/, '').trim()})`);
    }
  };
  return {
    write: (chunk) => run(() => parser.write(decode(chunk))),
    end: () => run(() => parser.write(decode()).close()),
  };
}

/** Parses a whole part with `handlers`. */
export async function parseXml(chunks: AsyncIterable<Buffer>, relPath: string, part: string, handlers: XmlHandlers): Promise<void> {
  const parser = xmlParser(relPath, part, handlers);
  for await (const chunk of chunks) parser.write(chunk);
  parser.end();
}
