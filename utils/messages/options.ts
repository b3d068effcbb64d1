/**
 * Configuration of the messages layer: {@linkcode MessagesOptions} with
 * every default written down, and the one place defaults are filled in.
 * Misconfiguration throws here, at startup, naming the option.
 *
 * @module
 */
import { positiveOption } from "../positive_option.ts";
import { DEFAULT_CLAIM_WINDOW, MAX_CLAIM_WINDOW } from "./claims.ts";
import {
  INFO,
  isValidLevel,
  type LevelTags,
  resolveLevelTags,
} from "./levels.ts";

/** Where the messages layer reports trouble it handled (dropped messages). */
export interface MessagesLogger {
  /** Trouble that was handled, such as messages dropped by the cap. */
  warn(message: string, details?: Record<string, unknown>): void;
}

/** Writes to `console.warn` with a `[messages]` prefix. */
export const consoleMessagesLogger: MessagesLogger = {
  warn: (message, details) =>
    console.warn(`[messages] ${message}`, details ?? ""),
};

/** Options of the `messages()` middleware. All are optional. */
export interface MessagesOptions {
  /**
   * The minimum level: messages below it are dropped when added (Django's
   * `MESSAGE_LEVEL`). A request can change it with `setLevel(ctx, level)`.
   * @default 20 (INFO), so DEBUG messages are dropped
   */
  level?: number;
  /**
   * Tags for custom levels, or new tags for built-in ones, merged over the
   * defaults (Django's `MESSAGE_TAGS`), e.g. `{ 35: "notice" }`.
   * @default {} (debug, info, success, warning, error)
   */
  levelTags?: Readonly<Record<number, string>>;
  /**
   * Most pending messages kept in a session; adding more drops the oldest,
   * with a log line.
   * @default 50
   */
  maxPending?: number;
  /**
   * Seconds after which a message that was never shown is dropped.
   * @default 600 (10 minutes)
   */
  ttl?: number;
  /**
   * Seconds for which a message queued by an action that redirected is
   * kept for the tab that follows the redirect (its URL carries the
   * claim, see claims.ts); after that any page may show it. At most 30,
   * and shorter than `ttl`.
   * @default 10
   */
  claimWindow?: number;
  /**
   * The clock, in epoch milliseconds. Inject one in tests.
   * @default Date.now
   */
  now?: () => number;
  /**
   * Receives a line when messages are dropped because of the cap.
   * @default consoleMessagesLogger
   */
  logger?: MessagesLogger;
}

/** {@linkcode MessagesOptions} with every default filled in. */
export interface ResolvedMessagesOptions {
  level: number;
  levelTags: LevelTags;
  maxPending: number;
  /** The TTL in milliseconds. */
  ttlMs: number;
  /** The claim window in milliseconds. */
  claimWindowMs: number;
  now: () => number;
  logger: MessagesLogger;
}

/** The default of `maxPending`. */
export const DEFAULT_MAX_PENDING = 50;
/** The default of `ttl`, in seconds. */
export const DEFAULT_TTL = 10 * 60;

/**
 * Fills in defaults and validates. Called once by the middleware factory.
 *
 * @param options What the application passed.
 * @example
 * ```ts
 * resolveMessagesOptions({ ttl: 60 }).ttlMs; // 60000
 * ```
 */
export function resolveMessagesOptions(
  options: MessagesOptions = {},
): ResolvedMessagesOptions {
  const level = options.level ?? INFO;
  if (!isValidLevel(level)) {
    throw new TypeError(
      `Messages option level must be a whole number >= 0 such as INFO (20), got ${
        String(level)
      }.`,
    );
  }
  if (options.now !== undefined && typeof options.now !== "function") {
    throw new TypeError("Messages option now must be a function returning ms.");
  }
  const ttl = positiveOption("Messages", "ttl", options.ttl ?? DEFAULT_TTL);
  // Past either limit, a message whose tab never came would wait too long
  // for any other page to show it, or expire before it could.
  const claimWindow = positiveOption(
    "Messages",
    "claimWindow",
    options.claimWindow ?? DEFAULT_CLAIM_WINDOW,
    MAX_CLAIM_WINDOW,
    { unit: "seconds" },
  );
  if (claimWindow >= ttl) {
    throw new TypeError(
      `Messages option claimWindow (${claimWindow}) must be shorter than ttl (${ttl}): set claimWindow below ${ttl}, or a longer ttl.`,
    );
  }
  return {
    level,
    levelTags: resolveLevelTags(options.levelTags),
    maxPending: positiveOption(
      "Messages",
      "maxPending",
      options.maxPending ?? DEFAULT_MAX_PENDING,
    ),
    ttlMs: ttl * 1000,
    claimWindowMs: claimWindow * 1000,
    now: options.now ?? Date.now,
    logger: options.logger ?? consoleMessagesLogger,
  };
}
