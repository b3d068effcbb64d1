/**
 * The browser side of messages: one module-level signal holding the
 * banners on screen, and {@linkcode pushMessages} for islands that got
 * messages without a page load (a `fetch` answered by `messagesJson`).
 *
 * Islands are bundled with code splitting, so every island importing this
 * module shares the one signal. On the server this module is loaded once
 * per process, so nothing rendered there may read the signal: the
 * `FlashMessages` island renders its props on the server and uses the
 * signal only in the browser.
 *
 * @example An island that posts with fetch
 * ```ts
 * import { pushMessages } from "../utils/messages/client.ts";
 *
 * const res = await fetch("/cart", { method: "POST", body, headers: { accept: "application/json" } });
 * const { messages } = await res.json();
 * pushMessages(messages);
 * ```
 * @module
 */
import { signal } from "@preact/signals-core";
import { copyAction, isMessageAction } from "./action.ts";
import type { FlashMessage } from "./message.ts";

/**
 * Where a banner shows. `page`: in the page's flow, where the server
 * rendered it. `viewport`: pinned to the viewport, for messages an island
 * got without a page load, which would otherwise appear wherever the page
 * happens to be scrolled away from.
 */
export type Placement = "page" | "viewport";

/** A banner on screen. */
export interface ShownMessage extends FlashMessage {
  placement: Placement;
}

/** The banners on screen, oldest first. */
export const flashMessages = signal<readonly ShownMessage[]>([]);

/**
 * Whether `value` has the shape of a {@linkcode FlashMessage}, e.g. an
 * entry of a JSON answer.
 *
 * @param value Anything.
 */
export function isFlashMessage(value: unknown): value is FlashMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.id === "string" && typeof m.level === "number" &&
    typeof m.levelTag === "string" && typeof m.tags === "string" &&
    typeof m.text === "string" &&
    (m.action === undefined || isMessageAction(m.action));
}

function sameText(a: FlashMessage, b: FlashMessage): boolean {
  return a.level === b.level && a.text === b.text;
}

/**
 * Shows `list` after the banners already on screen. Malformed entries are
 * skipped, and so is a message whose id is already shown.
 *
 * A new message with the same level and text as a banner on screen (a
 * second "Added 1 × Ceramic mug to your cart.") replaces that banner rather
 * than being dropped: the new banner is a new element at the end of its
 * live region, so screen readers announce it again and its auto-hide
 * countdown starts afresh, and the screen still shows the text once.
 *
 * @param list Messages, e.g. the `messages` field of a JSON answer.
 * @param placement `viewport` (the default) pins the banners to the
 *   viewport; the `FlashMessages` island passes `page` for the messages
 *   the server rendered.
 * @example
 * ```ts
 * pushMessages((await res.json()).messages);
 * ```
 */
export function pushMessages(
  list: readonly unknown[] | undefined,
  placement: Placement = "viewport",
): void {
  if (!Array.isArray(list)) return;
  let next = flashMessages.value;
  for (const item of list) {
    if (!isFlashMessage(item)) continue;
    if (next.some((shown) => shown.id === item.id)) continue;
    const message: ShownMessage = {
      id: item.id,
      level: item.level,
      levelTag: item.levelTag,
      tags: item.tags,
      text: item.text,
      placement,
    };
    if (item.action) message.action = copyAction(item.action);
    next = [...next.filter((shown) => !sameText(shown, message)), message];
  }
  if (next !== flashMessages.value) flashMessages.value = next;
}

/**
 * Removes the banner of message `id`.
 *
 * @param id The message id.
 */
export function dismissMessage(id: string): void {
  const next = flashMessages.value.filter((m) => m.id !== id);
  if (next.length !== flashMessages.value.length) flashMessages.value = next;
}
