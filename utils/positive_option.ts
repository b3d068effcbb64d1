/**
 * Validation of the whole-number options that the app's own middleware
 * and limiters take (counts, sizes, seconds), so that a bad value stops the
 * app at start-up with a message naming the option.
 *
 * @module
 */

/**
 * Returns `value` when it is a whole number above zero; throws otherwise.
 *
 * @param owner What takes the option, as the message should name it.
 * @param name The option's name.
 * @param value The value given, or its default.
 * @example
 * ```ts
 * const max = positiveOption("SignupLimit", "maxPerAddress", options.maxPerAddress ?? 10);
 * ```
 */
export function positiveOption(
  owner: string,
  name: string,
  value: number,
): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(
      `${owner} option ${name} must be a positive whole number, got ${
        String(value)
      }.`,
    );
  }
  return value;
}
