// Long file: one class, the `Session` API handlers use; over 200 of its lines
// are the JSDoc of its public methods, which cannot move out of the class.
/**
 * The `Session` class: what handlers see as `ctx.state.session`.
 *
 * It behaves like Django's `SessionBase`: a dictionary that survives across
 * requests, with `accessed` and `modified` flags. Every change is also
 * recorded in a change log, so that when a concurrent request saved the same
 * session first, the manager can re-read it and replay this request's
 * changes on top instead of overwriting them.
 *
 * Nothing here touches storage: identity changes (`cycleId`, `flush`,
 * `login`, `logout`) are recorded and carried out atomically when the
 * manager commits the session at the end of the request.
 *
 * @see https://docs.djangoproject.com/en/5.2/topics/http/sessions/#using-sessions-in-views
 * @module
 */
import {
  assertValidKey,
  SessionData,
  type UpdateFn,
  type UpdateManyFn,
} from "./data.ts";
import { encodeJson, type JsonValue } from "./json.ts";
import { MAX_IDLE_TIMEOUT } from "./options.ts";
import type { SessionGuard } from "./store.ts";
import { generateRef, logHash } from "./token.ts";
import { type ExpiryOverride, SessionState } from "./session_state.ts";

// The manager builds a session from its state; one import gives it both.
export { SessionState };

/** Longest user id accepted: it becomes part of a KV key. */
export const MAX_USER_ID_LENGTH = 256;

/** Options of `Session.login()`. */
export interface LoginOptions {
  /** A record that must be unchanged when the session is saved. @default none */
  guard?: SessionGuard;
}

// Reads a session's private state; set by the class's static block. A
// private field, not a WeakMap: a WeakMap entry per request made every
// young-generation collection process one more ephemeron.
let readState: (session: Session) => SessionState | undefined;

/**
 * The state behind a session, for the manager and user_sessions helpers.
 * @internal
 */
export function sessionState(session: Session): SessionState {
  const state = readState(session);
  if (!state) {
    throw new TypeError(
      "Not a Session created by the session manager: use ctx.state.session.",
    );
  }
  return state;
}

/**
 * A visitor's server-side session.
 *
 * Values are JSON: `set` stores a deep copy, `get` returns the stored value
 * (mutate it, then `set` it again to save, as in Django). Keys are 1–256
 * character strings.
 *
 * @example Counting a cart
 * ```ts
 * const cart = session.get<number[]>("cart", []);
 * cart.push(productId);
 * session.set("cart", cart); // the assignment is what saves it
 * ```
 * @example The same, safe against concurrent requests
 * ```ts
 * session.update<number[]>("cart", (cart) => [...cart, productId], []);
 * ```
 */
export class Session {
  #state: SessionState;

  static {
    readState = (session) =>
      typeof session === "object" && session !== null && #state in session
        ? session.#state
        : undefined;
  }

  /** @internal Created by the session manager only. */
  constructor(state: SessionState) {
    this.#state = state;
  }

  /** Whether any data was read or written in this request (→ `Vary: Cookie`). */
  get accessed(): boolean {
    return this.#state.accessed;
  }

  /** Whether anything changed that needs saving at the end of the request. */
  get modified(): boolean {
    return this.#state.modified;
  }

  /** The signed-in user's id, if any. */
  get userId(): string | undefined {
    return this.#state.userId;
  }

  /**
   * The public reference of this session, as shown in the user's session
   * list. Not a secret: it cannot be used to load the session.
   */
  get ref(): string {
    return this.#state.ref;
  }

  /**
   * A short salted hash of the session for log lines, the one the session's
   * own log events use; `null` without a stored session. Never the token,
   * and it does not count as reading the session.
   */
  get logHash(): string | null {
    const token = this.#state.origin?.token;
    return token === undefined ? null : logHash(token);
  }

  /** True until the session has been saved (no stored record behind it). */
  get isNew(): boolean {
    return this.#state.origin === null;
  }

  /**
   * Whether the request brought a session cookie that matches no live
   * session: it expired, was revoked or signed out elsewhere, or was
   * forged. The response deletes that cookie.
   */
  get staleCookie(): boolean {
    return this.#state.origin === null && this.#state.cookiePresent;
  }

  /** Number of keys. */
  get size(): number {
    this.#state.accessed = true;
    return this.#state.data.size;
  }

  /**
   * Returns the value of `key`, or `fallback` when it is absent. Objects
   * and arrays come back as copies: as in Django, changing one saves
   * nothing until it is assigned back with `set()`.
   *
   * The type parameter is a claim about what was stored, not a check.
   *
   * @param key The key.
   * @param fallback Returned (as is, not stored) when the key is absent.
   * @example
   * ```ts
   * const visits = session.get<number>("visits", 0);
   * ```
   */
  get<T extends JsonValue = JsonValue>(key: string): T | undefined;
  get<T extends JsonValue = JsonValue>(key: string, fallback: T): T;
  get(key: string, fallback?: JsonValue): JsonValue | undefined {
    assertValidKey(key);
    this.#state.accessed = true;
    return this.#state.data.has(key) ? this.#read(key) : fallback;
  }

  /**
   * A key's value as handlers see it: primitives as stored, objects and
   * arrays as fresh copies. Changing a copy changes nothing until it is
   * passed to `set()`, so what gets saved never depends on whether, or
   * when, the session happened to serialise itself meanwhile.
   */
  #read(key: string): JsonValue | undefined {
    const value = this.#state.data.get(key);
    return typeof value === "object" && value !== null
      ? this.#state.data.copy(key)
      : value;
  }

  /**
   * Stores a deep copy of `value` under `key`.
   *
   * @param key 1–256 characters.
   * @param value Null, boolean, finite number, string, or arrays and plain
   *   objects of those. Anything else throws a TypeError naming the key.
   * @throws {SessionTooLargeError} when the session would no longer fit in
   *   one KV value; the session is left unchanged.
   * @example
   * ```ts
   * session.set("theme", "dark");
   * ```
   */
  set(key: string, value: JsonValue): void {
    assertValidKey(key);
    const json = encodeJson(key, value);
    this.#state.accessed = true;
    // setJson throws (changing nothing) when the session would be too big.
    this.#state.data.setJson(key, json);
    this.#change().log.push({ op: "set", key, json });
  }

  /** Whether `key` is present. @param key The key. */
  has(key: string): boolean {
    assertValidKey(key);
    this.#state.accessed = true;
    return this.#state.data.has(key);
  }

  /**
   * Removes `key`. Returns whether it was present.
   *
   * @param key The key.
   */
  delete(key: string): boolean {
    assertValidKey(key);
    this.#state.accessed = true;
    if (!this.#state.data.has(key)) return false;
    const state = this.#change();
    state.data.delete(key);
    state.log.push({ op: "delete", key });
    return true;
  }

  /**
   * Removes `key` and returns its value, or `fallback` when absent.
   *
   * @param key The key.
   * @param fallback Returned when the key is absent.
   * @example
   * ```ts
   * const next = session.pop<string>("next_url", "/");
   * ```
   */
  pop<T extends JsonValue = JsonValue>(key: string): T | undefined;
  pop<T extends JsonValue = JsonValue>(key: string, fallback: T): T;
  pop(key: string, fallback?: JsonValue): JsonValue | undefined {
    assertValidKey(key);
    this.#state.accessed = true;
    if (!this.#state.data.has(key)) return fallback;
    const value = this.#state.data.get(key);
    this.delete(key);
    return value;
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    this.#state.accessed = true;
    return this.#state.data.keys();
  }

  /** The values, in key insertion order. */
  values(): JsonValue[] {
    return this.entries().map(([, value]) => value);
  }

  /** `[key, value]` pairs, in insertion order (values as `get` returns them). */
  entries(): [string, JsonValue][] {
    this.#state.accessed = true;
    return this.#state.data.keys().map((key) => [key, this.#read(key)!]);
  }

  /**
   * Removes all data but keeps the session (same token, same user). On a
   * concurrent save it also removes keys another request added meanwhile.
   * Use `flush()` to end the session instead.
   */
  clear(): void {
    const state = this.#change();
    state.data.clear();
    state.log.push({ op: "clear" });
  }

  /**
   * Replaces the value of `key` with `fn(current)`, where `current` is a
   * copy of the stored value, or of `fallback` when absent. Returning
   * `undefined` deletes the key.
   *
   * Unlike get-then-set, this is lossless under concurrency: if another
   * request saved the session first, `fn` runs again on the fresher value.
   * So `fn` must depend only on its argument.
   *
   * @param key The key.
   * @param fn Computes the new value.
   * @param fallback Passed to `fn` when the key is absent.
   * @returns The stored new value, or undefined when deleted.
   * @example
   * ```ts
   * session.update<number[]>("cart", (cart) => [...cart, id], []);
   * ```
   */
  update<T extends JsonValue = JsonValue>(
    key: string,
    fn: UpdateFn<T>,
    fallback: T,
  ): T | undefined;
  update<T extends JsonValue = JsonValue>(
    key: string,
    fn: UpdateFn<T | undefined>,
  ): T | undefined;
  update(
    key: string,
    fn: UpdateFn<JsonValue | undefined>,
    fallback?: JsonValue,
  ): JsonValue | undefined {
    assertValidKey(key);
    if (typeof fn !== "function") {
      throw new TypeError(
        `session.update(${JSON.stringify(key)}, fn): fn must be a function.`,
      );
    }
    const fallbackJson = fallback === undefined
      ? undefined
      : encodeJson(key, fallback);
    this.#state.accessed = true;
    const result = this.#state.data.runUpdate(key, fn, fallbackJson);
    this.#change().log.push({ op: "update", key, fn, fallback: fallbackJson });
    return result;
  }

  /**
   * Changes several keys together: `fn` gets copies of their current
   * values and returns the ones to change (`undefined` deletes a key; a key
   * left out keeps its value). Lossless under concurrency like `update()`,
   * and more: if another request saved first, `fn` runs again on the
   * fresher values of all the keys at once, so a decision that spans keys
   * (take the ordered lines out of the cart only if the checkout is still
   * open, and close it) is made exactly once.
   *
   * @param keys The keys `fn` reads and may change.
   * @param fn Computes the changes; must depend only on its argument.
   * @returns The values of `keys` after the change.
   * @example
   * ```ts
   * session.updateMany(["checkout", "cart"], ({ checkout, cart }) =>
   *   checkout === undefined ? {} : { checkout: undefined, cart: [] }
   * );
   * ```
   */
  updateMany(
    keys: readonly string[],
    fn: UpdateManyFn,
  ): Record<string, JsonValue | undefined> {
    for (const key of keys) assertValidKey(key);
    if (typeof fn !== "function") {
      throw new TypeError(
        "session.updateMany(keys, fn): fn must be a function.",
      );
    }
    const frozen = [...keys];
    this.#state.accessed = true;
    const result = this.#state.data.runUpdateMany(frozen, fn);
    this.#change().log.push({ op: "updateMany", keys: frozen, fn });
    return result;
  }

  /**
   * Returns the value of `key`; when absent, stores `value` first (Django's
   * `setdefault`). Under concurrency the first writer's value wins.
   *
   * @param key The key.
   * @param value Stored when the key is absent.
   * @example
   * ```ts
   * const prefs = session.setDefault("prefs", { theme: "light" });
   * ```
   */
  setDefault<T extends JsonValue>(key: string, value: T): T {
    assertValidKey(key);
    this.#state.accessed = true;
    if (this.#state.data.has(key)) return this.#state.data.get(key) as T;
    const json = encodeJson(key, value);
    return this.update<T>(
      key,
      (current) => current === undefined ? JSON.parse(json) : current,
    ) as T;
  }

  /** Whether the session holds no data. */
  isEmpty(): boolean {
    this.#state.accessed = true;
    return this.#state.data.size === 0;
  }

  /**
   * Issues a new token at the end of the request, keeping the data, and
   * deletes the old entry in the same atomic commit, so the old cookie
   * stops working. Call it when privileges change (Django `cycle_key`).
   */
  cycleId(): void {
    const state = this.#change();
    state.cycle = true;
  }

  /**
   * Ends the session: drops its data, deletes the stored entry (and its
   * user index entry) and expires the cookie. Data set afterwards in the
   * same request starts a fresh session with a new token.
   */
  flush(): void {
    const state = this.#change();
    state.flushed = true;
    state.cycle = false;
    state.data = new SessionData();
    state.log = [];
    if (state.userId !== undefined) state.userChanged = true;
    state.userId = undefined;
    state.loginGuard = null;
    state.ref = generateRef();
    state.expiry = null;
  }

  /**
   * Binds the session to `userId` after a successful sign-in: a new token
   * (against session fixation), a new public ref, a fresh absolute
   * lifetime, and an entry in the user's session index, all in one atomic
   * commit. If a different user was signed in, their data is flushed first.
   *
   * With `options.guard`, the commit also checks that the record the
   * password was verified against (the user row) is still at the version
   * read. If it changed meanwhile (a password change, an account deletion)
   * nothing is saved and the middleware answers 409: a sign-in with an old
   * password can never outlive the change that replaced it.
   *
   * @param userId The user's id: 1–256 characters.
   * @param options `guard`: the user record and the version it was read at.
   * @example
   * ```ts
   * if (await checkPassword(user, password)) {
   *   session.login(user.id, { guard: { key: ["users", user.id], version } });
   * }
   * ```
   */
  login(userId: string, options: LoginOptions = {}): void {
    if (
      typeof userId !== "string" || userId.length === 0 ||
      userId.length > MAX_USER_ID_LENGTH
    ) {
      throw new TypeError(
        `session.login(userId): userId must be a string of 1 to ${MAX_USER_ID_LENGTH} characters.`,
      );
    }
    if (this.#state.userId !== undefined && this.#state.userId !== userId) {
      this.flush();
    }
    const state = this.#change();
    state.cycle = true;
    state.userChanged = true;
    state.userId = userId;
    state.loginGuard = options.guard ?? null;
    state.ref = generateRef();
  }

  /** Signs out: the same as `flush()`, which also removes the index entry. */
  logout(): void {
    this.flush();
  }

  /**
   * Changes how long this session lives (Django `set_expiry`):
   * - a number of seconds > 0: a persistent cookie and that idle timeout;
   * - a `Date`: a persistent cookie, and the session ends at that date at
   *   the latest;
   * - `0`: a browser-session cookie (no `Max-Age`); the server-side idle
   *   timeout still applies;
   * - `null`: back to the configured defaults.
   *
   * The absolute lifetime always caps the result.
   *
   * @param value Seconds, a date, 0, or null.
   * @example
   * ```ts
   * if (!form.rememberMe) session.setExpiry(0);
   * ```
   */
  setExpiry(value: number | Date | null): void {
    const { options } = this.#state;
    let expiry: ExpiryOverride;
    if (value === null) {
      expiry = {
        idleTimeout: options.idleTimeout,
        persistent: options.persistent,
        until: null,
      };
    } else if (value instanceof Date) {
      const until = value.getTime();
      if (!Number.isFinite(until)) {
        throw new TypeError("session.setExpiry(date): invalid date.");
      }
      expiry = { idleTimeout: options.idleTimeout, persistent: true, until };
    } else if (value > MAX_IDLE_TIMEOUT) {
      throw new TypeError(
        `session.setExpiry(seconds): at most ${MAX_IDLE_TIMEOUT} (400 days, the longest cookie lifetime browsers keep), got ${value}.`,
      );
    } else if (Number.isSafeInteger(value) && value >= 0) {
      expiry = value === 0
        ? {
          idleTimeout: options.idleTimeout,
          persistent: false,
          until: null,
        }
        : { idleTimeout: value, persistent: true, until: null };
    } else {
      throw new TypeError(
        `session.setExpiry(value): value must be whole seconds >= 0, a Date, or null, got ${
          String(value)
        }.`,
      );
    }
    const state = this.#change();
    state.expiry = expiry;
  }

  /**
   * "Keep me signed in": `true` gives a persistent cookie and the normal
   * idle timeout; `false` a cookie that ends with the browser and the
   * shorter `browserIdleTimeout` (12 hours by default). The choice is kept
   * in the record, so it survives token rotation (`cycleId`, `login`).
   * Under `persistent: false` every cookie ends with the browser: the
   * operator's setting wins, and `true` only keeps the normal idle timeout.
   *
   * @param keep Whether to keep the session past the browser's closing.
   * @example
   * ```ts
   * session.login(user.id);
   * session.keepSignedIn(form.get("remember") === "on");
   * ```
   */
  keepSignedIn(keep: boolean): void {
    const { options } = this.#state;
    this.#change().expiry = keep
      ? {
        idleTimeout: options.idleTimeout,
        persistent: options.persistent,
        until: null,
      }
      : {
        idleTimeout: options.browserIdleTimeout,
        persistent: false,
        until: null,
      };
  }

  /** Whether the cookie expires when the browser closes. */
  get expireAtBrowserClose(): boolean {
    const state = this.#state;
    return !(state.expiry?.persistent ??
      (state.flushed ? undefined : state.origin?.record.persistent) ??
      state.options.persistent);
  }

  #change(): SessionState {
    const state = this.#state;
    state.accessed = true;
    state.modified = true;
    return state;
  }
}
