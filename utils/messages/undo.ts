/**
 * "Undo" for a message: a record of what an action removed, kept in the
 * session beside the message, and a {@linkcode MessageAction} that posts
 * its id back. The record can be taken once, and only while a message of
 * the same age would still be shown (the messages TTL).
 *
 * Taking is safe under concurrent requests. The session replays a
 * request's changes when another request saved first; {@linkcode takeUndo}
 * removes the record and applies the session side of the restore in one
 * `session.updateMany`, which on a replay finds the record gone and changes
 * nothing. So a restore happens once across racing requests.
 *
 * @module
 */
import type { JsonValue, Session } from "../session/mod.ts";
import type { MessageAction } from "./action.ts";

/** The session key the undo records live under. */
export const UNDO_KEY = "_undo";

/** The path the shop's undo button posts to. */
export const DEFAULT_UNDO_PATH = "/undo";

/** Most undo records kept per session; older ones are dropped first. */
export const MAX_UNDO_RECORDS = 10;

type UndoRecord = {
  id: string;
  kind: string;
  data: JsonValue;
  expiresAt: number;
};

function isUndoRecord(value: unknown): value is UndoRecord {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.id === "string" && r.id !== "" &&
    typeof r.kind === "string" && "data" in r &&
    typeof r.expiresAt === "number" && Number.isFinite(r.expiresAt);
}

function records(value: unknown): UndoRecord[] {
  return Array.isArray(value) ? value.filter(isUndoRecord) : [];
}

/** Options of {@linkcode offerUndo}. */
export interface OfferUndoOptions {
  /** Epoch ms now. */
  now: number;
  /** How long the undo stays valid: the messages TTL. */
  ttlMs: number;
  /** @default "/undo" */
  path?: string;
  /** @default "Undo" */
  label?: string;
}

/**
 * Records `data` for a later restore of kind `kind`, and returns the
 * action to attach to the message that reports the removal.
 *
 * @param session The request's session.
 * @param kind Names the restore, e.g. `"cart-line"`.
 * @param data What the restore needs, as JSON.
 * @example
 * ```ts
 * const action = offerUndo(session, "cart-line", line, { now, ttlMs });
 * messages.success(ctx, "Removed Mug from your cart.", { action });
 * ```
 */
export function offerUndo(
  session: Session,
  kind: string,
  data: JsonValue,
  options: OfferUndoOptions,
): MessageAction {
  const record: UndoRecord = {
    id: crypto.randomUUID(),
    kind,
    data,
    expiresAt: options.now + options.ttlMs,
  };
  session.update<JsonValue>(UNDO_KEY, (current) => {
    const live = records(current).filter((r) => r.expiresAt > options.now);
    return [...live, record].slice(-MAX_UNDO_RECORDS);
  }, []);
  return {
    label: options.label ?? "Undo",
    action: options.path ?? DEFAULT_UNDO_PATH,
    fields: { undo: record.id },
  };
}

/** An undo record that {@linkcode takeUndo} took. */
export interface TakenUndo {
  kind: string;
  data: JsonValue;
}

/**
 * Session keys that a restore changes together with taking the record:
 * `apply` gets their current values and the record's data, and returns
 * the changes (as `session.updateMany` does). It runs again, on fresher
 * values, if a concurrent save forces a replay, and only while the record
 * is still there, so the restore happens once.
 */
export interface UndoRestore {
  keys: readonly string[];
  apply(
    current: Record<string, JsonValue | undefined>,
    data: JsonValue,
  ): Record<string, JsonValue | undefined>;
}

/**
 * The undo record `id`, without taking it: `undefined` for unknown, used
 * and expired ids.
 *
 * @param session The request's session.
 * @param id The `undo` field the button posted.
 * @param now Epoch ms now.
 */
export function findUndo(
  session: Session,
  id: string,
  now: number,
): TakenUndo | undefined {
  if (typeof id !== "string" || id === "") return undefined;
  const found = records(session.get(UNDO_KEY)).find((r) =>
    r.id === id && r.expiresAt > now
  );
  return found && { kind: found.kind, data: found.data };
}

/**
 * Takes the undo record `id` out of the session, once, together with the
 * session side of its restore. Unknown, used and expired ids give
 * `undefined` and change nothing.
 *
 * @param session The request's session.
 * @param id The `undo` field the button posted.
 * @param now Epoch ms now.
 * @param restore The session keys the restore changes, if any.
 * @example
 * ```ts
 * takeUndo(session, id, Date.now(), {
 *   keys: ["cart"],
 *   apply: (current, lines) => ({ cart: merge(current.cart, lines) }),
 * });
 * ```
 */
export function takeUndo(
  session: Session,
  id: string,
  now: number,
  restore?: UndoRestore,
): TakenUndo | undefined {
  const found = findUndo(session, id, now);
  if (!found) return undefined;
  const keys = restore?.keys.filter((key) => key !== UNDO_KEY) ?? [];
  session.updateMany([UNDO_KEY, ...keys], (current) => {
    const list = records(current[UNDO_KEY]);
    const record = list.find((r) => r.id === id && r.expiresAt > now);
    // Taken by a request that saved first: this replay restores nothing.
    if (!record) return {};
    const changes = restore ? restore.apply(current, record.data) : {};
    return {
      ...changes,
      [UNDO_KEY]: list.filter((r) => r.id !== id && r.expiresAt > now),
    };
  });
  return found;
}
