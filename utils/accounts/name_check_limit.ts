/**
 * Limits how many usernames one client address can check through sign-up.
 * Sign-up has to say "that username is taken", so without a limit it tells
 * anyone which accounts exist, as fast as they can ask.
 *
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#authentication-and-error-messages
 * @module
 */
import {
  type AttemptDecision,
  AttemptLog,
  type AttemptSlot,
} from "./attempt_log.ts";
import { maxKvExpirySeconds, positiveOption } from "../positive_option.ts";

/** Options of {@linkcode NameCheckLimit}. All optional. */
export interface NameCheckLimitOptions {
  /** Name checks answered per client address in one window. @default 20 */
  maxPerAddress?: number;
  /** How long a check counts, in seconds. @default 900 */
  windowSeconds?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

const PREFIX = "signup_name_checks";

/**
 * Per-address limit on the username checks sign-up answers: by default 20
 * answers per 15 minutes, what the login throttle allows failed sign-ins
 * per address.
 *
 * A check takes its slot *before* the name is looked up, so the answer of a
 * refused check (429) is the same for taken and free names, and a parallel
 * burst cannot pass before any of it is counted. A check that ends in a new
 * account gives its slot back; one that answers "taken", or fails on
 * another field (which tells that the name is free), stays counted for the
 * window. Each check is an entry of an {@linkcode AttemptLog} under
 * `["signup_name_checks", address, ...]`.
 */
export class NameCheckLimit {
  #log: AttemptLog;
  #max: number;

  /**
   * @param kv The database.
   * @param options Limit, window and clock.
   * @example
   * ```ts
   * const limit = new NameCheckLimit(kv, { maxPerAddress: 20 });
   * ```
   */
  constructor(kv: Deno.Kv, options: NameCheckLimitOptions = {}) {
    this.#max = positiveOption(
      "NameCheckLimit",
      "maxPerAddress",
      options.maxPerAddress ?? 20,
    );
    const windowMs = positiveOption(
      "NameCheckLimit",
      "windowSeconds",
      options.windowSeconds ?? 900,
      maxKvExpirySeconds(),
    ) * 1000;
    this.#log = new AttemptLog(kv, windowMs, options.now ?? Date.now);
  }

  /**
   * Takes one check's slot for `address`, or refuses when the window's
   * slots are used up. Call it before looking the name up.
   *
   * @param address The client address.
   * @example
   * ```ts
   * const decision = await nameCheckLimit.begin(address);
   * if (!decision.allowed) return tooMany(decision.retryAfter);
   * ```
   */
  begin(address: string): Promise<AttemptDecision> {
    return this.#log.take([{ prefix: [PREFIX, address], max: this.#max }]);
  }

  /** Gives a check's slot back: it ended in a new account. */
  succeeded(slot: AttemptSlot): Promise<void> {
    return this.#log.release(slot);
  }

  /** Checks counted for `address` in the current window: for tests. */
  count(address: string): Promise<number> {
    return this.#log.count([PREFIX, address]);
  }
}
