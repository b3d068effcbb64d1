/**
 * Limits account creation per client address: each sign-up costs a
 * 600,000-iteration PBKDF2 and a new account, so without a limit one client
 * can burn CPU and fill the database at will.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
 * @module
 */
import { type AttemptDecision, AttemptLog } from "./attempt_log.ts";
import { maxKvExpirySeconds, positiveOption } from "../positive_option.ts";

/** Options of {@linkcode SignupLimit}. All optional. */
export interface SignupLimitOptions {
  /** Sign-ups allowed per client address in one window. @default 10 */
  maxPerAddress?: number;
  /** How long a sign-up counts, in seconds. @default 3600 */
  windowSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

const PREFIX = "signup_attempts";

/**
 * Per-address limit on sign-ups: at most `maxPerAddress` sign-ups that
 * reach password hashing within a sliding window (by default 10 per hour).
 *
 * Each sign-up is an entry of an {@linkcode AttemptLog} under
 * `["signup_attempts", address, ...]`, taken *before* hashing so that a
 * burst of parallel sign-ups cannot all pass the check before any is
 * counted. It is not given back: an account was made, or a race for the
 * name lost.
 */
export class SignupLimit {
  #log: AttemptLog;
  #max: number;

  /**
   * @param kv The database.
   * @param options Limit, window and clock.
   * @example
   * ```ts
   * const limit = new SignupLimit(kv, { maxPerAddress: 10 });
   * ```
   */
  constructor(kv: Deno.Kv, options: SignupLimitOptions = {}) {
    this.#max = positiveOption(
      "SignupLimit",
      "maxPerAddress",
      options.maxPerAddress ?? 10,
    );
    const windowMs = positiveOption(
      "SignupLimit",
      "windowSeconds",
      options.windowSeconds ?? 3600,
      maxKvExpirySeconds(),
    ) *
      1000;
    this.#log = new AttemptLog(kv, windowMs, options.now ?? Date.now);
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
  begin(address: string): Promise<AttemptDecision> {
    return this.#log.take([{ prefix: [PREFIX, address], max: this.#max }]);
  }

  /** Sign-ups counted for `address` in the current window: for tests. */
  count(address: string): Promise<number> {
    return this.#log.count([PREFIX, address]);
  }
}
