/**
 * Validation of the whole-number options that the app's middleware, the
 * session and messages libraries and the limiters take (counts, sizes,
 * seconds), so that a bad value stops the app at start-up with a message
 * naming the option.
 *
 * @module
 */

/** How the error message describes the option's unit and bound. */
export interface PositiveOptionWording {
  /** The unit the value is in, such as `"seconds"`. */
  unit?: string;
  /** Why `max` is the bound, such as the limit of what stores it. */
  why?: string;
}

/**
 * Returns `value` when it is a whole number above zero; throws otherwise.
 *
 * @param owner What takes the option, as the message should name it.
 * @param name The option's name.
 * @param value The value given, or its default.
 * @param max The largest value that can work, if there is one (such as a
 *   window that becomes a KV expiry).
 * @param wording The unit and the reason for `max`, for the message.
 * @example
 * ```ts
 * const max = positiveOption("SignupLimit", "maxPerAddress", options.maxPerAddress ?? 10);
 * ```
 */
export function positiveOption(
  owner: string,
  name: string,
  value: unknown,
  max: number = Number.MAX_SAFE_INTEGER,
  wording: PositiveOptionWording = {},
): number {
  const unit = wording.unit ? ` ${wording.unit}` : "";
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `${owner} option ${name} must be a positive whole number${
        unit ? ` of${unit}` : ""
      }, got ${String(value)}.`,
    );
  }
  if (value > max) {
    const why = wording.why ? ` (${wording.why})` : "";
    throw new TypeError(
      `${owner} option ${name} must be at most ${max}${unit}${why}, got ${value}.`,
    );
  }
  return value;
}

/**
 * The latest instant, in epoch ms, Deno KV stores as an expiry (the end of
 * year 262143); reaching past it fails with "expireIn is too large".
 */
export const KV_LATEST_EXPIRY = 8_210_266_876_799_999;

/**
 * The longest window, in seconds, that Deno KV can store as an expiry from
 * `now`.
 *
 * @param now Epoch ms.
 */
export function maxKvExpirySeconds(now: number = Date.now()): number {
  return Math.floor((KV_LATEST_EXPIRY - now) / 1000);
}
