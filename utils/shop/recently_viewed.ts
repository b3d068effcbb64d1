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

import { PRODUCT_ID } from "./catalog.ts";

export const RECENT_KEY = "recent";

/** How many products the strip shows. */
export const MAX_RECENT = 5;

/**
 * Reads the list from session data as {@linkcode recordView} keeps it:
 * product ids only, each once, at most {@linkcode MAX_RECENT}. A list that
 * older code or a bad write left longer, or with repeats, reads the same
 * way, so the strip never shows a product twice or more than five.
 */
export function toRecent(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const ids = new Set<string>();
  for (const id of value) {
    if (ids.size === MAX_RECENT) break;
    if (typeof id === "string" && PRODUCT_ID.test(id)) ids.add(id);
  }
  return [...ids];
}

/** Puts `id` first, without duplicates, keeping at most `MAX_RECENT`. */
export function recordView(recent: string[], id: string): string[] {
  return [id, ...recent.filter((seen) => seen !== id)].slice(0, MAX_RECENT);
}
