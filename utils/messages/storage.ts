// Long file: one class, a request's message queue over its session; its
// read, add and finish paths share that state. The pure list operations
// live in queue.ts.
/**
 * {@linkcode MessageStorage}: one request's view of the messages in its
 * session, what `ctx.state.messages` holds. It plays the part of Django's
 * `SessionStorage`: `add` queues, reading for a page marks `used`, and
 * {@linkcode MessageStorage.finish} (Django's `update(response)`) stores
 * what is left once the response is known.
 *
 * It takes a `Session`, not a Fresh context, so tests drive it with a real
 * session and no HTTP.
 *
 * Every write goes through `messagesKey.update` (`session.update` on the
 * checked list), whose function is replayed on the fresher value when
 * another request saved the session first: so two tabs adding at once lose
 * nothing, and a page removes only the ids it rendered.
 *
 * Messages belong to whoever the session is for. Each remembers the
 * signed-in user it was added for; a page shows only the user's own and
 * those added while anonymous. Sign-out, or signing in as someone else,
 * drops the pending messages of the user who leaves; an anonymous
 * visitor's follow them into a sign-in.
 *
 * @see https://docs.djangoproject.com/en/5.2/ref/contrib/messages/
 * @module
 */
import { afterCommit, type Session } from "../session/mod.ts";
import { isMessageAction, type MessageAction } from "./action.ts";
import { claimedLocation, isHeldForAnotherTab, newClaim } from "./claims.ts";
import { isValidLevel } from "./levels.ts";
import {
  createMessage,
  type FlashMessage,
  type StoredMessage,
  toFlashMessage,
} from "./message.ts";
import type { ResolvedMessagesOptions } from "./options.ts";
import {
  appendMessage,
  dedupe,
  isFresh,
  mergeMissing,
  missingFrom,
  type QueuePolicy,
  removeMessages,
  visibleTo,
} from "./queue.ts";
import { isConsumingJson, isConsumingPage } from "./rules.ts";
import { messagesKey } from "./session_key.ts";

export { SESSION_KEY } from "./session_key.ts";

/** Options of one `add` call. */
export interface AddOptions {
  /** Space-separated tags added before the level tag, e.g. `"auth"`. */
  extraTags?: string;
  /**
   * Show the message in the page being rendered and do not store it
   * (for a page that renders instead of redirecting).
   * @default false
   */
  now?: boolean;
  /**
   * One button shown with the message, posting its fields to a path on
   * this site, e.g. an "Undo" (see `undo.ts`).
   */
  action?: MessageAction;
}

/** Options of a {@linkcode MessageStorage}: what its request may do. */
export interface StorageOptions {
  /**
   * Whether this request's answer may show pending messages. False for
   * HEAD, prefetches, and answers whose session is not saved (the 404 page
   * of an unknown URL): what they would show could not be consumed.
   * @default true
   */
  show?: boolean;
  /**
   * The claim the request's URL carries (`claimOf(req.url)`): messages
   * claimed by another tab's redirect stay hidden from it (claims.ts).
   */
  claim?: string;
}

/**
 * The messages of one request. Created by the `messages()` middleware;
 * handlers use the functions of `api.ts` rather than this class.
 */
export class MessageStorage {
  #session: Session;
  #options: ResolvedMessagesOptions;
  #level: number;
  #refAtStart: string;
  /** The signed-in user when the request began, if any. */
  #userAtStart: string | undefined;
  /** What was pending when the request began: carried over a flush. */
  #snapshot: StoredMessage[];
  /** Stored by this request: carried over a flush too. */
  #added: StoredMessage[] = [];
  /** `now` messages: shown in this response only. */
  #nowMessages: StoredMessage[] = [];
  #rendered = new Set<string>();
  /** The stored messages among those rendered, by id. */
  #renderedStored = new Map<string, StoredMessage>();
  #sentAsJson = new Set<string>();
  #shown = false;
  #mayShow: boolean;
  #claim: string | undefined;
  #used = false;
  #addedNew = false;

  /**
   * Snapshots what is pending, so a flush later in the request loses
   * nothing.
   *
   * @param session The request's session (`ctx.state.session`).
   * @param options Resolved options.
   * @param storageOptions Whether the answer may show messages.
   */
  constructor(
    session: Session,
    options: ResolvedMessagesOptions,
    storageOptions: StorageOptions = {},
  ) {
    this.#session = session;
    this.#options = options;
    this.#mayShow = storageOptions.show ?? true;
    this.#claim = storageOptions.claim;
    this.#level = options.level;
    this.#refAtStart = session.ref;
    this.#userAtStart = session.userId;
    // Read now, before a handler can flush the session, so that an
    // anonymous visitor's pending messages survive a flush. A session with
    // no stored record has nothing pending, and is left unread.
    this.#snapshot = session.isNew ? [] : messagesKey.get(session);
  }

  /** The minimum level of this request: lower levels are dropped. */
  get level(): number {
    return this.#level;
  }

  /**
   * Changes the minimum level for the rest of this request (Django's
   * `set_level`); `null` restores the configured one.
   *
   * @param level A whole number >= 0, or null.
   */
  setLevel(level: number | null): void {
    if (level === null) {
      this.#level = this.#options.level;
      return;
    }
    if (!isValidLevel(level)) {
      throw new TypeError(
        `Message level must be a whole number >= 0, got ${String(level)}.`,
      );
    }
    this.#level = level;
  }

  /** How long a queued message stays pending, in milliseconds (the TTL). */
  get ttlMs(): number {
    return this.#options.ttlMs;
  }

  /** Whether messages were read for display in this request (Django `used`). */
  get used(): boolean {
    return this.#used;
  }

  /** Whether a message was added in this request (Django `added_new`). */
  get addedNew(): boolean {
    return this.#addedNew;
  }

  /**
   * Queues a message, or with `now` keeps it for this response only.
   * Returns the message, or undefined when its level is below the minimum.
   *
   * @param level The level number.
   * @param text Plain text; it is escaped wherever it is rendered.
   * @param options Extra tags; `now`.
   * @throws {TypeError} on a bad level, text or extraTags.
   */
  add(
    level: number,
    text: string,
    options: AddOptions = {},
  ): StoredMessage | undefined {
    if (!isValidLevel(level)) {
      throw new TypeError(
        `Message level must be a whole number >= 0 such as SUCCESS (25), got ${
          String(level)
        }.`,
      );
    }
    if (typeof text !== "string") {
      throw new TypeError(`Message text must be a string, got ${typeof text}.`);
    }
    const extraTags = options.extraTags ?? "";
    if (typeof extraTags !== "string") {
      throw new TypeError(
        `Message extraTags must be a string, got ${typeof extraTags}.`,
      );
    }
    if (options.action !== undefined && !isMessageAction(options.action)) {
      throw new TypeError(
        "Message action must be { label, action, fields }: a label of 1-40 characters, a path on this site such as /undo, and at most 8 string fields.",
      );
    }
    if (level < this.#level) return undefined;
    const message = createMessage(
      level,
      text,
      extraTags.trim().split(/\s+/).filter(Boolean).join(" "),
      this.#options.now(),
      options.action,
      this.#session.userId,
    );
    this.#addedNew = true;
    if (options.now) {
      this.#nowMessages.push(message);
      return message;
    }
    this.#added.push(message);
    const policy = this.#policy();
    const logger = this.#options.logger;
    const owner = message.userId;
    messagesKey.update(this.#session, (current) => {
      const { messages, dropped } = appendMessage(
        visibleTo(current, owner),
        message,
        policy,
      );
      if (dropped.length > 0) {
        // This function may run again if a concurrent save forces a replay,
        // in which case the line is written again for the fresher queue.
        logger.warn(
          `Pending queue full: dropped the ${dropped.length} oldest message(s).`,
          { maxPending: policy.maxPending, dropped: dropped.map((m) => m.id) },
        );
      }
      return messages;
    });
    return message;
  }

  /**
   * The pending messages, oldest first, as they would be shown: fresh,
   * one per level and text, then this response's `now` messages. Does not
   * mark anything as rendered.
   */
  pending(): StoredMessage[] {
    return dedupe([...this.#queue(), ...this.#nowMessages]).shown;
  }

  /**
   * The messages for the page being rendered (Django's iteration over
   * `get_messages`): marks the storage `used` and records the ids, which
   * the middleware removes from the session if the response turns out to
   * be a page the person sees. Can be called more than once. Empty when
   * the answer may not show messages, or after {@linkcode close}.
   */
  forRender(): FlashMessage[] {
    if (!this.#mayShow) return [];
    return this.#take(this.#rendered, this.#renderedStored);
  }

  /**
   * Stops this request from showing messages: called when its session will
   * not be saved (a handler threw, and the error page renders after the
   * middleware unwound), so nothing is shown that could not be consumed.
   */
  close(): void {
    this.#mayShow = false;
  }

  /**
   * The messages for a JSON answer: like {@linkcode forRender}, but they
   * are consumed when the response is JSON (2xx or 4xx).
   */
  forJson(): FlashMessage[] {
    return this.#take(this.#sentAsJson);
  }

  /**
   * Brings the session up to date once the response is known (Django's
   * `update(response)`): puts back messages a flush dropped, removes the
   * ids the response showed when it consumes them, and marks a response
   * that shows messages `Cache-Control: no-store`, so Back does not show
   * them again from the cache. A GET page whose save finds a message it
   * showed already consumed by a request that saved first is not sent:
   * the session's save answers a 303 to its URL instead (`afterCommit`),
   * so each message shows on one page; such a page consumes nothing.
   *
   * @param req The request.
   * @param res The response; its headers must be mutable.
   */
  finish(req: Request, res: Response): void {
    const policy = this.#policy();
    const carried = this.#carried();
    if (carried.length > 0) {
      // login() keeps the data and changes the ref; flush() drops it.
      // Either way, put back whatever pending message is not there.
      const current = messagesKey.get(this.#session);
      if (missingFrom(current, carried, policy).length > 0) {
        messagesKey.update(
          this.#session,
          (value) => mergeMissing(value, carried, policy).messages,
        );
      }
    }
    const consumed = new Set<string>();
    const showsPage = this.#rendered.size > 0 && isConsumingPage(req, res);
    if (showsPage) this.#rendered.forEach((id) => consumed.add(id));
    if (this.#sentAsJson.size > 0 && isConsumingJson(req, res)) {
      this.#sentAsJson.forEach((id) => consumed.add(id));
    }
    if (consumed.size > 0) {
      const owner = this.#session.userId;
      const candidates = showsPage && req.method === "GET"
        ? [...this.#renderedStored.values()]
        : [];
      // The stored messages this GET page shows, as the first run finds
      // them: if a replay on a fresher session finds one gone, another
      // request showed it first.
      let shownStored: StoredMessage[] | undefined;
      const clock = this.#options.now;
      let takenHere = true;
      messagesKey.update(this.#session, (value) => {
        const visible = visibleTo(value, owner);
        if (shownStored === undefined) {
          const ids = new Set(visible.map((m) => m.id));
          shownStored = candidates.filter((m) => ids.has(m.id));
        } else if (shownStored.length > 0) {
          takenHere = !shownStored.some((m) =>
            isTakenElsewhere(m, visible, { ...policy, now: clock() })
          );
        }
        // A page sent to load again is never seen: what it showed besides
        // the taken message stays pending for the page it loads instead.
        const rest = takenHere
          ? removeMessages(visible, consumed, policy)
          : visible;
        return rest.length > 0 ? rest : undefined;
      });
      if (shownStored !== undefined && shownStored.length > 0) {
        afterCommit(
          this.#session,
          (sent) => takenHere ? sent : loadAgain(req, sent),
        );
      }
    }
    this.#claimForRedirect(req, res);
    if (this.#shown) res.headers.set("cache-control", "no-store");
  }

  /**
   * When the answer redirects within the site after queueing messages,
   * names the messages' tab in the redirect's URL (claims.ts), so that a
   * page another tab loads meanwhile leaves them for this one. A claim the
   * request's own URL carries goes on with the redirect, so the page at
   * the end of a chain of redirects still shows what its tab's action
   * queued.
   */
  #claimForRedirect(req: Request, res: Response): void {
    if (res.status < 300 || res.status >= 400) return;
    // Only a browser tab's own navigation (a form post) has a tab to come
    // back to; fetches, scripts and old browsers keep the plain behaviour.
    if (req.headers.get("sec-fetch-mode") !== "navigate") return;
    const location = res.headers.get("location");
    if (location === null) return;
    const carried = this.#claim;
    const ids = new Set(this.#added.map((m) => m.id));
    const isOurs = (m: StoredMessage) =>
      ids.has(m.id) || (carried !== undefined && m.claim === carried);
    if (ids.size === 0) {
      if (carried === undefined) return;
      if (!messagesKey.get(this.#session).some(isOurs)) return;
      const onward = claimedLocation(location, req.url, carried);
      if (onward !== null) res.headers.set("location", onward);
      return;
    }
    const claim = newClaim();
    const claimed = claimedLocation(location, req.url, claim);
    if (claimed === null) return;
    messagesKey.update(this.#session, (list) => {
      if (!list.some(isOurs)) return list;
      return list.map((m) => isOurs(m) ? { ...m, claim } : m);
    });
    res.headers.set("location", claimed);
  }

  #policy(): QueuePolicy {
    return {
      maxPending: this.#options.maxPending,
      ttlMs: this.#options.ttlMs,
      now: this.#options.now(),
    };
  }

  /** The stored queue, with what a flush in this request dropped. */
  #queue(): StoredMessage[] {
    const policy = this.#policy();
    let queue = messagesKey.get(this.#session);
    const carried = this.#carried();
    if (carried.length > 0) {
      queue = mergeMissing(queue, carried, policy).messages;
    }
    const { claimWindowMs } = this.#options;
    // A stored queue past the cap (older code, a bad write) shows its newest.
    return visibleTo(queue, this.#session.userId).filter((m) =>
      isFresh(m, policy) &&
      !isHeldForAnotherTab(m, this.#claim, policy.now, claimWindowMs)
    ).slice(-policy.maxPending);
  }

  /**
   * What a flush or login in this request must not lose: the messages
   * pending at the start and added since, when the request began
   * anonymous. A signed-in user's messages end with their session: sign-out
   * (or signing in as someone else) drops them.
   */
  #carried(): StoredMessage[] {
    if (this.#session.ref === this.#refAtStart) return [];
    if (this.#userAtStart !== undefined) return [];
    return [...this.#snapshot, ...this.#added];
  }

  #take(
    record: Set<string>,
    stored?: Map<string, StoredMessage>,
  ): FlashMessage[] {
    this.#used = true;
    const queue = this.#queue();
    if (stored) { for (const m of queue) stored.set(m.id, m); }
    const { shown, hidden } = dedupe([...queue, ...this.#nowMessages]);
    // Hidden duplicates go with the one that stands for them.
    for (const m of [...shown, ...hidden]) record.add(m.id);
    if (shown.length > 0) this.#shown = true;
    return shown.map((m) => toFlashMessage(m, this.#options.levelTags));
  }
}

/**
 * Whether `shown`, which a page rendered, is gone from the fresher `queue`
 * because another request showed it. A message can also leave unseen: it
 * expired, or an add at the cap dropped it as the oldest. Then no page
 * showed it, and this one must. A full queue cannot tell the two apart;
 * showing the message twice is the lesser harm than showing it never.
 */
function isTakenElsewhere(
  shown: StoredMessage,
  queue: readonly StoredMessage[],
  policy: QueuePolicy,
): boolean {
  if (queue.some((m) => m.id === shown.id)) return false;
  if (!isFresh(shown, policy)) return false;
  return queue.length < policy.maxPending;
}

/**
 * Instead of a page that shows a message another request showed first: a
 * redirect to the same URL, whose page shows what is still pending. It
 * keeps the headers the session's save set (its cookie).
 */
function loadAgain(req: Request, page: Response): Response {
  page.body?.cancel().catch(() => {});
  const url = new URL(req.url);
  const headers = new Headers(page.headers);
  headers.delete("content-type");
  headers.delete("content-length");
  headers.delete("content-security-policy");
  headers.set("location", url.pathname + url.search);
  headers.set("cache-control", "no-store");
  return new Response(null, { status: 303, headers });
}
