/**
 * One-time notices ("Post saved!", "Wrong password") kept in the session
 * until a page shows them: a close equivalent of Django's
 * `django.contrib.messages` on our KV sessions.
 *
 * - Handlers add: `success(ctx, "Post saved!")`, `error(ctx, text,
 *   { extraTags: "auth" })`, `addMessage(ctx, level, text)`; `{ now: true }`
 *   shows a message in the page being rendered without storing it.
 * - `_app` renders `getMessages(props)` with the `FlashMessages` island;
 *   a full HTML page of any status (a 422 form too) consumes what it shows;
 *   redirects, HEAD, prefetches and non-HTML answers show and consume
 *   nothing, so messages survive redirects.
 * - Handlers answering `fetch` use `messagesJson(ctx, data)`; the island
 *   that posted calls `pushMessages` from `client.ts`.
 *
 * This file is the library's public surface, pinned by
 * `tests/architecture/public_surface_test.ts`; the other modules are
 * internals, imported by their own tests through their own paths.
 *
 * @example routes/_middleware.ts
 * ```ts
 * import { kv } from "../utils/kv/db.ts";
 * import { messages } from "../utils/messages/mod.ts";
 * import { session, sessionOptionsFromEnv } from "../utils/session/mod.ts";
 *
 * export const handler = [
 *   session({ kv, ...sessionOptionsFromEnv() }),
 *   messages(),
 * ];
 * ```
 * @module
 */
export {
  DEBUG,
  ERROR,
  INFO,
  type MessageLevel,
  SUCCESS,
  WARNING,
} from "./levels.ts";
export type { MessageAction } from "./action.ts";
export { claimOf } from "./claims.ts";
export type { FlashMessage } from "./message.ts";
export {
  type MessagesLogger,
  type MessagesOptions,
  resolveMessagesOptions,
} from "./options.ts";
export { MessageStorage } from "./storage.ts";
export {
  addMessage,
  type AddMessageOptions,
  debug,
  error,
  getLevel,
  getMessages,
  info,
  MessageFailure,
  messagesJson,
  prefersJson,
  setLevel,
  success,
  warning,
} from "./api.ts";
export { messages, type MessagesMiddlewareState } from "./middleware.ts";
export { findUndo, offerUndo, takeUndo } from "./undo.ts";
