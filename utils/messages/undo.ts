/**
 * "Undo" for a message: a record of what an action removed, kept in the
 * session beside the message, and a {@linkcode MessageAction} that posts
 * its id back. The record can be taken once, and only while a message of
 * the same age would still be shown (the messages TTL).
 *
 * Taking is safe under concurrent requests. The session replays a
 * request's changes when another request saved first, so a restore must
 * not be applied blindly: {@linkcode takeUndo} returns `claimed()`, which
 * says, on each (re)play, whether this request's removal of the record
 * found it there. A restore written as
 * `session.update(key, (v) => taken.claimed() ? restore(v) : v)` after
 * `takeUndo` therefore runs exactly once across racing requests.
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
  /**
   * Whether this request's removal of the record found it, in the latest
   * (re)play of the session's changes: apply the restore only then.
   */
  claimed(): boolean;
}

/**
 * Takes the undo record `id` out of the session, once. Unknown, used and
 * expired ids give `undefined`.
 *
 * @param session The request's session.
 * @param id The `undo` field the button posted.
 * @param now Epoch ms now.
 */
export function takeUndo(
  session: Session,
  id: string,
  now: number,
): TakenUndo | undefined {
  if (typeof id !== "string" || id === "") return undefined;
  const found = records(session.get(UNDO_KEY)).find((r) =>
    r.id === id && r.expiresAt > now
  );
  if (!found) return undefined;
  let claimed = false;
  session.update<JsonValue>(UNDO_KEY, (current) => {
    const list = records(current);
    claimed = list.some((r) => r.id === id && r.expiresAt > now);
    return list.filter((r) => r.id !== id && r.expiresAt > now);
  }, []);
  return { kind: found.kind, data: found.data, claimed: () => claimed };
}
