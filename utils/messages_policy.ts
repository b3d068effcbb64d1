/**
 * How the shop configures the messages framework.
 *
 * The framework keeps at most 50 pending messages by default (Django has no
 * cap; ours bounds what a session can accumulate). The shop allows 100: a
 * shopper who fires a burst of cart updates from several tabs, or a script
 * replaying a form, must still see one notice for each acknowledged action
 * (tests/hardening/lost_updates_test.ts posts 100 at once). The shop's
 * notices are short sentences, about 150 bytes each as stored (200 with the
 * signed-in user's id), so a full queue of 100 takes about 20 KB of a
 * session's 63 KiB.
 *
 * @module
 */
import type { MessagesOptions } from "./messages/mod.ts";

/** Passed to `messages()` in routes/_middleware.ts. */
export const appMessagesOptions = {
  maxPending: 100,
} as const satisfies MessagesOptions;
