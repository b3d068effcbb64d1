/**
 * Typed, checked and versioned session keys.
 *
 * `session.get("cart")` returns whatever JSON is stored, typed by a claim.
 * A key declared with {@linkcode defineSessionKey} checks the stored value
 * at run time instead, upgrades values written by older code (`version` +
 * `migrate`), and falls back to a default when a value can be neither read
 * nor upgraded: such a value is dropped and logged once, never a 500.
 *
 * Storage: a version 1 value is stored as is, so every value stored before
 * the key was declared counts as version 1 and reads unchanged. From
 * version 2 on, the value is wrapped as `{"$v": 2, "$value": …}`, and so is
 * a version 1 value that has that shape itself (`{"$v": 1, "$value": …}`).
 *
 * @example
 * ```ts
 * const visitsKey = defineSessionKey("visits", {
 *   parse: (v) => Number.isSafeInteger(v) ? v as number : undefined,
 *   default: 0,
 * });
 * visitsKey.update(session, (n) => n + 1);
 * ```
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { assertValidKey } from "./data.ts";
import type { JsonValue } from "./json.ts";
import { type Session, sessionState } from "./session.ts";

/**
 * The part of the Standard Schema interface (https://standardschema.dev)
 * used here: zod, valibot and arktype schemas all have it. Only synchronous
 * validation is supported, since `get` is synchronous.
 */
export interface StandardSchema<T> {
  readonly "~standard": {
    readonly version: 1;
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: T; readonly issues?: undefined }
      | { readonly issues: readonly { readonly message: string }[] }
      | Promise<unknown>;
  };
}

/**
 * Checks a stored value: returns it typed, or `undefined` (or throws) when
 * it is not a valid value of the current version.
 */
export type ParseFn<T> = (value: unknown) => T | undefined;

/** Options of {@linkcode defineSessionKey}. */
export interface SessionKeyOptions<T extends JsonValue> {
  /**
   * Checks a stored value of the current version: a function or a Standard
   * Schema. What it returns is what handlers change and store, so it must
   * accept its own output.
   */
  parse: ParseFn<T> | StandardSchema<T>;
  /**
   * What `get` returns when the key is absent or its value was dropped; a
   * function for a fresh value each time (e.g. a new random id).
   */
  default: T | (() => T);
  /**
   * The version of the values this code writes: a whole number >= 1.
   * @default 1
   */
  version?: number;
  /**
   * Upgrades: `migrate[n]` turns a value of version `n` into one of
   * version `n + 1`. Values of a version without a path to the current one
   * are dropped. The result is checked with `parse`.
   * @default {}
   */
  migrate?: Readonly<Record<number, (value: unknown) => unknown>>;
}

/** A declared session key: typed access to one key of any session. */
export interface SessionKey<T extends JsonValue> {
  /** The key's name in the session. */
  readonly name: string;
  /** The version this code writes. */
  readonly version: number;
  /** The checked, upgraded value, or the default. */
  get(session: Session): T;
  /** Stores `value` at the current version. */
  set(session: Session, value: T): void;
  /**
   * `session.update` with the checked value: `fn` gets the current value
   * (or the default) and returns the new one; `undefined` deletes the key.
   * Lossless under concurrency, so `fn` must depend only on its argument.
   */
  update(session: Session, fn: (current: T) => T | undefined): T | undefined;
  /** Removes the key; returns whether it was present. */
  delete(session: Session): boolean;
  /**
   * Reads a value as stored, e.g. one that `session.updateMany` passes:
   * the checked, upgraded value, or the default.
   */
  decode(session: Session, stored: JsonValue | undefined): T;
  /** The value as it is stored at the current version, e.g. for `updateMany`. */
  encode(value: T): JsonValue;
}

const VERSION = "$v";
const VALUE = "$value";

/** A stored value as read: the checked value, or why it was dropped. */
type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Declares a session key once, with its run-time check, default, version
 * and upgrades.
 *
 * @param name The session key, 1–256 characters.
 * @param options `parse`, `default`, `version`, `migrate`.
 * @throws {TypeError} on a bad name, version or option.
 * @example A cart whose lines gained a field in version 2
 * ```ts
 * const cartKey = defineSessionKey("cart", {
 *   parse: isCart,
 *   default: [],
 *   version: 2,
 *   migrate: { 1: (lines) => (lines as OldLine[]).map(upgradeLine) },
 * });
 * cartKey.update(session, (cart) => addToCart(cart, id, 1));
 * ```
 */
export function defineSessionKey<T extends JsonValue>(
  name: string,
  options: SessionKeyOptions<T>,
): SessionKey<T> {
  assertValidKey(name);
  const version = options.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new TypeError(
      `defineSessionKey(${
        JSON.stringify(name)
      }): version must be a whole number >= 1, got ${String(version)}.`,
    );
  }
  const parse = toParseFn(name, options.parse);
  const migrate = options.migrate ?? {};
  const fallback = options.default;
  const makeDefault: () => T = typeof fallback === "function"
    ? fallback
    : copier(fallback);

  function read(stored: unknown): Outcome<T> {
    let from = 1;
    let value = stored;
    if (isEnvelope(stored)) {
      from = stored[VERSION];
      value = stored[VALUE];
    }
    if (from > version) {
      return {
        ok: false,
        reason: `stored version ${from} is newer than ${version}`,
      };
    }
    for (; from < version; from++) {
      const step = migrate[from];
      if (typeof step !== "function") {
        return { ok: false, reason: `no migration from version ${from}` };
      }
      try {
        value = step(value);
      } catch (error) {
        return {
          ok: false,
          reason: `migration from version ${from} threw: ${errorText(error)}`,
        };
      }
    }
    let parsed: T | undefined;
    try {
      parsed = parse(value);
    } catch (error) {
      // A misconfiguration, not a bad value: dropping every value would hide it.
      if (error instanceof AsyncSchemaError) throw error;
      return { ok: false, reason: `parse threw: ${errorText(error)}` };
    }
    return parsed === undefined
      ? { ok: false, reason: `not a valid version ${version} value` }
      : { ok: true, value: parsed };
  }

  function decode(session: Session, stored: JsonValue | undefined): T {
    if (stored === undefined) return makeDefault();
    const outcome = read(stored);
    if (outcome.ok) return outcome.value;
    reportDropped(session, name, stored, outcome.reason);
    return makeDefault();
  }

  function encode(value: T): JsonValue {
    // A version 1 value shaped like the wrapper is wrapped too, or it would
    // read back as the wrapper's contents, or as a version from the future.
    return version === 1 && !isEnvelope(value)
      ? value
      : { [VERSION]: version, [VALUE]: value };
  }

  return {
    name,
    version,
    get: (session) => decode(session, session.get(name)),
    set: (session, value) => session.set(name, encode(value)),
    update(session, fn) {
      let result: T | undefined;
      session.update(name, (stored) => {
        result = fn(decode(session, stored));
        return result === undefined ? undefined : encode(result);
      });
      return result;
    },
    delete: (session) => session.delete(name),
    decode,
    encode,
  };
}

/**
 * A function returning fresh deep copies of `value`: parsed from its JSON
 * text, computed once, which costs a fraction of a `structuredClone` (a
 * call into the runtime each time); primitives are returned as they are.
 * A value JSON would change or refuse (`-0`, an `undefined` field, a
 * cycle) is copied by `structuredClone`.
 */
function copier<T extends JsonValue>(value: T): () => T {
  if (typeof value !== "object" || value === null) return () => value;
  const clone = () => structuredClone(value);
  let json: string;
  try {
    json = JSON.stringify(value);
    if (!isDeepStrictEqual(JSON.parse(json), value)) return clone;
  } catch {
    return clone;
  }
  return () => JSON.parse(json);
}

/** Whether `value` is a `{"$v": n, "$value": …}` wrapper. */
function isEnvelope(
  value: unknown,
): value is { [VERSION]: number; [VALUE]: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const keys = Object.keys(value);
  const v = (value as Record<string, unknown>)[VERSION];
  return keys.length === 2 && Object.hasOwn(value, VALUE) &&
    Number.isSafeInteger(v) && (v as number) >= 1;
}

function toParseFn<T>(
  name: string,
  parse: ParseFn<T> | StandardSchema<T>,
): ParseFn<T> {
  // Checked first: some schemas (arktype's) are functions too, which return
  // their errors rather than undefined.
  const standard = (parse as Partial<StandardSchema<T>> | null)?.["~standard"];
  if (typeof standard?.validate !== "function") {
    if (typeof parse === "function") return parse;
    throw new TypeError(
      `defineSessionKey(${
        JSON.stringify(name)
      }): parse must be a function or a Standard Schema (zod, valibot, arktype).`,
    );
  }
  return (value) => {
    const result = standard.validate(value);
    if (result instanceof Promise) {
      throw new AsyncSchemaError(
        `defineSessionKey(${
          JSON.stringify(name)
        }): the schema validates asynchronously; session keys need a synchronous one.`,
      );
    }
    const checked = result as { value?: T; issues?: unknown };
    return checked.issues ? undefined : checked.value;
  };
}

/** A schema that validates asynchronously, which `get` cannot wait for. */
class AsyncSchemaError extends TypeError {}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Sessions, keys and stored values already reported by this process. */
const reported = new Set<string>();
// Bounds the memory a flood of bad sessions can take; past it, lines repeat.
const MAX_REMEMBERED = 10_000;

/**
 * Logs a dropped value once per session, key and value, so a page that
 * reads the key several times, or a visitor who reloads, logs it once
 * (the session's other keys may change meanwhile); another bad value under
 * the key logs again.
 */
function reportDropped(
  session: Session,
  name: string,
  stored: JsonValue,
  reason: string,
) {
  const state = sessionState(session);
  const seen = `${session.logHash}\u0000${name}\u0000${
    fnv1a(JSON.stringify(stored))
  }`;
  if (reported.has(seen)) return;
  if (reported.size < MAX_REMEMBERED) reported.add(seen);
  state.options.logger.warn("Session value dropped", {
    key: name,
    reason,
    session: session.logHash,
  });
}

/** A 32-bit FNV-1a hash: tells stored values apart in the log-once set. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash >>> 0;
}
