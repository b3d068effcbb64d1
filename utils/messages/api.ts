/**
 * What handlers and layouts call, after Django's `messages/api.py`:
 * `addMessage` with the `debug`/`info`/`success`/`warning`/
 * `error` shortcuts, `getMessages`, `getLevel`, `setLevel`, and
 * `messagesJson` for handlers that answer `fetch` with JSON.
 *
 * Each takes anything with a `state` (a Fresh context, or page props for
 * `getMessages`).
 *
 * @example A handler: save, queue a notice, redirect
 * ```ts
 * import * as messages from "../utils/messages/mod.ts";
 *
 * export const handler: Handlers<unknown, State> = {
 *   POST(_req, ctx) {
 *     messages.success(ctx, "Post saved!");
 *     return new Response(null, { status: 303, headers: { location: "/posts" } });
 *   },
 * };
 * ```
 * @see https://docs.djangoproject.com/en/5.2/ref/contrib/messages/#using-messages-in-views-and-templates
 * @module
 */
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from "./levels.ts";
import type { FlashMessage, StoredMessage } from "./message.ts";
import { type AddOptions, MessageStorage } from "./storage.ts";

/** Anything carrying `ctx.state`: a Fresh context, or page props. */
export interface HasState {
  /** `ctx.state`, where the middleware put the request's messages. */
  readonly state: unknown;
}

/** Options of the add functions. */
export interface AddMessageOptions extends AddOptions {
  /**
   * Do nothing instead of throwing when the messages middleware is not
   * installed (Django's `fail_silently`). Other errors still throw.
   * @default false
   */
  failSilently?: boolean;
}

/**
 * Thrown when messages are added without the middleware (Django's
 * `MessageFailure`). The message names the fix.
 */
export class MessageFailure extends Error {
  constructor() {
    super(
      "You cannot add messages without installing the messages middleware: add messages() from utils/messages/mod.ts to routes/_middleware.ts, after session(). Pass { failSilently: true } to skip instead.",
    );
    this.name = "MessageFailure";
  }
}

/**
 * The request's {@linkcode MessageStorage}, or undefined when the
 * middleware did not run for it.
 *
 * @param ctx A context or page props.
 */
export function messageStorage(ctx: HasState): MessageStorage | undefined {
  const state = ctx.state as { messages?: unknown } | null | undefined;
  const storage = state?.messages;
  return storage instanceof MessageStorage ? storage : undefined;
}

/**
 * Queues a message for the next page the person sees, or with
 * `{ now: true }` shows it in the page being rendered only. Messages below
 * the request's minimum level are dropped.
 *
 * @param ctx The handler's context.
 * @param level A level such as `SUCCESS`, or a custom one.
 * @param text Plain text; always escaped when rendered.
 * @param options `extraTags`, `now`, `failSilently`.
 * @returns The queued message, or undefined when dropped or skipped.
 * @throws {MessageFailure} without the middleware, unless `failSilently`.
 * @example
 * ```ts
 * addMessage(ctx, WARNING, "Your card expires soon", { extraTags: "billing" });
 * ```
 */
export function addMessage(
  ctx: HasState,
  level: number,
  text: string,
  options: AddMessageOptions = {},
): StoredMessage | undefined {
  const storage = messageStorage(ctx);
  if (!storage) {
    if (options.failSilently) return undefined;
    throw new MessageFailure();
  }
  return storage.add(level, text, options);
}

/**
 * Adds a `DEBUG` message (dropped unless the minimum level allows it).
 *
 * @param ctx The handler's context.
 * @param text Plain text.
 * @param options `extraTags`, `now`, `failSilently`.
 */
export function debug(
  ctx: HasState,
  text: string,
  options?: AddMessageOptions,
): StoredMessage | undefined {
  return addMessage(ctx, DEBUG, text, options);
}

/**
 * Adds an `INFO` message.
 *
 * @param ctx The handler's context.
 * @param text Plain text.
 * @param options `extraTags`, `now`, `failSilently`.
 */
export function info(
  ctx: HasState,
  text: string,
  options?: AddMessageOptions,
): StoredMessage | undefined {
  return addMessage(ctx, INFO, text, options);
}

/**
 * Adds a `SUCCESS` message.
 *
 * @param ctx The handler's context.
 * @param text Plain text.
 * @param options `extraTags`, `now`, `failSilently`.
 * @example
 * ```ts
 * success(ctx, "Post saved!");
 * ```
 */
export function success(
  ctx: HasState,
  text: string,
  options?: AddMessageOptions,
): StoredMessage | undefined {
  return addMessage(ctx, SUCCESS, text, options);
}

/**
 * Adds a `WARNING` message.
 *
 * @param ctx The handler's context.
 * @param text Plain text.
 * @param options `extraTags`, `now`, `failSilently`.
 */
export function warning(
  ctx: HasState,
  text: string,
  options?: AddMessageOptions,
): StoredMessage | undefined {
  return addMessage(ctx, WARNING, text, options);
}

/**
 * Adds an `ERROR` message.
 *
 * @param ctx The handler's context.
 * @param text Plain text.
 * @param options `extraTags`, `now`, `failSilently`.
 * @example
 * ```ts
 * error(ctx, "Wrong password", { extraTags: "auth" }); // tags "auth error"
 * ```
 */
export function error(
  ctx: HasState,
  text: string,
  options?: AddMessageOptions,
): StoredMessage | undefined {
  return addMessage(ctx, ERROR, text, options);
}

/**
 * The messages to render in the page being produced, oldest first, as
 * plain objects. They are removed from the session once the response turns
 * out to be a page the person sees (HTML of any 2xx, 4xx or 5xx status).
 * It returns `[]` for HEAD and prefetches, for the 404 page of an unknown
 * URL and the error page after a throw (whose session is not saved), and
 * without the middleware (static files), like Django's `get_messages`.
 *
 * @param ctx A context, or the page props of `_app` or a layout.
 * @example routes/_app.tsx
 * ```tsx
 * <FlashMessages messages={getMessages(props)} />
 * ```
 */
export function getMessages(ctx: HasState): FlashMessage[] {
  return messageStorage(ctx)?.forRender() ?? [];
}

/**
 * The minimum level of this request; the default (INFO) without the
 * middleware.
 *
 * @param ctx The handler's context.
 */
export function getLevel(ctx: HasState): number {
  return messageStorage(ctx)?.level ?? INFO;
}

/**
 * Changes the minimum level for the rest of this request; `null` restores
 * the configured one. Returns false without the middleware (Django's
 * `set_level`).
 *
 * @param ctx The handler's context.
 * @param level A whole number >= 0, or null.
 * @example
 * ```ts
 * setLevel(ctx, DEBUG); // this request also keeps debug messages
 * ```
 */
export function setLevel(ctx: HasState, level: number | null): boolean {
  const storage = messageStorage(ctx);
  if (!storage) return false;
  storage.setLevel(level);
  return true;
}

/**
 * The messages for a JSON answer. They are consumed when the response is
 * JSON with a 2xx or 4xx status; the client shows them (see
 * `pushMessages` in `client.ts`).
 *
 * @param ctx The handler's context.
 */
export function takeMessagesForJson(ctx: HasState): FlashMessage[] {
  return messageStorage(ctx)?.forJson() ?? [];
}

/**
 * Answers with JSON: `data` plus `messages`, the pending messages, which
 * this answer consumes.
 *
 * @param ctx The handler's context.
 * @param data Other fields of the answer.
 * @param init Status and headers.
 * @example
 * ```ts
 * success(ctx, "Added to cart");
 * if (prefersJson(req)) return messagesJson(ctx, { count });
 * ```
 */
export function messagesJson(
  ctx: HasState,
  data: Record<string, unknown> = {},
  init?: ResponseInit,
): Response {
  return Response.json({ ...data, messages: takeMessagesForJson(ctx) }, init);
}

/**
 * Whether the client asked for JSON rather than HTML: `Accept` names
 * `application/json` and not `text/html` (a browser navigation sends
 * `text/html`).
 *
 * @param req The request.
 */
export function prefersJson(req: Request): boolean {
  const accept = req.headers.get("accept")?.toLowerCase() ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}
