/**
 * How long a limited visitor should wait, as the limit messages say it.
 *
 * @param seconds A `Retry-After` value.
 * @example
 * ```ts
 * waitInMinutes(61); // "2 minutes"
 * ```
 */
export function waitInMinutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return m === 1 ? "a minute" : `${m} minutes`;
}
