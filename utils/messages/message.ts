/**
 * One message: the record kept in the session, and the plain object a page
 * or a JSON client receives. Pure code, no I/O.
 *
 * @module
 */
import { copyAction, isMessageAction, type MessageAction } from "./action.ts";
import { isClaim } from "./claims.ts";
import {
  DEFAULT_LEVEL_TAGS,
  isValidLevel,
  levelTag,
  type LevelTags,
} from "./levels.ts";

/**
 * A message as stored in the session under `_messages`. JSON only, so
 * it survives the session's encoding unchanged.
 */
// A type alias, not an interface, so that it is assignable to the session's
// JsonValue (interfaces get no implicit index signature).
export type StoredMessage = {
  /** Random, unique: what a page records as rendered and later removes. */
  id: string;
  level: number;
  text: string;
  /** Space-separated extra tags; `""` when none. */
  extraTags: string;
  /** Epoch ms when the message was added, for the TTL. */
  createdAt: number;
  /** A button shown with the message, e.g. "Undo". */
  action?: MessageAction;
  /**
   * The signed-in user it was added for; absent when added for an
   * anonymous visitor. Only this user is shown it (see `visibleTo`).
   */
  userId?: string;
  /** The tab it belongs to, named in its redirect's URL (claims.ts). */
  claim?: string;
};

/**
 * A message as handed to a page, an island or a JSON client: plain data,
 * serializable as island props.
 */
export interface FlashMessage {
  /** The stored message's id. */
  id: string;
  /** The level number, e.g. 25 for SUCCESS. */
  level: number;
  /** The level's tag, e.g. `"success"`; `""` for a level without one. */
  levelTag: string;
  /** Extra tags, then the level tag, space-separated: use as CSS classes. */
  tags: string;
  /** Plain text: render it as text, never as HTML. */
  text: string;
  /** A button to show with the message, e.g. "Undo". */
  action?: MessageAction;
}

/**
 * Makes a new message record with a random id.
 *
 * @param level The level number.
 * @param text The text, shown as is (escaped when rendered).
 * @param extraTags Space-separated extra tags.
 * @param now Epoch ms.
 * @param action A button to show with it.
 * @param userId The signed-in user it is for; undefined for a visitor.
 * @example
 * ```ts
 * createMessage(SUCCESS, "Post saved!", "", Date.now());
 * ```
 */
export function createMessage(
  level: number,
  text: string,
  extraTags: string,
  now: number,
  action?: MessageAction,
  userId?: string,
): StoredMessage {
  const message: StoredMessage = {
    id: crypto.randomUUID(),
    level,
    text,
    extraTags,
    createdAt: now,
  };
  if (action) message.action = copyAction(action);
  if (userId !== undefined) message.userId = userId;
  return message;
}

/**
 * Extra tags, then the level tag, joined by a space with empty parts left
 * out: the order Django's `Message.tags` uses, so `error(…, "auth")` has
 * the tags `"auth error"`.
 *
 * @param extraTags Space-separated extra tags, possibly empty.
 * @param tag The level tag, possibly empty.
 */
export function joinTags(extraTags: string, tag: string): string {
  return [extraTags, tag].filter((part) => part).join(" ");
}

/**
 * The plain object a page renders for `message`.
 *
 * @param message A stored message.
 * @param tags The app's level tags.
 * @example
 * ```ts
 * toFlashMessage(message).tags; // "auth error"
 * ```
 */
export function toFlashMessage(
  message: StoredMessage,
  tags: LevelTags = DEFAULT_LEVEL_TAGS,
): FlashMessage {
  const tag = levelTag(message.level, tags);
  const flash: FlashMessage = {
    id: message.id,
    level: message.level,
    levelTag: tag,
    tags: joinTags(message.extraTags, tag),
    text: message.text,
  };
  if (message.action) flash.action = copyAction(message.action);
  return flash;
}

/** Whether `value` has the shape of a stored message. */
export function isStoredMessage(value: unknown): value is StoredMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return typeof m.id === "string" && m.id.length > 0 &&
    isValidLevel(m.level) && typeof m.text === "string" &&
    typeof m.extraTags === "string" && typeof m.createdAt === "number" &&
    Number.isFinite(m.createdAt) &&
    (m.userId === undefined || typeof m.userId === "string");
}

/**
 * Reads the stored list, keeping only well-formed entries, each id once:
 * corrupt or foreign data under `_messages` yields fewer messages, never
 * an error (hostile input returns quietly). A message whose action is malformed
 * keeps its text and loses the action.
 *
 * @param value What the session holds under `_messages`.
 */
export function parseStoredMessages(value: unknown): StoredMessage[] {
  if (!Array.isArray(value)) return [];
  // An id names one message (the page consumes by id, the island keys by
  // it): a later entry that repeats one is a bad write, and is left out.
  const ids = new Set<string>();
  const unique = value.filter(isStoredMessage).filter((m) => {
    if (ids.has(m.id)) return false;
    ids.add(m.id);
    return true;
  });
  return unique.map((message) => {
    let kept = message;
    if (kept.action !== undefined && !isMessageAction(kept.action)) {
      const { action: _dropped, ...rest } = kept;
      kept = rest;
    }
    if (kept.claim !== undefined && !isClaim(kept.claim)) {
      const { claim: _dropped, ...rest } = kept;
      kept = rest;
    }
    return kept;
  });
}

/**
 * The key under which two messages count as the same for the user: same
 * level and same text (extra tags and time do not matter).
 */
export function sameMessageKey(message: { level: number; text: string }) {
  return `${message.level}\u0000${message.text}`;
}
