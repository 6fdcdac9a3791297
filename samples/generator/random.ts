/**
 * Seeded pseudo-random numbers: a tiny inline mulberry32 (no dependency), with independent
 * named streams so that changing one source's generator does not shift another's values.
 */

/** FNV-1a hash of a string to 32 bits; turns `${seed}:${stream}` into a stream seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  /** A stream named `stream` of the run seeded with `seed`. */
  constructor(seed: number, stream: string) {
    this.state = hash32(`${seed}:${stream}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Index drawn with the given (not necessarily normalised) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * Picks exactly `k` of `n` items in one pass (Knuth's selection sampling): call `take()` once
 * per item in order; it answers whether that item is selected.
 */
export class ExactSelector {
  constructor(
    private readonly rng: Rng,
    private remaining: number,
    private needed: number,
  ) {
    if (needed > remaining || needed < 0) throw new Error(`cannot select ${needed} of ${remaining} items`);
  }

  take(): boolean {
    const yes = this.rng.next() * this.remaining < this.needed;
    this.remaining--;
    if (yes) this.needed--;
    return yes;
  }
}

/** Splits `total` into integers proportional to `weights` (largest remainder, ties to the lower index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!(sum > 0) || total < 0 || !Number.isInteger(total)) throw new Error(`cannot apportion ${total} over weights summing to ${sum}`);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let rest = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => [e - parts[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) parts[order[k % order.length][1]]++;
  return parts;
}

/** Splits `total` into `parts` random integers, each at least `min`. */
export function splitTotal(rng: Rng, total: number, parts: number, min = 1): number[] {
  if (parts === 0 && total === 0) return [];
  if (parts <= 0 || total < parts * min) throw new Error(`cannot split ${total} into ${parts} parts of at least ${min}`);
  return apportion(total - parts * min, Array.from({ length: parts }, () => 0.3 + rng.next())).map((p) => p + min);
}
