/**
 * The embedded warehouse's memory budget (src/db/memory-budget.ts): a full collection only past
 * the budget, and one that frees what nothing holds any more.
 */
import { describe, expect, it } from 'vitest';
import { collectAbove } from '../src/db/memory-budget.js';

describe('the memory budget of an embedded run', () => {
  it('does nothing while the process is under the budget', () => {
    expect(collectAbove(Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('past the budget, collects what nothing holds any more', async () => {
    collectAbove(0);
    const before = process.memoryUsage().arrayBuffers;
    let garbage: Uint8Array[] | null = Array.from({ length: 64 }, () => new Uint8Array(1 << 20).fill(1));
    expect(garbage.reduce((n, b) => n + b.length, 0)).toBe(64 << 20);
    garbage = null;
    expect(collectAbove(0)).toBe(true);
    // The 64 MiB of array buffers nothing holds are gone, once V8 has swept them in the background.
    await expect.poll(() => process.memoryUsage().arrayBuffers - before, { timeout: 10_000, interval: 50 }).toBeLessThan(4 << 20);
  });

  it('waits for the garbage it is given: nothing new, no collection; that much more held, one', () => {
    collectAbove(0);
    expect(collectAbove(0, 1 << 30)).toBe(false);
    const held = Array.from({ length: 32 }, () => new Uint8Array(1 << 20).fill(1));
    expect(collectAbove(0, 16 << 20)).toBe(true);
    // Still held, so nothing new since: no second collection.
    expect(collectAbove(0, 16 << 20)).toBe(false);
    expect(held.length).toBe(32);
  });

  it('leaves no gc behind for code that runs later', async () => {
    collectAbove(0);
    const { runInNewContext } = await import('node:vm');
    expect(runInNewContext('typeof gc')).toBe('undefined');
  });
});
