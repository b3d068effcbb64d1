/**
 * The record stored for one session, and the rules read off it: whether it
 * is still alive, and when a request refreshes its idle timeout (a touch).
 *
 * @module
 */
import type { ResolvedSessionOptions } from "./options.ts";

/** What is kept server-side for one session, under `["sessions", hash]`. */
export interface SessionRecord {
  /** Format version, so a later format can migrate or refuse old records. */
  v: 1;
  /** The session data as JSON object text (see json.ts for why text). */
  data: string;
  /** Epoch ms when the session (or the login that started it) began. */
  createdAt: number;
  /** Epoch ms of the last write or touch. */
  lastActiveAt: number;
  /** Epoch ms after which the session is dead however active it is. */
  absoluteExpiresAt: number;
  /**
   * Epoch ms when the session expires:
   * `min(lastActiveAt + idleTimeout, absoluteExpiresAt)`. Checked on every
   * read, because KV's `expireIn` only bounds the earliest deletion.
   */
  expiresAt: number;
  /** Idle timeout of this session in seconds (`setExpiry` can change it). */
  idleTimeout: number;
  /** Whether the cookie carries `Max-Age` (false: browser-session cookie). */
  persistent: boolean;
  /** Public reference for the "active sessions" list. Not a secret. */
  ref: string;
  /** The signed-in user, if any. */
  userId?: string;
  /** "Chrome on Linux"-style summary captured when the session began. */
  userAgent: string;
  /**
   * Started by a request without a live session cookie, and not presented
   * again since: `expiresAt` is the short provisional window. Absent once
   * the browser has sent the cookie back.
   */
  provisional?: true;
}

/** A touch refreshes the idle timeout at most once per this fraction of it. */
export const TOUCH_FRACTION = 10;

/**
 * Tells whether a stored record is still alive at `now` under `options`.
 * The record's own `expiresAt` is authoritative; the configured absolute
 * lifetime is checked as well so that shortening it applies at once.
 *
 * @param record The stored record.
 * @param now Epoch ms.
 * @param options Resolved options.
 */
export function isRecordAlive(
  record: SessionRecord,
  now: number,
  options: Pick<ResolvedSessionOptions, "absoluteTimeout">,
): boolean {
  return now < record.expiresAt && now < record.absoluteExpiresAt &&
    now < record.lastActiveAt + record.idleTimeout * 1000 &&
    now < record.createdAt + options.absoluteTimeout * 1000;
}

/**
 * Tells whether a request that changed nothing should still refresh the
 * record's idle timeout: at most once per `1 / TOUCH_FRACTION` of it, so
 * that reading a session rarely writes.
 *
 * @param record The loaded record.
 * @param now Epoch ms.
 */
export function isTouchDue(record: SessionRecord, now: number): boolean {
  // The browser presented the cookie of a provisional session: it is
  // kept, so it gets the full idle timeout now.
  if (record.provisional) return true;
  const interval = (record.idleTimeout * 1000) / TOUCH_FRACTION;
  return now - record.lastActiveAt >= interval;
}

/**
 * The record a touch at `now` writes: active now, expiring one idle timeout
 * later (never past the absolute expiry), and no longer provisional.
 *
 * @param record The loaded record.
 * @param now Epoch ms.
 */
export function touchedRecord(
  record: SessionRecord,
  now: number,
): SessionRecord {
  const { provisional: _, ...kept } = record;
  return {
    ...kept,
    lastActiveAt: now,
    expiresAt: Math.min(
      now + record.idleTimeout * 1000,
      record.absoluteExpiresAt,
    ),
  };
}
