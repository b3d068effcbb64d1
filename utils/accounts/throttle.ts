/**
 * Limits password guessing per username, per client address and per trusted
 * device, counting failures only, so that wrong passwords sent by others
 * never lock the owner out of their own browsers.
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
  /** Failures allowed per trusted device in one window. @default 5 */
  maxPerDevice?: number;
  /**
   * Longest wait, in ms, for attempts in flight to finish when they fill
   * the limit. @default 10000
   */
  maxWaitMs?: number;
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

/**
 * Limits on failed logins. From a browser not known to the account
 * (untrusted): at most `maxPerUsername` per username and `maxPerAddress`
 * per client address within a sliding window (by default 5 and 20 per 15
 * minutes). From a trusted device (devices.ts): at most `maxPerDevice` per
 * device (by default 5), and the username and address limits do not apply
 * (OWASP's device cookies). Each attempt is an entry of an
 * {@linkcode AttemptLog} under
 *
 * - `["login_attempts", "username", username, ...]`
 * - `["login_attempts", "address", address, ...]`
 * - `["login_attempts", "device", userId, deviceId, ...]`
 *
 * and counts for the window's length from when it was made.
 *
 * An attempt takes a pending slot *before* the password is checked
 * ({@linkcode LoginThrottle.begin}); a success gives it back
 * ({@linkcode LoginThrottle.succeeded}) and a failure settles it
 * ({@linkcode LoginThrottle.failed}): counting only after a failure would
 * let a burst of parallel guesses all pass the check before any is counted.
 * Right passwords sent at once wait for each other, never get refused
 * (attempt_log.ts). Unknown usernames are counted like real ones, so the
 * limit does not reveal which accounts exist.
 */
export class LoginThrottle {
  #log: AttemptLog;
  #maxPerUsername: number;
  #maxPerAddress: number;
  #maxPerDevice: number;

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
    this.#maxPerDevice = positiveOption(
      "LoginThrottle",
      "maxPerDevice",
      options.maxPerDevice ?? 5,
    );
    const windowMs = positiveOption(
      "LoginThrottle",
      "windowSeconds",
      options.windowSeconds ?? 900,
      maxKvExpirySeconds(),
    ) *
      1000;
    this.#log = new AttemptLog(kv, windowMs, options.now ?? Date.now, {
      maxWaitMs: options.maxWaitMs,
    });
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
    return this.#log.take(limits, { pending: true });
  }

  /**
   * Takes one attempt's slot for a trusted device of the user: only the
   * device's own limit applies. Call it before checking the password.
   *
   * @param userId The account the device is trusted for.
   * @param deviceId The device's id (devices.ts), not its cookie.
   */
  beginTrusted(userId: string, deviceId: string): Promise<ThrottleDecision> {
    return this.#log.take([
      { prefix: devicePrefix(userId, deviceId), max: this.#maxPerDevice },
    ], { pending: true });
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
   * Records a successful login from a trusted device: gives back the slot
   * {@linkcode beginTrusted} took and clears the device's failures. The
   * username's failures stay: they may be a guesser's.
   */
  async trustedSucceeded(
    userId: string,
    deviceId: string,
    slot: AttemptSlot,
  ): Promise<void> {
    await this.#log.release(slot);
    await this.#log.clear(devicePrefix(userId, deviceId));
  }

  /**
   * Records a failed login: its slot stays counted for the window.
   *
   * @param slot The slot `begin` or `beginTrusted` returned.
   */
  failed(slot: AttemptSlot): Promise<void> {
    return this.#log.settle(slot);
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

function devicePrefix(userId: string, deviceId: string): Deno.KvKey {
  return [PREFIX, "device", userId, deviceId];
}
