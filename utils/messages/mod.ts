/**
 * One-time notices ("Post saved!", "Wrong password") kept in the session
 * until a page shows them: a close equivalent of Django's
 * `django.contrib.messages` on our KV sessions.
 *
 * - Handlers add: `success(ctx, "Post saved!")`, `error(ctx, text,
 *   { extraTags: "auth" })`, `add(ctx, level, text)`; `{ now: true }`
 *   shows a message in the page being rendered without storing it.
 * - `_app` renders `getMessages(props)` with the `FlashMessages` island;
 *   a full HTML page of any status (a 422 form too) consumes what it shows;
 *   redirects, HEAD, prefetches and non-HTML answers show and consume
 *   nothing, so messages survive redirects.
 * - Handlers answering `fetch` use `messagesJson(ctx, data)`; the island
 *   that posted calls `pushMessages` from `client.ts`.
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
  DEFAULT_LEVEL_TAGS,
  type DefaultLevelTag,
  ERROR,
  INFO,
  isMessageLevel,
  LEVELS,
  levelTag,
  type LevelTags,
  type MessageLevel,
  SUCCESS,
  WARNING,
} from "./levels.ts";
export { isMessageAction, type MessageAction } from "./action.ts";
export { claimOf } from "./claims.ts";
export { type FlashMessage, joinTags, type StoredMessage } from "./message.ts";
export {
  consoleMessagesLogger,
  DEFAULT_MAX_PENDING,
  DEFAULT_TTL,
  type MessagesLogger,
  type MessagesOptions,
  resolveMessagesOptions,
} from "./options.ts";
export {
  isConsumingJson,
  isConsumingPage,
  isPrefetch,
  mayShowMessages,
} from "./rules.ts";
export { type AddOptions, MessageStorage, SESSION_KEY } from "./storage.ts";
export {
  add,
  addMessage,
  type AddMessageOptions,
  debug,
  error,
  getLevel,
  getMessages,
  type HasState,
  info,
  MessageFailure,
  messagesJson,
  messageStorage,
  prefersJson,
  setLevel,
  success,
  takeMessagesForJson,
  warning,
} from "./api.ts";
export {
  messages,
  type MessagesContext,
  type MessagesMiddlewareState,
} from "./middleware.ts";
export {
  findUndo,
  offerUndo,
  type OfferUndoOptions,
  type TakenUndo,
  takeUndo,
  UNDO_KEY,
  type UndoRestore,
} from "./undo.ts";
