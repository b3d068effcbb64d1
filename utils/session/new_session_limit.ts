/**
 * How fast one client address may start sessions: a token bucket per
 * address, in memory. Each address may start a burst of `perMinute`
 * sessions, then `perMinute` more per minute.
 *
 * In memory, not in KV: the limit exists to keep a flood of cookieless
 * requests from writing to KV, and a KV-backed counter would write for
 * every one of them. The price is that each process counts on its own, so
 * `deno serve --parallel` with W workers allows up to W × the limit.
 *
 * Memory is bounded: at most {@linkcode MAX_TRACKED_ADDRESSES} buckets are
 * kept, the least recently used dropped first (a dropped address starts
 * again with a full bucket, which only an attacker holding that many
 * addresses at once could exploit, and they could as well spread the flood).
 *
 * @module
 */

/** Most addresses tracked at once. */
export const MAX_TRACKED_ADDRESSES = 10_000;

const MINUTE_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

/** The per-address allowance of new sessions. */
export class NewSessionLimiter {
  #perMinute: number;
  #now: () => number;
  #buckets = new Map<string, Bucket>();

  /**
   * @param perMinute The burst, and the sessions allowed per minute after it.
   * @param now The clock, epoch ms.
   */
  constructor(perMinute: number, now: () => number) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /**
   * Takes one new session for `address`. Returns 0 when allowed, else the
   * whole seconds (at least 1) until the address may start one again.
   *
   * @param address The client address (any string that identifies it).
   */
  take(address: string): number {
    const now = this.#now();
    const previous = this.#buckets.get(address);
    const tokens = previous
      ? Math.min(
        this.#perMinute,
        // Multiplied first, so a whole minute refills exactly.
        previous.tokens +
          (Math.max(0, now - previous.at) * this.#perMinute) / MINUTE_MS,
      )
      : this.#perMinute;
    // Re-inserted, so the Map's order is least recently used first.
    this.#buckets.delete(address);
    if (tokens >= 1) {
      this.#buckets.set(address, { tokens: tokens - 1, at: now });
      this.#evict();
      return 0;
    }
    this.#buckets.set(address, { tokens, at: now });
    const waitMs = ((1 - tokens) * MINUTE_MS) / this.#perMinute;
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  /** How many addresses are tracked now (at most MAX_TRACKED_ADDRESSES). */
  get tracked(): number {
    return this.#buckets.size;
  }

  #evict(): void {
    while (this.#buckets.size > MAX_TRACKED_ADDRESSES) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest === undefined) return;
      this.#buckets.delete(oldest);
    }
  }
}
