/**
 * The shop's undoable removals: cart lines (one removed, or all cleared),
 * deleted posts and revoked sessions. Each removal's message carries an "Undo" button
 * (utils/messages/undo.ts) that posts to `/undo`, which {@linkcode undo}
 * carries out once.
 *
 * @module
 */
import * as messages from "./messages/mod.ts";
import type { MessageAction } from "./messages/mod.ts";
import { getUserEntry, userGuard } from "./accounts/users.ts";
import { kv } from "./kv/db.ts";
import {
  type JsonValue,
  type ParkedSession,
  restoreUserSession,
  type Session,
} from "./session/mod.ts";
import { type CartLine, mergeCarts, toCart } from "./shop/cart.ts";
import { cartKey } from "./shop/session_keys.ts";
import { isPostId } from "./posts/post.ts";
import { posts } from "./posts/store.ts";
import { getCatalog } from "./shop/store.ts";

/** What a handler passes: its context with the session and the messages. */
interface UndoContext {
  state: { session: Session; messages: messages.MessageStorage };
}

/** The kinds of removal that `/undo` restores. */
type UndoKind = "cart-lines" | "post" | "session";

function offer(ctx: UndoContext, kind: UndoKind, data: JsonValue) {
  return messages.offerUndo(ctx.state.session, kind, data, {
    now: Date.now(),
    ttlMs: ctx.state.messages.ttlMs,
  });
}

/** The "Undo" for cart lines just removed (one line, or a cleared cart). */
export function undoCartRemoval(
  ctx: UndoContext,
  lines: CartLine[],
): MessageAction {
  return offer(ctx, "cart-lines", lines.map(({ id, qty }) => ({ id, qty })));
}

/**
 * How long a deleted post stays restorable: as long as its message with
 * the "Undo" button may still be shown.
 */
export function postUndoWindowMs(ctx: UndoContext): number {
  return ctx.state.messages.ttlMs;
}

/** The "Undo" for a post just deleted with `keepForMs` (see {@linkcode postUndoWindowMs}). */
export function undoPostDeletion(ctx: UndoContext, id: string): MessageAction {
  return offer(ctx, "post", id);
}

/**
 * The "Undo" for a device just signed out from `/account/sessions`. The
 * restore is guarded by the user row as it is now, so a password change
 * (or a deletion) in between refuses it. `undefined` when the parked
 * session is too large to keep in this one.
 */
export async function undoSessionRevocation(
  ctx: UndoContext,
  parked: ParkedSession,
): Promise<MessageAction | undefined> {
  const userId = ctx.state.session.userId;
  const entry = userId ? await getUserEntry(kv, userId) : null;
  if (!entry) return undefined;
  const json = JSON.stringify(parked);
  if (json.length > MAX_PARKED_JSON) return undefined;
  return offer(ctx, "session", {
    parked: JSON.parse(json),
    userVersion: entry.versionstamp,
  });
}

/** Largest parked session kept for an undo, in UTF-16 units of JSON. */
const MAX_PARKED_JSON = 8192;

function isParked(value: unknown): value is ParkedSession {
  if (typeof value !== "object" || value === null) return false;
  const p = value as Record<string, unknown>;
  return typeof p.hash === "string" && typeof p.record === "object" &&
    p.record !== null && typeof p.entry === "object" && p.entry !== null;
}

/** What {@linkcode undo} did: where to go next, and the message it queued. */
export interface UndoOutcome {
  location: string;
}

/**
 * Carries out the undo `id` posted from a banner, once, and queues a
 * message that says what happened.
 *
 * @param ctx The handler's context.
 * @param id The `undo` field of the form.
 */
export async function undo(ctx: UndoContext, id: string): Promise<UndoOutcome> {
  const session = ctx.state.session;
  const now = Date.now();
  const found = messages.findUndo(session, id, now);
  if (found?.kind === "cart-lines") {
    const lines = toCart(found.data);
    // Merged into the cart as it is now: lines added since stay.
    messages.takeUndo(session, id, now, {
      keys: [cartKey.name],
      apply: (current, data) => ({
        [cartKey.name]: cartKey.encode(
          mergeCarts(
            cartKey.decode(session, current[cartKey.name]),
            toCart(data),
          ),
        ),
      }),
    });
    const name = lines.length === 1
      ? (await getCatalog()).get(lines[0].id)?.name
      : undefined;
    messages.success(
      ctx,
      name
        ? `Put ${name} back in your cart.`
        : `Put ${lines.length} products back in your cart.`,
    );
    return { location: "/cart" };
  }
  if (found?.kind === "post" && isPostId(found.data)) {
    messages.takeUndo(session, id, now);
    // Restoring twice is harmless: the trash entry goes with the first.
    const result = await posts.restore(found.data);
    if (result.ok) {
      messages.success(ctx, "Post restored.");
      return { location: `/posts/${result.post.id}` };
    }
  }
  if (found?.kind === "session") {
    messages.takeUndo(session, id, now);
    const data = found.data as Record<string, JsonValue>;
    const userId = session.userId;
    if (
      userId && isParked(data.parked) && typeof data.userVersion === "string"
    ) {
      const entry = await getUserEntry(kv, userId);
      const guard = entry &&
        userGuard({ ...entry, versionstamp: data.userVersion });
      if (guard && await restoreUserSession(session, data.parked, [guard])) {
        messages.success(ctx, "That device is signed in again.");
        return { location: "/account/sessions" };
      }
    }
    messages.error(ctx, "That can no longer be undone.");
    return { location: "/account/sessions" };
  }
  messages.error(ctx, "That can no longer be undone.");
  return { location: found?.kind === "post" ? "/posts" : "/cart" };
}
