/**
 * One client connection of `etl serve`: the start-up exchange, the gate on every SQL text, turns
 * at the one database session (a client holds it from its first message until the database is
 * idle again, so transactions never mix), and the bounds on each client's time.
 */
import type { Socket } from 'node:net';
import { randomInt } from 'node:crypto';
import { formatSeconds, Interrupted, type ServeEngine } from './serve-engine.js';
import { checkSql, CLIENT_SETTINGS, isSafeEncoding, type Refusal } from './serve-gate.js';
import {
  authenticationOk,
  backendKeyData,
  BackendTracker,
  CANCEL_REQUEST,
  errorResponse,
  GSSENC_REQUEST,
  MessageFramer,
  parameterStatus,
  prefixNames,
  PROTOCOL_V3,
  readyForQuery,
  sqlOf,
  SSL_REQUEST,
  startupParameters,
  type FrontendMessage,
} from './serve-protocol.js';

/** The bounds every client is held to (milliseconds). */
export interface ClientLimits {
  statementTimeoutMs: number;
  idleInTransactionMs: number;
  idleMs: number;
}

/** Shared by the connections of one server: the database, whose turn it is, and the limits. */
export class SessionHub {
  holder: ClientConnection | null = null;
  private waiting: { client: ClientConnection; go: () => void }[] = [];
  readonly clients = new Set<ClientConnection>();

  constructor(
    readonly engine: ServeEngine,
    readonly limits: ClientLimits,
    readonly log: (line: string) => void,
  ) {}

  /** Waits for `client`'s turn at the database session; gives it its settings. */
  async acquire(client: ClientConnection, withSettings = true): Promise<void> {
    if (this.holder !== client) {
      if (this.holder) await new Promise<void>((go) => this.waiting.push({ client, go }));
      this.holder = client;
    }
    const owner = this.engine.sessionOwner;
    if (withSettings && owner !== client.id) {
      const before = await this.engine.swap(client.id, client.settings);
      // What the previous client SET since it last had the session stays its own.
      const previous = [...this.clients].find((c) => c.id === owner);
      if (previous) previous.settings = before;
    }
  }

  /** Ends `client`'s turn; the next waiting client gets the session. */
  release(client: ClientConnection): void {
    if (this.holder !== client) {
      this.waiting = this.waiting.filter((w) => w.client !== client);
      return;
    }
    this.holder = null;
    const next = this.waiting.shift();
    if (next) {
      this.holder = next.client;
      next.go();
    }
  }

  /** Finds the client that owns a cancel key. */
  byKey(pid: number, secret: number): ClientConnection | undefined {
    return [...this.clients].find((c) => c.id === pid && c.secret === secret);
  }
}

let nextClientId = 1;
/** Messages, and bytes, received and not yet handled, past which a client's socket is no longer read. */
const QUEUE_LIMIT = 64;
const QUEUE_BYTES = 32 * 1024 * 1024;

/** One client socket, from its start-up packet to its end. */
export class ClientConnection {
  readonly id = nextClientId++;
  readonly secret = randomInt(1, 2 ** 31 - 1);
  /** Settings of this client (name → value), applied when it gets the session. */
  settings: Record<string, string> = {};
  private readonly framer = new MessageFramer();
  private startupBuffer: Buffer | null = Buffer.alloc(0);
  private readonly queue: FrontendMessage[] = [];
  private working = false;
  private closed = false;
  private running = false;
  private skipToSync = false;
  private cancelPending = false;
  private txStatus: 'I' | 'T' | 'E' = 'I';
  private readonly named = new Set<string>();
  private idleTimer: NodeJS.Timeout | undefined;
  private holdTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly hub: SessionHub,
    /** Set when the server is full: the client is told so once it has said hello, then closed. */
    private readonly refuse: Refusal | null,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => void this.onGone());
    socket.on('error', () => socket.destroy());
    this.touch(refuse ? 5_000 : Math.min(hub.limits.idleMs, 60_000));
  }

  private backlogged(): boolean {
    return this.queue.length >= QUEUE_LIMIT || this.queue.reduce((n, m) => n + m.raw.length, 0) >= QUEUE_BYTES;
  }

  private get prefix(): string {
    return `c${this.id}_`;
  }

  /** Restarts the idle-connection timer (a shorter one before start-up). */
  private touch(ms = this.hub.limits.idleMs): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      // A client busy with a statement, or waiting for its turn, is not idle.
      if (this.working) return this.touch(ms);
      void this.cutOff('57P05', `closed: no message for ${formatSeconds(ms)} (this server closes idle connections)`);
    }, ms);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    this.touch();
    clearTimeout(this.holdTimer);
    try {
      if (this.startupBuffer) {
        this.startupBuffer = Buffer.concat([this.startupBuffer, chunk]);
        if (!this.readStartup()) return;
        chunk = Buffer.alloc(0);
      }
      this.queue.push(...this.framer.push(chunk));
    } catch (error) {
      void this.cutOff('08P01', `closed: ${(error as Error).message}`);
      return;
    }
    // A client that sends faster than it is served is not read further meanwhile.
    if (this.backlogged()) this.socket.pause();
    void this.work();
  }

  /** Handles the packets before the first message; returns true once start-up is done. */
  private readStartup(): boolean {
    for (;;) {
      const buf = this.startupBuffer!;
      if (buf.length < 8) return false;
      const length = buf.readInt32BE(0);
      if (length < 8 || length > 10_000) throw new Error('this is not a Postgres client');
      if (buf.length < length) return false;
      const code = buf.readInt32BE(4);
      const body = buf.subarray(8, length);
      this.startupBuffer = buf.subarray(length);
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
        this.socket.write('N');
        continue;
      }
      if (code === CANCEL_REQUEST && body.length >= 8) {
        const target = this.hub.byKey(body.readInt32BE(0), body.readInt32BE(4));
        if (target) void target.cancel().catch(() => undefined);
        this.closed = true;
        this.socket.destroy();
        return false;
      }
      if (code !== PROTOCOL_V3) throw new Error('only protocol version 3 is served');
      const rest = this.startupBuffer;
      this.startupBuffer = null;
      this.greet(startupParameters(body));
      if (rest.length) this.queue.push(...this.framer.push(rest));
      return true;
    }
  }

  private greet(params: Map<string, string>): void {
    if (this.refuse) {
      void this.cutOff(this.refuse.code, this.refuse.message);
      return;
    }
    for (const [name, value] of params) {
      const key = name.toLowerCase();
      if (key === 'user' || key === 'database' || key.startsWith('_pq_')) continue;
      if (key === 'options' && value.trim() === '') continue;
      if (!CLIENT_SETTINGS.has(key) || (key === 'client_encoding' && !isSafeEncoding(value))) {
        const what = key === 'client_encoding' ? 'the client encoding must be UTF8 or SQL_ASCII' : `the setting ${name} cannot be given at connection on this server`;
        void this.cutOff('42501', `refused: ${what}`);
        return;
      }
      this.settings[key] = value;
    }
    this.hub.clients.add(this);
    const out = [authenticationOk()];
    const reported: Record<string, string> = { ...this.hub.engine.reported };
    const shown: Record<string, string> = { client_encoding: 'client_encoding', application_name: 'application_name', datestyle: 'DateStyle', timezone: 'TimeZone', intervalstyle: 'IntervalStyle' };
    for (const [key, value] of Object.entries(this.settings)) if (shown[key]) reported[shown[key]] = value;
    for (const [name, value] of Object.entries(reported)) out.push(parameterStatus(name, value));
    out.push(backendKeyData(this.id, this.secret), readyForQuery('I'));
    this.socket.write(Buffer.concat(out));
  }

  /** Works through the messages received, one at a time. */
  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      while (!this.closed && this.queue.length) {
        await this.handle(this.queue.shift()!);
        if (!this.backlogged() && this.socket.isPaused()) this.socket.resume();
      }
    } catch (error) {
      await this.cutOff('XX000', `closed: the server could not answer (${(error as Error).message})`);
    } finally {
      this.working = false;
    }
    if (!this.closed && this.hub.holder === this && !this.running) this.startHoldTimer();
  }

  private async handle(m: FrontendMessage): Promise<void> {
    if (m.type === 'X') {
      this.closed = true;
      this.socket.end();
      return;
    }
    if (this.skipToSync) {
      if (m.type !== 'S') return;
      this.skipToSync = false;
      if (this.hub.holder !== this) {
        this.socket.write(readyForQuery(this.txStatus));
        return;
      }
    }
    if (m.type === 'd' || m.type === 'c' || m.type === 'f') return;
    if (m.type === 'F') {
      this.socket.write(Buffer.concat([errorResponse('42501', 'refused: calling a function by number (fast path) is not served; use SELECT'), readyForQuery(this.txStatus)]));
      return;
    }
    if (!'QPBEDCSH'.includes(m.type)) {
      await this.cutOff('08P01', `closed: a message of type ${JSON.stringify(m.type)} is not part of the protocol this server speaks`);
      return;
    }
    const sql = sqlOf(m);
    if (sql !== null) {
      const refusal = checkSql(sql, this.hub.engine.volatile);
      if (refusal) {
        this.hub.log(`client ${this.id}: ${refusal.message}`);
        this.socket.write(errorResponse(refusal.code, refusal.message));
        if (m.type === 'Q') this.socket.write(readyForQuery(this.txStatus));
        else this.skipToSync = true;
        return;
      }
    }
    await this.forward(m);
  }

  private async forward(m: FrontendMessage): Promise<void> {
    const tracker = new BackendTracker();
    try {
      await this.hub.acquire(this);
      if (this.closed) {
        this.hub.release(this);
        return;
      }
      if (this.cancelPending) {
        // Cancelled while waiting for its turn: never run.
        this.cancelPending = false;
        await this.cutOff('57014', 'statement cancelled: cancelled at your request. This connection is closed; connect again');
        return;
      }
      this.running = true;
      await this.hub.engine.exec(prefixNames(m, this.prefix, this.named), (chunk) => {
        tracker.push(chunk);
        if (!this.closed) this.socket.write(chunk);
      });
    } catch (error) {
      this.running = false;
      if (error instanceof Interrupted) {
        const restarted = error.reason === 'stopped' ? '' : '; the server started its copy of the warehouse again';
        const code = error.code ?? (error.reason === 'crash' ? 'XX000' : error.reason === 'stopped' ? '57P01' : '57014');
        await this.cutOff(code, `statement cancelled: ${error.message}${restarted}. This connection is closed; connect again`);
        return;
      }
      throw error;
    }
    this.running = false;
    if (tracker.lastStatus) {
      this.txStatus = tracker.lastStatus;
      if (tracker.lastStatus === 'I') this.hub.release(this);
    }
  }

  /** Holding the session with nothing to do (an open transaction, or a batch without Sync) is bounded. */
  private startHoldTimer(): void {
    clearTimeout(this.holdTimer);
    const ms = this.hub.limits.idleInTransactionMs;
    this.holdTimer = setTimeout(() => {
      void this.cutOff('25P03', `closed: idle in a transaction for more than ${formatSeconds(ms)}; the transaction was rolled back`);
    }, ms);
  }

  /** A cancel request from this client's user: the statement is ended and the database restarted. */
  async cancel(): Promise<void> {
    if (this.running) await this.hub.engine.interrupt('cancel', 'cancelled at your request');
    else if (this.working) this.cancelPending = true;
  }

  /** Sends a last error (unless gone), closes the socket, and gives the session back clean. */
  async cutOff(code: string, text: string): Promise<void> {
    if (!this.closed && !this.socket.destroyed) {
      this.socket.end(errorResponse(code, text, { fatal: true }), () => this.socket.destroy());
      this.hub.log(`client ${this.id}: ${text}`);
    }
    this.closed = true;
    // A client that does not read what it is sent is not waited for.
    setTimeout(() => this.socket.destroy(), 1_000).unref();
    await this.onGone();
  }

  private gone = false;

  private async onGone(): Promise<void> {
    this.closed = true;
    if (this.gone) return;
    this.gone = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.holdTimer);
    this.hub.clients.delete(this);
    // A client gone mid-statement is cut off at once: its statement is not run to the end.
    if (this.running) await this.hub.engine.interrupt('cancel', 'the client left').catch(() => undefined);
    // Its open transaction is rolled back and its prepared statements dropped (the session outlives it).
    const restarts = this.hub.engine.restarts;
    if (this.hub.holder === this || this.named.size > 0) {
      try {
        await this.hub.acquire(this, false);
        if (this.hub.engine.restarts === restarts) await this.hub.engine.cleanup([...this.named]);
      } catch {
        // the database was started again: nothing of this client is left in it
      }
    }
    this.hub.release(this);
  }
}
