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
});
