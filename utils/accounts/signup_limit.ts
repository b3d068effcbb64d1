/**
 * Limits account creation per client address: at most `maxPerAddress`
 * sign-ups that reach password hashing within a fixed window (by default
 * 10 per hour). Each such sign-up costs a 600,000-iteration PBKDF2 and a
 * new account, so without a limit one client can burn CPU and fill the
 * database at will.
 *
 * The counter lives in KV under `["signup_attempts", address]` as
 * `{ count, expiresAt }`, written with `expireIn`; reads also check
 * `expiresAt`, since `expireIn` is only the earliest deletion time. A slot
 * is taken *before* hashing, in an atomic check-and-set, so a burst of
 * parallel sign-ups cannot all pass the check before any is counted; it
 * is not given back (an account was made, or a race for the name lost).
 *
 * The shape is `LoginThrottle.begin`'s (throttle.ts) for one scope, and
 * it answers the same {@linkcode ThrottleDecision}; that class counts
 * login failures under its own fixed key prefix, so it is not reused
 * directly.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
 * @module
 */
import type { ThrottleDecision } from "./throttle.ts";

/** Options of {@linkcode SignupLimit}. All optional. */
export interface SignupLimitOptions {
  /** Sign-ups allowed per client address in one window. @default 10 */
  maxPerAddress?: number;
  /** Window length in seconds, from the first sign-up. @default 3600 */
  windowSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

interface Counter {
  count: number;
  /** Epoch ms when the window ends. */
  expiresAt: number;
}

const PREFIX = "signup_attempts";
// Contended commits retry this often before the sign-up is refused.
const MAX_ROUNDS = 16;

function isCounter(value: unknown): value is Counter {
  return typeof value === "object" && value !== null &&
    "count" in value && Number.isSafeInteger(value.count) &&
    "expiresAt" in value && typeof value.expiresAt === "number";
}

// Jitter, so that sign-ups retrying in lockstep spread out.
function backoff(round: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** round, 100);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Per-address limit on sign-ups. */
export class SignupLimit {
  #kv: Deno.Kv;
  #max: number;
  #windowMs: number;
  #now: () => number;

  /**
   * @param kv The database.
   * @param options Limit, window and clock.
   * @example
   * ```ts
   * const limit = new SignupLimit(kv, { maxPerAddress: 10 });
   * ```
   */
  constructor(kv: Deno.Kv, options: SignupLimitOptions = {}) {
    this.#kv = kv;
    this.#max = positive("maxPerAddress", options.maxPerAddress ?? 10);
    this.#windowMs = positive("windowSeconds", options.windowSeconds ?? 3600) *
      1000;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes one sign-up's slot for `address`, or refuses when the window's
   * slots are used up. Call it after validating the form and before
   * hashing the password.
   *
   * @param address The client address.
   * @example
   * ```ts
   * const decision = await signupLimit.begin(address);
   * if (!decision.allowed) return tooMany(decision.retryAfter);
   * ```
   */
  async begin(address: string): Promise<ThrottleDecision> {
    const key = [PREFIX, address];
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.#now();
      const entry = await this.#kv.get(key);
      const live = isCounter(entry.value) && entry.value.expiresAt > now
        ? entry.value
        : null;
      if (live && live.count >= this.#max) {
        return {
          allowed: false,
          retryAfter: Math.max(1, Math.ceil((live.expiresAt - now) / 1000)),
        };
      }
      const next: Counter = live
        ? { count: live.count + 1, expiresAt: live.expiresAt }
        : { count: 1, expiresAt: now + this.#windowMs };
      const result = await this.#kv.atomic().check(entry)
        .set(key, next, { expireIn: next.expiresAt - now }).commit();
      if (result.ok) return { allowed: true };
      await backoff(round);
    }
    // Under that much contention, refusing is the safe answer.
    return { allowed: false, retryAfter: 1 };
  }

  /** Sign-ups counted for `address` in the current window: for tests. */
  async count(address: string): Promise<number> {
    const entry = await this.#kv.get([PREFIX, address]);
    return isCounter(entry.value) && entry.value.expiresAt > this.#now()
      ? entry.value.count
      : 0;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `SignupLimit option ${name} must be a positive whole number, got ${
        String(value)
      }.`,
    );
  }
  return value;
}
