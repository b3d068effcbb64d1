/**
 * The note beside the "Keep me signed in" box: what leaving it unticked
 * means, in the terms the session options set, so that an operator's
 * `SESSION_BROWSER_IDLE_TIMEOUT` or `SESSION_PERSISTENT=false` is what the
 * visitor reads.
 *
 * @module
 */
import type { ResolvedSessionOptions } from "../session/options.ts";

/**
 * A whole number of days, hours or minutes (rounded up), as words.
 *
 * @example
 * ```ts
 * durationText(43200); // "12 hours"
 * ```
 */
export function durationText(seconds: number): string {
  const [count, unit] = seconds % 86400 === 0
    ? [seconds / 86400, "day"]
    : seconds % 3600 === 0
    ? [seconds / 3600, "hour"]
    : [Math.max(1, Math.ceil(seconds / 60)), "minute"];
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/**
 * The note, in parentheses. Under `persistent: false` no cookie outlives
 * the browser, ticked or not (`session.keepSignedIn`), and the note says so.
 *
 * @example
 * ```ts
 * keepSignedInNote({ browserIdleTimeout: 43200, persistent: true });
 * // "(otherwise until you close the browser, or 12 hours of inactivity)"
 * ```
 */
export function keepSignedInNote(
  options: Pick<ResolvedSessionOptions, "browserIdleTimeout" | "persistent">,
): string {
  const idle = durationText(options.browserIdleTimeout);
  return options.persistent
    ? `(otherwise until you close the browser, or ${idle} of inactivity)`
    : `(until you close the browser either way; otherwise also after ${idle} of inactivity)`;
}
