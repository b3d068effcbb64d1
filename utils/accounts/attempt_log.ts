/**
 * A sliding-window log of attempts in KV: the primitive under the login
 * throttle (throttle.ts) and the sign-up limit (signup_limit.ts).
 *
 * Each attempt is a key of its own, `[...prefix, expiresAt, nonce]`,
 * written with `expireIn`. Taking a slot writes the key first and counts
 * second, so a parallel burst cannot pass the check before any of it is
 * counted. The count is of the live entries committed no later than this
 * one (by versionstamp, which follows commit order), so the k-th attempt
 * to commit sees exactly k - 1 others, and a burst gets exactly the limit.
 *
 * Why not a counter under one key: every attempt then has to
 * check-and-set that key, and with many users behind one address (an
 * office NAT, or several app processes on one KV file) the commits
 * conflicted until honest logins were refused as if throttled. Unique keys
 * never conflict.
 *
 * Reads skip entries whose `expiresAt` has passed by the key range alone,
 * because `expireIn` is only the earliest time KV may delete a key.
 *
 * @module
 */

/** One limit: at most `max` live entries under `prefix`. */
export interface AttemptLimit {
  prefix: Deno.KvKey;
  max: number;
}

/** The entries one attempt wrote; hand it back to release them. */
export interface AttemptSlot {
  readonly keys: readonly Deno.KvKey[];
}

/** What {@linkcode AttemptLog.take} decided. */
export type AttemptDecision =
  | { allowed: true; slot: AttemptSlot }
  | {
    allowed: false;
    /** Whole seconds until the oldest counted entry expires (at least 1). */
    retryAfter: number;
  };

// A bound on one count's read; limits are far smaller.
const MAX_LISTED = 1000;

/** Attempt entries with a sliding window. */
export class AttemptLog {
  #kv: Deno.Kv;
  #windowMs: number;
  #now: () => number;

  /**
   * @param kv The database.
   * @param windowMs How long each entry counts, in milliseconds.
   * @param now The clock, epoch ms (whole numbers).
   */
  constructor(kv: Deno.Kv, windowMs: number, now: () => number) {
    this.#kv = kv;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /**
   * Writes one entry under each limit's prefix, then counts. When any
   * limit is exceeded the entries are removed again, so a refused attempt
   * does not count.
   *
   * @param limits The limits this attempt counts against.
   */
  async take(limits: readonly AttemptLimit[]): Promise<AttemptDecision> {
    const now = this.#now();
    const nonce = crypto.randomUUID();
    const keys = limits.map((limit) => [
      ...limit.prefix,
      now + this.#windowMs,
      nonce,
    ]);
    const op = this.#kv.atomic();
    for (const key of keys) {
      op.set(key, true, { expireIn: this.#windowMs });
    }
    // No checks, so the commit cannot conflict.
    const { versionstamp } = await op.commit() as Deno.KvCommitResult;
    let retryAfter: number;
    try {
      retryAfter = await this.#retryAfter(limits, now, versionstamp);
    } catch (error) {
      // Counting failed (KV busy or gone): the attempt must not stay
      // counted for the whole window. Best effort, the error wins.
      await this.release({ keys }).catch(() => {});
      throw error;
    }
    if (retryAfter > 0) {
      await this.release({ keys });
      return { allowed: false, retryAfter };
    }
    return { allowed: true, slot: { keys } };
  }

  /** Seconds until every limit has room again: 0 when none is exceeded. */
  async #retryAfter(
    limits: readonly AttemptLimit[],
    now: number,
    versionstamp: string,
  ): Promise<number> {
    let retryAfter = 0;
    for (const limit of limits) {
      const counted = (await this.#live(limit.prefix, now)).filter((entry) =>
        entry.versionstamp <= versionstamp
      );
      if (counted.length > limit.max) {
        const oldest = Math.min(...counted.map(expiresAt));
        retryAfter = Math.max(
          retryAfter,
          Math.max(1, Math.ceil((oldest - now) / 1000)),
        );
      }
    }
    return retryAfter;
  }

  /** Removes the entries an attempt wrote (a slot given back). */
  async release(slot: AttemptSlot): Promise<void> {
    const op = this.#kv.atomic();
    for (const key of slot.keys) op.delete(key);
    await op.commit();
  }

  /** Removes every entry under `prefix`. */
  async clear(prefix: Deno.KvKey): Promise<void> {
    const keys: Deno.KvKey[] = [];
    for await (
      const entry of this.#kv.list({ prefix }, { limit: MAX_LISTED })
    ) {
      keys.push(entry.key);
    }
    for (let i = 0; i < keys.length; i += 100) {
      const op = this.#kv.atomic();
      for (const key of keys.slice(i, i + 100)) op.delete(key);
      await op.commit();
    }
  }

  /** Live entries under `prefix`. */
  async count(prefix: Deno.KvKey): Promise<number> {
    return (await this.#live(prefix, this.#now())).length;
  }

  async #live(
    prefix: Deno.KvKey,
    now: number,
  ): Promise<Deno.KvEntry<unknown>[]> {
    const entries: Deno.KvEntry<unknown>[] = [];
    // An entry whose expiresAt is `now` has just ended.
    const selector = { prefix, start: [...prefix, now + 1] };
    for await (const entry of this.#kv.list(selector, { limit: MAX_LISTED })) {
      entries.push(entry);
    }
    return entries;
  }
}

function expiresAt(entry: Deno.KvEntry<unknown>): number {
  return entry.key.at(-2) as number;
}
