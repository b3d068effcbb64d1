/**
 * Classifies errors thrown by Deno KV calls. Kept apart from `db.ts`, which
 * opens the database when imported, so that pure code can use it.
 *
 * @module
 */

/**
 * Tells whether an error thrown by a KV call means "the database cannot be
 * used right now" rather than a bug: SQLite's busy signal ("database is
 * locked", after its own 5 s wait for a lock another process holds), a
 * read-only or full disk, or an I/O error. Such a request deserves a 503
 * with `Retry-After`, not a 500: nothing is wrong with the request, and the
 * same request succeeds once the database is back, with no restart.
 *
 * @param error Anything caught.
 * @example
 * ```ts
 * isKvUnavailableError(new TypeError("database is locked")); // true
 * ```
 */
export function isKvUnavailableError(error: unknown): boolean {
  return error instanceof Error &&
    /database (?:is )?(?:locked|busy)|readonly database|disk I\/O error|database or disk is full|unable to open database/i
      .test(error.message);
}

/**
 * Tells whether a KV error is SQLite's busy signal. Under contention from
 * another process (or another `deno serve --parallel` worker) on the same
 * file, a write transaction that finds the database changed since it
 * started gets "database is locked" at once, without SQLite's busy wait,
 * so retrying the whole operation is what resolves it.
 *
 * @param error Anything caught.
 */
export function isKvLockedError(error: unknown): boolean {
  return error instanceof Error &&
    /database (?:is )?(?:locked|busy)/i.test(error.message);
}
