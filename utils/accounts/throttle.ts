/**
 * Limits password guessing: at most `maxPerUsername` failed logins per
 * username and `maxPerAddress` per client address within a fixed window
 * (by default 5 and 20 per 15 minutes). Counters live in KV:
 *
 * - `["login_failures", "username", username]`
 * - `["login_failures", "address", address]`
 *
 * each `{ count, expiresAt }`, written with `expireIn`. Because `expireIn`
 * is only the earliest time KV may delete a key, reads also check
 * `expiresAt`.
 *
 * An attempt takes its slot *before* the password is checked
 * ({@linkcode LoginThrottle.begin}), in one atomic commit on both
 * counters; a success gives it back ({@linkcode LoginThrottle.succeeded}).
 * Counting only after a failure would let a burst of parallel guesses all
 * pass the check before any of them is counted.
 *
 * Unknown usernames are counted like real ones, so the limit itself does
 * not reveal which accounts exist.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
 * @module
 */

/** Options of {@linkcode LoginThrottle}. All optional. */
export interface LoginThrottleOptions {
  /** Failures allowed per username in one window. @default 5 */
  maxPerUsername?: number;
  /** Failures allowed per client address in one window. @default 20 */
  maxPerAddress?: number;
  /** Window length in seconds, from the first failure. @default 900 */
  windowSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

/** What {@linkcode LoginThrottle.begin} decided. */
export type ThrottleDecision =
  | { allowed: true }
  | {
    allowed: false;
    /** Whole seconds until another attempt can be made. */
    retryAfter: number;
  };

/** A counter as stored. */
interface Counter {
  count: number;
  /** Epoch ms when the window ends. */
  expiresAt: number;
}

type Scope = "username" | "address";

const PREFIX = "login_failures";
// Contended commits retry this often before the attempt is refused.
const MAX_ROUNDS = 16;
// Returning a slot after a successful login retries longer (~5 s at most).
const RETURN_ROUNDS = 64;

// Without a pause between rounds, a few logins from one address (an
// office behind one NAT, or several app processes) that retry in lockstep
// used all rounds within a millisecond and were refused as if throttled
// (429), although every password was right. Jitter spreads them out.
function backoff(round: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** round, 100);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isCounter(value: unknown): value is Counter {
  return typeof value === "object" && value !== null &&
    "count" in value && Number.isSafeInteger(value.count) &&
    "expiresAt" in value && typeof value.expiresAt === "number";
}

/** Per-username and per-address limits on failed logins. */
export class LoginThrottle {
  #kv: Deno.Kv;
  #maxPerUsername: number;
  #maxPerAddress: number;
  #windowMs: number;
  #now: () => number;

  /**
   * @param kv The database.
   * @param options Limits, window and clock.
   * @example
   * ```ts
   * const throttle = new LoginThrottle(kv, { maxPerUsername: 5 });
   * ```
   */
  constructor(kv: Deno.Kv, options: LoginThrottleOptions = {}) {
    this.#kv = kv;
    this.#maxPerUsername = positive(
      "maxPerUsername",
      options.maxPerUsername ?? 5,
    );
    this.#maxPerAddress = positive(
      "maxPerAddress",
      options.maxPerAddress ?? 20,
    );
    this.#windowMs = positive("windowSeconds", options.windowSeconds ?? 900) *
      1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes one attempt's slot on both counters, or refuses when either is
   * used up. Call it before checking the password.
   *
   * @param username The normalized username, or null when the input is
   *   not a possible username (only the address is counted then).
   * @param address The client address.
   * @example
   * ```ts
   * const decision = await throttle.begin(username, address);
   * if (!decision.allowed) return tooMany(decision.retryAfter);
   * ```
   */
  async begin(
    username: string | null,
    address: string,
  ): Promise<ThrottleDecision> {
    const scopes: [Scope, string, number][] = [
      ["address", address, this.#maxPerAddress],
    ];
    if (username !== null) {
      scopes.push(["username", username, this.#maxPerUsername]);
    }
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.#now();
      const entries = await this.#kv.getMany(
        scopes.map(([scope, id]) => key(scope, id)),
      );
      let retryAfter = 0;
      const op = this.#kv.atomic();
      entries.forEach((entry, i) => {
        const max = scopes[i][2];
        const live = isCounter(entry.value) && entry.value.expiresAt > now
          ? entry.value
          : null;
        if (live && live.count >= max) {
          retryAfter = Math.max(
            retryAfter,
            Math.ceil((live.expiresAt - now) / 1000),
          );
        }
        const next: Counter = live
          ? { count: live.count + 1, expiresAt: live.expiresAt }
          : { count: 1, expiresAt: now + this.#windowMs };
        op.check(entry).set(entry.key, next, {
          expireIn: next.expiresAt - now,
        });
      });
      if (retryAfter > 0) return { allowed: false, retryAfter };
      if ((await op.commit()).ok) return { allowed: true };
      await backoff(round);
    }
    // Under that much contention, refusing is the safe answer.
    return { allowed: false, retryAfter: 1 };
  }

  /**
   * Records a successful login: clears the username's counter and gives
   * the address back the slot {@linkcode begin} took.
   *
   * @param username As passed to `begin`.
   * @param address As passed to `begin`.
   */
  async succeeded(username: string | null, address: string): Promise<void> {
    if (username !== null) await this.#kv.delete(key("username", username));
    // Giving the slot back must not give up early: each slot not returned
    // counts as a failure for the rest of the window, and under load from
    // one address (found with four `deno serve` workers and 32 shoppers
    // behind 127.0.0.1) the leaked slots added up to the limit and locked
    // every user of that address out for 15 minutes.
    for (let round = 0; round < RETURN_ROUNDS; round++) {
      const now = this.#now();
      const entry = await this.#kv.get(key("address", address));
      if (!isCounter(entry.value) || entry.value.expiresAt <= now) return;
      const op = this.#kv.atomic().check(entry);
      if (entry.value.count <= 1) op.delete(entry.key);
      else {
        op.set(entry.key, {
          count: entry.value.count - 1,
          expiresAt: entry.value.expiresAt,
        }, { expireIn: entry.value.expiresAt - now });
      }
      if ((await op.commit()).ok) return;
      await backoff(round);
    }
  }

  /**
   * Failures counted for a username or address in the current window:
   * for tests and an admin view.
   */
  async failures(scope: Scope, id: string): Promise<number> {
    const entry = await this.#kv.get(key(scope, id));
    return isCounter(entry.value) && entry.value.expiresAt > this.#now()
      ? entry.value.count
      : 0;
  }
}

function key(scope: Scope, id: string): Deno.KvKey {
  return [PREFIX, scope, id];
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `LoginThrottle option ${name} must be a positive whole number, got ${
        String(value)
      }.`,
    );
  }
  return value;
}
