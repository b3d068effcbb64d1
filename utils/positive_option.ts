/**
 * Validation of the whole-number options that the app's own middleware
 * and limiters take (counts, sizes, seconds), so that a bad value stops the
 * app at start-up with a message naming the option.
 *
 * @module
 */
import { maxAbsoluteTimeout } from "./session/options.ts";

/**
 * Returns `value` when it is a whole number above zero; throws otherwise.
 *
 * @param owner What takes the option, as the message should name it.
 * @param name The option's name.
 * @param value The value given, or its default.
 * @param max The largest value that can work, if there is one (such as a
 *   window that becomes a KV expiry).
 * @example
 * ```ts
 * const max = positiveOption("SignupLimit", "maxPerAddress", options.maxPerAddress ?? 10);
 * ```
 */
export function positiveOption(
  owner: string,
  name: string,
  value: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `${owner} option ${name} must be a positive whole number, got ${
        String(value)
      }.`,
    );
  }
  if (value > max) {
    throw new TypeError(
      `${owner} option ${name} must be at most ${max}, got ${value}.`,
    );
  }
  return value;
}

/**
 * The longest window, in seconds, that Deno KV can store as an expiry from
 * now (its latest storable instant is the end of year 262143).
 */
export function maxKvExpirySeconds(now: number = Date.now()): number {
  return maxAbsoluteTimeout(now);
}
