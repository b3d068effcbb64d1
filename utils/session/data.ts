/**
 * The key→value map behind a session, with the bookkeeping that keeps it
 * inside one KV value, and the change log that lets a save be replayed on
 * top of a newer version written by a concurrent request.
 *
 * @module
 */
import { SessionTooLargeError } from "./errors.ts";
import {
  encodeJson,
  joinJsonObject,
  type JsonValue,
  MAX_DATA_BYTES,
} from "./json.ts";

/** Longest key accepted, in UTF-16 code units. */
export const MAX_KEY_LENGTH = 256;

/**
 * Throws a TypeError unless `key` is a non-empty string of at most
 * {@linkcode MAX_KEY_LENGTH} characters.
 *
 * @param key Untrusted key.
 */
export function assertValidKey(key: unknown): asserts key is string {
  if (typeof key !== "string") {
    throw new TypeError(
      `Session keys must be strings, got ${typeof key}.`,
    );
  }
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(
      `Session key ${JSON.stringify(key.slice(0, 40))}${
        key.length > 40 ? "…" : ""
      } must be 1 to ${MAX_KEY_LENGTH} characters long, got ${key.length}.`,
    );
  }
}

/**
 * Called with a copy of the current value (or of the fallback, or
 * `undefined`) and returns the new value; returning `undefined` deletes the
 * key. It may run more than once (again on a fresher value when a
 * concurrent request saved first), so it must depend only on its argument.
 */
export type UpdateFn<T = JsonValue> = (
  current: T,
) => T | undefined;

/**
 * Called with copies of the current values of several keys (`undefined`
 * for an absent key) and returns the keys to change: a key it returns is
 * set to that value, or deleted when the value is `undefined`; a key it
 * leaves out keeps its value. Like {@linkcode UpdateFn}, it may run again
 * on fresher values, so it must depend only on its argument.
 */
export type UpdateManyFn = (
  current: Record<string, JsonValue | undefined>,
) => Record<string, JsonValue | undefined>;

/** One recorded change of a request, replayed when a save conflicts. */
export type Change =
  | { op: "set"; key: string; json: string }
  | { op: "delete"; key: string }
  | { op: "clear" }
  | {
    op: "update";
    key: string;
    // deno-lint-ignore no-explicit-any
    fn: UpdateFn<any>;
    /** JSON text of the fallback, or undefined when none was given. */
    fallback: string | undefined;
  }
  | { op: "updateMany"; keys: readonly string[]; fn: UpdateManyFn };

// deno-lint-ignore no-control-regex
const WIDE_RE = /[^\u0000-\u00ff]/;

interface Entry {
  value: JsonValue;
  /** JSON text; null until a write needs sizes (the read path skips it). */
  json: string | null;
}

/**
 * An ordered map of JSON values that knows its encoded size.
 */
export class SessionData {
  #entries = new Map<string, Entry>();
  #sized = false;
  /** Characters of `{…}` text excluding the braces, when sized. */
  #chars = 0;
  /** Number of entries whose text needs two bytes per character. */
  #wide = 0;

  /**
   * Wraps parsed stored data.
   *
   * @param data A parsed JSON object.
   */
  static fromObject(data: Record<string, JsonValue>): SessionData {
    const out = new SessionData();
    for (const [key, value] of Object.entries(data)) {
      out.#entries.set(key, { value, json: null });
    }
    return out;
  }

  /** Number of keys. */
  get size(): number {
    return this.#entries.size;
  }

  /** @param key The key. */
  has(key: string): boolean {
    return this.#entries.has(key);
  }

  /** The stored value itself (not a copy), or undefined. */
  get(key: string): JsonValue | undefined {
    return this.#entries.get(key)?.value;
  }

  /** A fresh deep copy of the stored value, or undefined. */
  copy(key: string): JsonValue | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    return JSON.parse(this.#json(entry));
  }

  /** Keys in insertion order. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  /** `[key, value]` pairs in insertion order. */
  entries(): [string, JsonValue][] {
    return [...this.#entries].map(([key, entry]) => [key, entry.value]);
  }

  /**
   * Sets `key` to the value encoded as `json`, refusing (and changing
   * nothing) if the result would exceed {@linkcode MAX_DATA_BYTES}.
   */
  setJson(key: string, json: string): JsonValue {
    this.#ensureSized();
    const old = this.#entries.get(key);
    const before = this.#chars;
    const wideBefore = this.#wide;
    if (old) this.#unaccount(key, old);
    const entry: Entry = { value: JSON.parse(json), json };
    this.#account(key, entry);
    const size = this.byteSize();
    if (size > MAX_DATA_BYTES) {
      this.#chars = before;
      this.#wide = wideBefore;
      throw new SessionTooLargeError(size, MAX_DATA_BYTES, key);
    }
    // Delete first so a re-set key moves to the end, like a fresh insert.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** @returns whether the key existed. */
  delete(key: string): boolean {
    const old = this.#entries.get(key);
    if (!old) return false;
    if (this.#sized) this.#unaccount(key, old);
    this.#entries.delete(key);
    return true;
  }

  /** Removes every key. */
  clear(): void {
    this.#entries.clear();
    this.#chars = 0;
    this.#wide = 0;
    this.#sized = true;
  }

  /** Upper bound of the bytes V8 needs for {@linkcode toJson}'s text. */
  byteSize(): number {
    this.#ensureSized();
    const chars = this.#chars + 2;
    return this.#wide > 0 ? chars * 2 : chars;
  }

  /** The whole map as JSON object text. */
  toJson(): string {
    return joinJsonObject(
      [...this.#entries].map(([key, entry]) => [key, this.#json(entry)]),
    );
  }

  /**
   * Applies recorded changes in order, as the last writer for each key.
   * Throws SessionTooLargeError if the merged result does not fit, and
   * whatever an update function throws.
   */
  apply(changes: readonly Change[]): void {
    for (const change of changes) {
      switch (change.op) {
        case "set":
          this.setJson(change.key, change.json);
          break;
        case "delete":
          this.delete(change.key);
          break;
        case "clear":
          this.clear();
          break;
        case "update":
          this.runUpdate(change.key, change.fn, change.fallback);
          break;
        case "updateMany":
          this.runUpdateMany(change.keys, change.fn);
          break;
      }
    }
  }

  /**
   * Runs an update function on a copy of the current value and stores the
   * result. Returns the stored value, or undefined when deleted.
   */
  // deno-lint-ignore no-explicit-any
  runUpdate(key: string, fn: UpdateFn<any>, fallback: string | undefined) {
    const current = this.has(key)
      ? this.copy(key)
      : fallback === undefined
      ? undefined
      : JSON.parse(fallback);
    const next = fn(current);
    if (next === undefined) {
      this.delete(key);
      return undefined;
    }
    return this.setJson(key, encodeJson(key, next));
  }

  /**
   * Runs an update function over several keys at once and stores what it
   * returns, all or nothing: when the result does not fit, every key keeps
   * its old value. Returns the values of `keys` afterwards.
   */
  runUpdateMany(
    keys: readonly string[],
    fn: UpdateManyFn,
  ): Record<string, JsonValue | undefined> {
    const current: Record<string, JsonValue | undefined> = {};
    for (const key of keys) current[key] = this.copy(key);
    const next = fn(current);
    // Encode everything first: a value that is not JSON changes nothing.
    const changes = keys.filter((key) => Object.hasOwn(next, key)).map(
      (key) => ({
        key,
        json: next[key] === undefined ? null : encodeJson(key, next[key]),
      }),
    );
    const before = changes.map(({ key }) => {
      const entry = this.#entries.get(key);
      return { key, json: entry ? this.#json(entry) : null };
    });
    try {
      for (const { key, json } of changes) {
        if (json === null) this.delete(key);
        else this.setJson(key, json);
      }
    } catch (error) {
      for (const { key } of changes) this.delete(key);
      for (const { key, json } of before) {
        if (json !== null) this.setJson(key, json);
      }
      throw error;
    }
    const out: Record<string, JsonValue | undefined> = {};
    for (const key of keys) out[key] = this.get(key);
    return out;
  }

  #json(entry: Entry): string {
    if (entry.json === null) entry.json = JSON.stringify(entry.value);
    return entry.json;
  }

  #ensureSized(): void {
    if (this.#sized) return;
    this.#sized = true;
    this.#chars = 0;
    this.#wide = 0;
    for (const [key, entry] of this.#entries) this.#account(key, entry);
  }

  #account(key: string, entry: Entry): void {
    const json = this.#json(entry);
    const keyJson = JSON.stringify(key);
    // key + ":" + value, and a "," separating it from the previous entry.
    this.#chars += keyJson.length + 1 + json.length + 1;
    if (WIDE_RE.test(keyJson) || WIDE_RE.test(json)) this.#wide++;
  }

  #unaccount(key: string, entry: Entry): void {
    const json = this.#json(entry);
    const keyJson = JSON.stringify(key);
    this.#chars -= keyJson.length + 1 + json.length + 1;
    if (WIDE_RE.test(keyJson) || WIDE_RE.test(json)) this.#wide--;
  }
}
