/**
 * The shop's undoable removals: cart lines (one removed, or all cleared)
 * and deleted posts. Each removal's message carries an "Undo" button
 * (utils/messages/undo.ts) that posts to `/undo`, which {@linkcode undo}
 * carries out once.
 *
 * @module
 */
import * as messages from "./messages/mod.ts";
import type { MessageAction } from "./messages/mod.ts";
import type { JsonValue, Session } from "./session/mod.ts";
import { CART_KEY, type CartLine, mergeCarts, toCart } from "./shop/cart.ts";
import { isPostId } from "./posts/posts.ts";
import { posts } from "./posts/store.ts";
import { getCatalog } from "./shop/store.ts";

/** What a handler passes: its context with the session and the messages. */
interface UndoContext {
  state: { session: Session; messages: messages.MessageStorage };
}

/** The kinds of removal that `/undo` restores. */
type UndoKind = "cart-lines" | "post";

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
      keys: [CART_KEY],
      apply: (current, data) => ({
        [CART_KEY]: mergeCarts(toCart(current[CART_KEY]), toCart(data)),
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
  messages.error(ctx, "That can no longer be undone.");
  return { location: found?.kind === "post" ? "/posts" : "/cart" };
}
