/**
 * Limits password guessing: at most `maxPerUsername` failed logins per
 * username and `maxPerAddress` per client address within a sliding window
 * (by default 5 and 20 per 15 minutes). Each attempt is an entry of an
 * {@linkcode AttemptLog} under
 *
 * - `["login_attempts", "username", username, ...]`
 * - `["login_attempts", "address", address, ...]`
 *
 * and counts for the window's length from when it was made.
 *
 * An attempt takes its slot *before* the password is checked
 * ({@linkcode LoginThrottle.begin}); a success gives it back
 * ({@linkcode LoginThrottle.succeeded}), so only failures stay counted.
 * Counting only after a failure would let a burst of parallel guesses all
 * pass the check before any of them is counted. The price: attempts still
 * in flight count too, so more than `maxPerAddress` simultaneous logins
 * from one address (some 60 a second, given the password hashing time)
 * would see refusals even with right passwords.
 *
 * Unknown usernames are counted like real ones, so the limit itself does
 * not reveal which accounts exist.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks
 * @module
 */
import {
  type AttemptDecision,
  type AttemptLimit,
  AttemptLog,
  type AttemptSlot,
} from "./attempt_log.ts";
import { maxKvExpirySeconds, positiveOption } from "../positive_option.ts";

export type { AttemptSlot };

/** Options of {@linkcode LoginThrottle}. All optional. */
export interface LoginThrottleOptions {
  /** Failures allowed per username in one window. @default 5 */
  maxPerUsername?: number;
  /** Failures allowed per client address in one window. @default 20 */
  maxPerAddress?: number;
  /** How long a failure counts, in seconds. @default 900 */
  windowSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

/**
 * What {@linkcode LoginThrottle.begin} decided: a slot to give back on
 * success, or the seconds to wait.
 */
export type ThrottleDecision = AttemptDecision;

type Scope = "username" | "address";

const PREFIX = "login_attempts";

/** Per-username and per-address limits on failed logins. */
export class LoginThrottle {
  #log: AttemptLog;
  #maxPerUsername: number;
  #maxPerAddress: number;

  /**
   * @param kv The database.
   * @param options Limits, window and clock.
   * @example
   * ```ts
   * const throttle = new LoginThrottle(kv, { maxPerUsername: 5 });
   * ```
   */
  constructor(kv: Deno.Kv, options: LoginThrottleOptions = {}) {
    this.#maxPerUsername = positiveOption(
      "LoginThrottle",
      "maxPerUsername",
      options.maxPerUsername ?? 5,
    );
    this.#maxPerAddress = positiveOption(
      "LoginThrottle",
      "maxPerAddress",
      options.maxPerAddress ?? 20,
    );
    const windowMs = positiveOption(
      "LoginThrottle",
      "windowSeconds",
      options.windowSeconds ?? 900,
      maxKvExpirySeconds(),
    ) *
      1000;
    this.#log = new AttemptLog(kv, windowMs, options.now ?? Date.now);
  }

  /**
   * Takes one attempt's slot on both limits, or refuses when either is
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
  begin(username: string | null, address: string): Promise<ThrottleDecision> {
    const limits: AttemptLimit[] = [
      { prefix: prefix("address", address), max: this.#maxPerAddress },
    ];
    if (username !== null) {
      limits.push({
        prefix: prefix("username", username),
        max: this.#maxPerUsername,
      });
    }
    return this.#log.take(limits);
  }

  /**
   * Records a successful login: gives back the slot {@linkcode begin}
   * took and clears the username's failures.
   *
   * @param username As passed to `begin`.
   * @param slot The slot `begin` returned.
   */
  async succeeded(username: string | null, slot: AttemptSlot): Promise<void> {
    await this.#log.release(slot);
    if (username !== null) await this.#log.clear(prefix("username", username));
  }

  /**
   * Failures counted for a username or address in the current window:
   * for tests and an admin view.
   */
  failures(scope: Scope, id: string): Promise<number> {
    return this.#log.count(prefix(scope, id));
  }
}

function prefix(scope: Scope, id: string): Deno.KvKey {
  return [PREFIX, scope, id];
}
