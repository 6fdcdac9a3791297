/**
 * The few pieces of the Postgres wire protocol (version 3) that `etl serve` reads and writes
 * itself: framing of messages, the start-up exchange, errors, and the names of prepared
 * statements and portals (each client's are kept apart by a prefix).
 */

/** Protocol version 3.0 in a StartupMessage. */
export const PROTOCOL_V3 = 196608;
/** Request codes that take the place of a protocol version in the first message. */
export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;

/** A message a client sent after start-up: its type byte and its body (without type and length). */
export interface FrontendMessage {
  type: string;
  body: Buffer;
  /** The whole message as sent (type, length, body). */
  raw: Buffer;
}

/** Largest message accepted from a client (a query text of 16 MB is plenty). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/**
 * Splits the bytes a client sent into whole messages; keeps a trailing partial one for the next
 * call. Throws on a length no Postgres client sends. The chunks of a large message are joined
 * once, when it is whole: joining them at each chunk took 20 s of the main thread for one 16 MB
 * message (256 chunks of 64 KiB), during which the server answered no one.
 */
export class MessageFramer {
  private pieces: Buffer[] = [];
  private size = 0;
  /** How many bytes the next message needs before it can be read (5 until its length is known). */
  private needed = 5;

  /** Adds bytes; returns the messages now complete. */
  push(chunk: Buffer): FrontendMessage[] {
    if (chunk.length) this.pieces.push(chunk);
    this.size += chunk.length;
    if (this.size < this.needed) return [];
    let buffer = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.size);
    const out: FrontendMessage[] = [];
    this.needed = 5;
    while (buffer.length >= 5) {
      const length = buffer.readInt32BE(1);
      if (length < 4 || length > MAX_MESSAGE_BYTES) throw new Error(`a message of ${length} bytes is not one a Postgres client sends`);
      if (buffer.length < length + 1) {
        this.needed = length + 1;
        break;
      }
      const raw = buffer.subarray(0, length + 1);
      out.push({ type: String.fromCharCode(raw[0]), body: raw.subarray(5), raw });
      buffer = buffer.subarray(length + 1);
    }
    this.pieces = buffer.length ? [buffer] : [];
    this.size = buffer.length;
    return out;
  }

  /** Bytes received that do not yet make a whole message. */
  get pending(): number {
    return this.size;
  }
}

/** Reads a NUL-terminated string at `offset`; returns it and the offset after the NUL. */
export function readCString(body: Buffer, offset: number): [string, number] {
  const end = body.indexOf(0, offset);
  if (end < 0) throw new Error('a message ends in the middle of a string');
  return [body.toString('utf8', offset, end), end + 1];
}

/** The parameters (user, database, options, application_name, …) of a StartupMessage body (after the version). */
export function startupParameters(body: Buffer): Map<string, string> {
  const params = new Map<string, string>();
  let offset = 0;
  while (offset < body.length && body[offset] !== 0) {
    const [name, next] = readCString(body, offset);
    const [value, after] = readCString(body, next);
    params.set(name, value);
    offset = after;
  }
  return params;
}

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text.replace(/\0/g, ''), 'utf8'), Buffer.from([0])]);
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

/** AuthenticationOk: no password is asked. */
export function authenticationOk(): Buffer {
  return message('R', int32(0));
}

/** ParameterStatus name = value. */
export function parameterStatus(name: string, value: string): Buffer {
  return message('S', cstring(name), cstring(value));
}

/** BackendKeyData: the key a client quotes to cancel its statement. */
export function backendKeyData(pid: number, secret: number): Buffer {
  return message('K', int32(pid), int32(secret));
}

/** ReadyForQuery with the transaction status I (idle), T (in a transaction) or E (failed transaction). */
export function readyForQuery(status: 'I' | 'T' | 'E'): Buffer {
  return message('Z', Buffer.from(status, 'latin1'));
}

/** ErrorResponse (severity ERROR unless FATAL) with a SQLSTATE code, a message and an optional hint. */
export function errorResponse(code: string, text: string, options: { fatal?: boolean; hint?: string } = {}): Buffer {
  const severity = options.fatal ? 'FATAL' : 'ERROR';
  const fields = [
    Buffer.from('S'),
    cstring(severity),
    Buffer.from('V'),
    cstring(severity),
    Buffer.from('C'),
    cstring(code),
    Buffer.from('M'),
    cstring(text),
    ...(options.hint ? [Buffer.from('H'), cstring(options.hint)] : []),
    Buffer.from([0]),
  ];
  return message('E', ...fields);
}

/** The SQL text of a simple Query ('Q') or of a Parse ('P') message; null for other messages. */
export function sqlOf(m: FrontendMessage): string | null {
  if (m.type === 'Q') return readCString(m.body, 0)[0];
  if (m.type === 'P') {
    const [, next] = readCString(m.body, 0);
    return readCString(m.body, next)[0];
  }
  return null;
}

/**
 * Gives the named prepared statements and portals of a message the client's prefix, so that
 * clients sharing the one database session do not see or replace each other's. The unnamed
 * statement and portal ("") stay as they are. Returns the message unchanged when it names none;
 * `named` receives each statement name a Parse creates.
 */
export function prefixNames(m: FrontendMessage, prefix: string, named?: Set<string>): Buffer {
  const p = (name: string) => (name === '' ? '' : `${prefix}${name}`);
  switch (m.type) {
    case 'P': {
      const [name, next] = readCString(m.body, 0);
      if (name === '') return m.raw;
      named?.add(p(name));
      return message('P', cstring(p(name)), m.body.subarray(next));
    }
    case 'B': {
      const [portal, next] = readCString(m.body, 0);
      const [statement, after] = readCString(m.body, next);
      if (portal === '' && statement === '') return m.raw;
      return message('B', cstring(p(portal)), cstring(p(statement)), m.body.subarray(after));
    }
    case 'E': {
      const [portal, next] = readCString(m.body, 0);
      if (portal === '') return m.raw;
      return message('E', cstring(p(portal)), m.body.subarray(next));
    }
    case 'D':
    case 'C': {
      const kind = m.body.subarray(0, 1);
      const [name, next] = readCString(m.body, 1);
      if (name === '') return m.raw;
      return message(m.type, kind, cstring(p(name)), m.body.subarray(next));
    }
    default:
      return m.raw;
  }
}

/**
 * Follows the server's side of the stream to learn the transaction status of each ReadyForQuery
 * and whether an error was sent; chunks may split messages anywhere.
 */
export class BackendTracker {
  private buffer: Buffer = Buffer.alloc(0);
  /** Status of the last ReadyForQuery seen, or null if none yet since the last reset(). */
  lastStatus: 'I' | 'T' | 'E' | null = null;

  /** Reads the bytes the server sent. */
  push(chunk: Uint8Array): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
    while (this.buffer.length >= 5) {
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < length + 1) break;
      if (this.buffer[0] === 0x5a /* Z */ && length === 5) this.lastStatus = String.fromCharCode(this.buffer[5]) as 'I' | 'T' | 'E';
      this.buffer = this.buffer.subarray(length + 1);
    }
  }

  /** Forgets the last status (before a new batch of messages). */
  reset(): void {
    this.lastStatus = null;
  }
}
