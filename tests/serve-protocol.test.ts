/** The framing of `etl serve`: the bytes a client sends, in chunks of any size, read as whole messages. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MESSAGE_BYTES, MessageFramer } from '../src/audit/serve-protocol.js';

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const query = (sql: string) => message('Q', Buffer.from(`${sql}\0`));

describe('MessageFramer', () => {
  afterEach(() => vi.restoreAllMocks());

  it('reads the same messages whatever the chunks, keeping a partial one for later', () => {
    const stream = Buffer.concat([query('select 1'), message('S', Buffer.alloc(0)), query('select 2'.repeat(50)), message('X', Buffer.alloc(0))]);
    const whole = new MessageFramer().push(stream).map((m) => [m.type, m.body.toString('latin1')]);
    expect(whole.map(([type]) => type)).toEqual(['Q', 'S', 'Q', 'X']);
    for (const size of [1, 2, 3, 4, 5, 6, 7, 13, 64]) {
      const framer = new MessageFramer();
      const got: string[][] = [];
      for (let o = 0; o < stream.length; o += size) got.push(...framer.push(stream.subarray(o, o + size)).map((m) => [m.type, m.body.toString('latin1')]));
      expect(got, `chunks of ${size}`).toEqual(whole);
      expect(framer.pending).toBe(0);
    }
    const framer = new MessageFramer();
    expect(framer.push(stream.subarray(0, 7))).toEqual([]);
    expect(framer.pending).toBe(7);
  });

  it('refuses a length no client sends as soon as it has the length', () => {
    const head = Buffer.alloc(5);
    head.write('Q', 0);
    head.writeInt32BE(MAX_MESSAGE_BYTES + 1, 1);
    const framer = new MessageFramer();
    expect(framer.push(head.subarray(0, 3))).toEqual([]);
    expect(() => framer.push(head.subarray(3))).toThrow(/is not one a Postgres client sends/);
  });

  it('joins the chunks of a large message once, not at every chunk (16 MB took the server 20 s)', () => {
    const big = query(`select ${'1,'.repeat(4_000_000)}1`);
    const concat = vi.spyOn(Buffer, 'concat');
    const framer = new MessageFramer();
    const got = [];
    for (let o = 0; o < big.length; o += 65_536) got.push(...framer.push(big.subarray(o, o + 65_536)));
    expect(got).toHaveLength(1);
    expect(got[0].raw.equals(big)).toBe(true);
    // Bytes copied: about the message once (chunks up to its first 5 bytes aside), not 122 growing copies of it.
    const copied = concat.mock.calls.reduce((n, [list]) => n + list.reduce((m, b) => m + b.length, 0), 0);
    expect(copied).toBeLessThanOrEqual(big.length);
  });
});
