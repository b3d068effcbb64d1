/**
 * Message levels and their tags, as in Django's
 * `django.contrib.messages.constants`: five numbered levels whose default
 * tags double as CSS classes, plus custom levels an app maps to its own
 * tags.
 *
 * Pure code with no imports, so islands can use it too.
 *
 * @see https://docs.djangoproject.com/en/stable/ref/contrib/messages/#message-levels
 * @module
 */

/** Development notes; below the default minimum level, so dropped by default. */
export const DEBUG = 10;
/** Informational messages for the user. */
export const INFO = 20;
/** An action was successful, e.g. "Post saved!". */
export const SUCCESS = 25;
/** A failure did not occur but may be imminent. */
export const WARNING = 30;
/** An action was not successful, e.g. "Wrong password". */
export const ERROR = 40;

/** The built-in levels by name. */
export const LEVELS = {
  DEBUG,
  INFO,
  SUCCESS,
  WARNING,
  ERROR,
} as const;

/** One of the five built-in levels: 10, 20, 25, 30 or 40. */
export type MessageLevel = (typeof LEVELS)[keyof typeof LEVELS];

/** The tag of a built-in level: `"debug"`, `"info"`, … */
export type DefaultLevelTag = Lowercase<keyof typeof LEVELS>;

/** Level number → tag, as configured for an app. */
export type LevelTags = Readonly<Record<number, string>>;

/** The tags of the built-in levels (Django's `DEFAULT_TAGS`). */
export const DEFAULT_LEVEL_TAGS: Readonly<
  Record<MessageLevel, DefaultLevelTag>
> = Object.freeze({
  [DEBUG]: "debug",
  [INFO]: "info",
  [SUCCESS]: "success",
  [WARNING]: "warning",
  [ERROR]: "error",
});

/**
 * Whether `value` is one of the built-in levels.
 *
 * @param value Anything.
 * @example
 * ```ts
 * isMessageLevel(25); // true
 * isMessageLevel(35); // false: a custom level
 * ```
 */
export function isMessageLevel(value: unknown): value is MessageLevel {
  return value === DEBUG || value === INFO || value === SUCCESS ||
    value === WARNING || value === ERROR;
}

/**
 * Whether `value` can be a level: a whole number from 0 up. Django accepts
 * any integer; negative levels have no use, so they are refused here.
 *
 * @param value Anything.
 */
export function isValidLevel(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) &&
    value >= 0;
}

// A tag ends up in a class attribute: one word of safe characters.
const TAG_RE = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Merges custom tags over the defaults (Django's `MESSAGE_TAGS` setting
 * updates `DEFAULT_TAGS` the same way). An entry may also rename a
 * built-in level's tag. Throws, naming the entry, on a bad level or tag.
 *
 * @param custom Level → tag, e.g. `{ 35: "notice" }`.
 * @example
 * ```ts
 * resolveLevelTags({ 35: "notice" })[35]; // "notice"
 * ```
 */
export function resolveLevelTags(
  custom: Readonly<Record<number, string>> = {},
): LevelTags {
  const tags: Record<number, string> = { ...DEFAULT_LEVEL_TAGS };
  for (const [key, tag] of Object.entries(custom)) {
    const level = Number(key);
    if (!isValidLevel(level) || String(level) !== key) {
      throw new TypeError(
        `Messages option levelTags: ${
          JSON.stringify(key)
        } is not a level; use whole numbers such as { 35: "notice" }.`,
      );
    }
    if (typeof tag !== "string" || !TAG_RE.test(tag)) {
      throw new TypeError(
        `Messages option levelTags[${level}] must be one CSS-class-like word (letters, digits, - and _), got ${
          JSON.stringify(tag)
        }.`,
      );
    }
    tags[level] = tag;
  }
  return Object.freeze(tags);
}

/**
 * The tag of `level`, or `""` for a level without one (Django's
 * `Message.level_tag`).
 *
 * @param level A level number.
 * @param tags The app's tags; the defaults when omitted.
 * @example
 * ```ts
 * levelTag(SUCCESS); // "success"
 * levelTag(35); // ""
 * ```
 */
export function levelTag(
  level: number,
  tags: LevelTags = DEFAULT_LEVEL_TAGS,
): string {
  return Object.hasOwn(tags, level) ? tags[level] : "";
}
