/**
 * A sliding-window log of attempts in KV, one key per attempt so that
 * attempts never conflict: the primitive under the login throttle
 * (throttle.ts) and the sign-up limit (signup_limit.ts).
 *
 * @module
 */

/** One limit: at most `max` live entries under `prefix`. */
export interface AttemptLimit {
  prefix: Deno.KvKey;
  max: number;
}

/** The entries one attempt wrote; hand it back to release or settle them. */
export interface AttemptSlot {
  readonly keys: readonly Deno.KvKey[];
  /** The version the entries were written at. */
  readonly versionstamp: string;
}

/** Options of {@linkcode AttemptLog.take}. */
export interface TakeOptions {
  /**
   * The attempt's outcome is not known yet: later attempts over the limit
   * wait for it. Call `settle` (it failed) or `release` (it succeeded).
   * @default false
   */
  pending?: boolean;
}

/** Options of {@linkcode AttemptLog}. All optional. */
export interface AttemptLogOptions {
  /** Longest wait for pending entries, in milliseconds. @default 10000 */
  maxWaitMs?: number;
}

// The value of an entry whose attempt is still in flight. A settled one
// holds the versionstamp it was first written at (settling rewrites it, and
// the count goes by first commit); one taken as settled holds true.
const PENDING = "pending";
// Between two counts while waiting for pending entries.
const POLL_MS = 40;

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

/**
 * Attempt entries with a sliding window.
 *
 * Each attempt is a key of its own, `[...prefix, expiresAt, nonce]`,
 * written with `expireIn`. Taking a slot writes the key first and counts
 * second, so a parallel burst cannot pass the check before any of it is
 * counted. The count is of the live entries committed no later than this
 * one (by versionstamp, which follows commit order), so the k-th attempt
 * to commit sees exactly k - 1 others, and a burst gets exactly the limit.
 * A counter under one key would need a check-and-set per attempt, and with
 * many users behind one address (an office NAT, or several app processes
 * on one KV file) those commits conflict until honest logins are refused.
 *
 * Reads skip entries whose `expiresAt` has passed by the key range alone,
 * because `expireIn` is only the earliest time KV may delete a key.
 *
 * An attempt whose outcome is not known yet (a password still hashing) can
 * be taken as *pending*: it counts, but an attempt that finds the limit
 * exceeded only by pending entries waits for them instead of being refused.
 * Each pending entry then either goes (a success gives it back) or becomes
 * a settled failure, and the waiting attempt counts again. So a burst of
 * wrong guesses still gets exactly the limit, while a burst of right
 * passwords is only served `max` at a time. The wait is bounded (a process
 * that died mid-attempt leaves its entry pending until the window ends).
 */
export class AttemptLog {
  #kv: Deno.Kv;
  #windowMs: number;
  #now: () => number;
  #maxWaitMs: number;

  /**
   * @param kv The database.
   * @param windowMs How long each entry counts, in milliseconds.
   * @param now The clock, epoch ms (whole numbers).
   * @param options The longest wait for pending entries.
   */
  constructor(
    kv: Deno.Kv,
    windowMs: number,
    now: () => number,
    options: AttemptLogOptions = {},
  ) {
    this.#kv = kv;
    this.#windowMs = windowMs;
    this.#now = now;
    this.#maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /**
   * Writes one entry under each limit's prefix, then counts. When any
   * limit is exceeded by settled entries the entries are removed again, so
   * a refused attempt does not count. When it is exceeded only because of
   * pending ones, it waits for them (at most `maxWaitMs`) and counts again.
   *
   * @param limits The limits this attempt counts against.
   * @param options Whether this attempt is pending.
   */
  async take(
    limits: readonly AttemptLimit[],
    options: TakeOptions = {},
  ): Promise<AttemptDecision> {
    const now = this.#now();
    const nonce = crypto.randomUUID();
    const keys = limits.map((limit) => [
      ...limit.prefix,
      now + this.#windowMs,
      nonce,
    ]);
    const op = this.#kv.atomic();
    for (const key of keys) {
      op.set(key, options.pending ? PENDING : true, {
        expireIn: this.#windowMs,
      });
    }
    // No checks, so the commit cannot conflict.
    const { versionstamp } = await op.commit() as Deno.KvCommitResult;
    const slot: AttemptSlot = { keys, versionstamp };
    const started = performance.now();
    for (;;) {
      let verdict: Verdict;
      try {
        verdict = await this.#verdict(limits, versionstamp, nonce);
      } catch (error) {
        // Counting failed (KV busy or gone): the attempt must not stay
        // counted for the whole window. Best effort, the error wins.
        await this.release(slot).catch(() => {});
        throw error;
      }
      if (verdict.kind === "allowed") return { allowed: true, slot };
      const waited = performance.now() - started;
      if (verdict.kind === "refused" || waited >= this.#maxWaitMs) {
        await this.release(slot);
        return { allowed: false, retryAfter: verdict.retryAfter };
      }
      await sleep(POLL_MS / 2 + Math.random() * POLL_MS);
    }
  }

  /**
   * Whether the attempt written at `versionstamp` fits every limit, must
   * wait for pending entries, or is refused (with the seconds until the
   * limits have room again).
   */
  async #verdict(
    limits: readonly AttemptLimit[],
    versionstamp: string,
    nonce: string,
  ): Promise<Verdict> {
    const now = this.#now();
    let retryAfter = 0;
    let waiting = false;
    for (const limit of limits) {
      const counted = (await this.#live(limit.prefix, now)).filter((entry) =>
        firstCommitted(entry) <= versionstamp
      );
      if (counted.length <= limit.max) continue;
      const oldest = Math.min(...counted.map(expiresAt));
      retryAfter = Math.max(
        retryAfter,
        Math.max(1, Math.ceil((oldest - now) / 1000)),
      );
      const settled = counted.filter((entry) =>
        entry.value !== PENDING && entry.key.at(-1) !== nonce
      );
      if (settled.length >= limit.max) return { kind: "refused", retryAfter };
      waiting = true;
    }
    return waiting ? { kind: "wait", retryAfter } : { kind: "allowed" };
  }

  /**
   * Marks a pending attempt as a failure: it stays counted for the rest of
   * its window. Entries cleared meanwhile stay gone.
   */
  async settle(slot: AttemptSlot): Promise<void> {
    const now = this.#now();
    // One commit per key: a cleared entry must not stop the others.
    await Promise.all(slot.keys.map((key) =>
      this.#kv.atomic()
        .check({ key, versionstamp: slot.versionstamp })
        .set(key, slot.versionstamp, {
          expireIn: Math.max(1, (key.at(-2) as number) - now),
        })
        .commit()
    ));
  }

  /** Removes the entries an attempt wrote (a slot given back). */
  async release(slot: Pick<AttemptSlot, "keys">): Promise<void> {
    const op = this.#kv.atomic();
    for (const key of slot.keys) op.delete(key);
    await op.commit();
  }

  /**
   * Removes every settled entry under `prefix`. Pending ones stay: their
   * attempts are still in flight and settle or release them.
   */
  async clear(prefix: Deno.KvKey): Promise<void> {
    const keys: Deno.KvKey[] = [];
    for await (
      const entry of this.#kv.list({ prefix }, { limit: MAX_LISTED })
    ) {
      if (entry.value !== PENDING) keys.push(entry.key);
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

type Verdict =
  | { kind: "allowed" }
  | { kind: "wait" | "refused"; retryAfter: number };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The versionstamp an entry was first written at. */
function firstCommitted(entry: Deno.KvEntry<unknown>): string {
  return typeof entry.value === "string" && entry.value !== PENDING
    ? entry.value
    : entry.versionstamp;
}

function expiresAt(entry: Deno.KvEntry<unknown>): number {
  return entry.key.at(-2) as number;
}
