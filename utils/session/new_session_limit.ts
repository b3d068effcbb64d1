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
 * IPv6 addresses are counted by their /64 prefix ({@linkcode limitKey}):
 * one host or one customer usually holds a whole /64 (RFC 6177), and could
 * otherwise start sessions from a new address every time.
 *
 * @module
 */

/**
 * Most addresses tracked at once; the least recently used is dropped first.
 * A dropped address starts again with a full bucket, which helps only an
 * attacker holding that many addresses, who could as well spread the flood.
 */
export const MAX_TRACKED_ADDRESSES = 10_000;

const MINUTE_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * The key an address is counted under: an IPv4 address as it is (also when
 * written IPv4-mapped, `::ffff:203.0.113.9`), an IPv6 address by its /64
 * prefix, zone dropped.
 *
 * @param address A client address.
 * @example
 * ```ts
 * limitKey("2001:db8:1:2:a::1"); // "2001:db8:1:2::/64"
 * ```
 */
export function limitKey(address: string): string {
  const plain = address.split("%")[0].toLowerCase();
  if (!plain.includes(":")) return plain;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(
    plain,
  );
  if (mapped) return mapped[1];
  const halves = plain.split("::");
  // Groups of each side of "::"; an embedded IPv4 tail fills two.
  const split = (part: string | undefined) =>
    part
      ? part.split(":").flatMap((g) => g.includes(".") ? ["0", "0"] : [g])
      : [];
  const head = split(halves[0]);
  const tail = split(halves[1]);
  const groups = halves.length > 1
    ? [
      ...head,
      ...Array(Math.max(0, 8 - head.length - tail.length)).fill("0"),
      ...tail,
    ]
    : head;
  const prefix = groups.slice(0, 4).map((g) =>
    (Number.parseInt(g, 16) || 0).toString(16)
  );
  return `${prefix.join(":")}::/64`;
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
   * @param address The client address; IPv6 counts by its /64.
   */
  take(address: string): number {
    address = limitKey(address);
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
