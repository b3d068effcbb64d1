/**
 * "Recently viewed": the last products a visitor opened, newest first,
 * kept in the session under `recent`.
 *
 * It starts once the visitor has a session, which the first add to the
 * cart, sign-up or sign-in begins; views before that are not recorded. A
 * plain product view therefore never creates a session: a crawler or a
 * script reading every product page leaves nothing in KV.
 *
 * @module
 */

export const RECENT_KEY = "recent";

/** How many products the strip shows. */
export const MAX_RECENT = 5;

/** Reads the list from session data, dropping anything malformed. */
export function toRecent(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((id): id is string => typeof id === "string")
    : [];
}

/** Puts `id` first, without duplicates, keeping at most `MAX_RECENT`. */
export function recordView(recent: string[], id: string): string[] {
  return [id, ...recent.filter((seen) => seen !== id)].slice(0, MAX_RECENT);
}
