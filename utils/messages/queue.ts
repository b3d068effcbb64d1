/**
 * The pending queue as a pure value: appending with de-duplication, the
 * cap and the TTL; removing what a page rendered; carrying messages over a
 * session flush. Every function takes a list and returns a new one, so the
 * session can replay them on a fresher value when another request saved
 * first (`session.update`).
 *
 * @module
 */
import { sameMessageKey, type StoredMessage } from "./message.ts";

/** What the queue functions need to know besides the list. */
export interface QueuePolicy {
  /** Most messages kept; the oldest are dropped beyond it. */
  maxPending: number;
  /** Age in ms after which a message is dropped unseen. */
  ttlMs: number;
  /** The current time, epoch ms. */
  now: number;
}

/** A new list, and the messages that fell off because of the cap. */
export interface QueueResult {
  messages: StoredMessage[];
  dropped: StoredMessage[];
}

/**
 * Whether `message` is younger than the TTL at `now`, and not dated more
 * than a TTL ahead of it.
 *
 * @param message A stored message.
 * @param policy `ttlMs` and `now`.
 */
export function isFresh(
  message: StoredMessage,
  policy: Pick<QueuePolicy, "ttlMs" | "now">,
): boolean {
  const age = policy.now - message.createdAt;
  // Dated more than a TTL ahead: no clock that queued it can be that wrong,
  // and such a message would otherwise never expire (nor leave its tab).
  return age < policy.ttlMs && age > -policy.ttlMs;
}

/**
 * Splits a list into the messages to show and the duplicates they hide.
 * Of messages with the same level and text, the newest one is kept.
 *
 * @param list Stored messages, oldest first.
 */
export function dedupe(
  list: readonly StoredMessage[],
): { shown: StoredMessage[]; hidden: StoredMessage[] } {
  const last = new Map<string, StoredMessage>();
  for (const message of list) last.set(sameMessageKey(message), message);
  const shown: StoredMessage[] = [];
  const hidden: StoredMessage[] = [];
  for (const message of list) {
    (last.get(sameMessageKey(message)) === message ? shown : hidden).push(
      message,
    );
  }
  return { shown, hidden };
}

function cap(list: StoredMessage[], maxPending: number): QueueResult {
  const excess = list.length - maxPending;
  if (excess <= 0) return { messages: list, dropped: [] };
  return { messages: list.slice(excess), dropped: list.slice(0, excess) };
}

/**
 * Appends `message`. Expired messages go first; an identical pending
 * message (same level and text) is replaced by the new one, which moves to
 * the end, so a repeated action re-announces itself once; then the oldest
 * messages beyond the cap are dropped.
 *
 * @param list The current queue.
 * @param message The new message.
 * @param policy Cap, TTL and time.
 * @example
 * ```ts
 * const { messages } = appendMessage(queue, message, policy);
 * ```
 */
export function appendMessage(
  list: readonly StoredMessage[],
  message: StoredMessage,
  policy: QueuePolicy,
): QueueResult {
  const key = sameMessageKey(message);
  const kept = list.filter((m) =>
    isFresh(m, policy) && m.id !== message.id && sameMessageKey(m) !== key
  );
  kept.push(message);
  return cap(kept, policy.maxPending);
}

/**
 * Removes the messages whose ids are in `ids`, and expired ones.
 *
 * @param list The current queue.
 * @param ids Ids a page rendered (or a JSON answer carried).
 * @param policy TTL and time.
 */
export function removeMessages(
  list: readonly StoredMessage[],
  ids: ReadonlySet<string>,
  policy: Pick<QueuePolicy, "ttlMs" | "now">,
): StoredMessage[] {
  return list.filter((m) => !ids.has(m.id) && isFresh(m, policy));
}

/**
 * The messages of `list` meant for `userId`: its own and those added for
 * an anonymous visitor (which follow the visitor into a sign-in). Another
 * user's messages never show, and are dropped at the next write: a request
 * of a signed-out user that finishes after the sign-out can leave them in
 * the browser's next session.
 *
 * @param list The stored queue.
 * @param userId The session's signed-in user, if any.
 */
export function visibleTo(
  list: readonly StoredMessage[],
  userId: string | undefined,
): StoredMessage[] {
  return list.filter((m) => m.userId === undefined || m.userId === userId);
}

/**
 * Puts back `carried` messages the list lacks (by id, or by level and
 * text), keeping the order in which they were added. Used after the
 * session was flushed, which drops the data messages live in.
 *
 * @param list The current queue (messages added after the flush).
 * @param carried Messages pending before the flush.
 * @param policy Cap, TTL and time.
 */
export function mergeMissing(
  list: readonly StoredMessage[],
  carried: readonly StoredMessage[],
  policy: QueuePolicy,
): QueueResult {
  const missing = missingFrom(list, carried, policy);
  // Array.prototype.sort is stable: equal times keep their order.
  const merged = [...missing, ...list].sort((a, b) =>
    a.createdAt - b.createdAt
  );
  return cap(merged, policy.maxPending);
}

/**
 * The messages of `carried` that `list` lacks (by id, or by level and
 * text) and that are still fresh, one per level and text: what
 * {@linkcode mergeMissing} would put back.
 *
 * @param list The current queue.
 * @param carried Messages pending before a flush.
 * @param policy TTL and time.
 */
export function missingFrom(
  list: readonly StoredMessage[],
  carried: readonly StoredMessage[],
  policy: Pick<QueuePolicy, "ttlMs" | "now">,
): StoredMessage[] {
  const ids = new Set(list.map((m) => m.id));
  const keys = new Set(list.map(sameMessageKey));
  // Of carried duplicates, the newest stands for them all.
  return dedupe(carried).shown.filter((m) =>
    !ids.has(m.id) && !keys.has(sameMessageKey(m)) && isFresh(m, policy)
  );
}
