/**
 * JSON-only session values: the validation `Session.set()` runs, and the
 * size estimate that keeps a session inside one Deno KV value.
 *
 * Values are stored as JSON text, never as live objects, for two reasons:
 * a deep copy at `set` time means later mutation of the caller's object
 * cannot leak into the session, and the byte size of JSON text inside V8's
 * serializer (which Deno KV uses) is easy to bound, so an oversized session
 * is refused before anything is written.
 *
 * @module
 */

/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * Deno KV refuses values over 64 KiB. The record around the data (ids,
 * timestamps, user agent summary, V8 tags) stays well under 2 KiB because
 * each of its strings is capped, so the data itself gets the rest.
 */
export const MAX_DATA_BYTES = 65536 - 2048;

/**
 * Checks that `value` is JSON-compatible and returns its JSON text.
 * Throws a TypeError naming `key` and the path to the offending part.
 *
 * Rejected: `undefined`, functions, symbols, bigint, NaN and ±Infinity,
 * class instances (Date, Map, …; only plain objects and arrays pass),
 * sparse arrays, and cycles. Shared references that are not cycles are
 * fine: they are copied twice.
 *
 * @param key The session key, for the error message.
 * @param value The value to check.
 * @example
 * ```ts
 * encodeJson("cart", [1, 2]); // "[1,2]"
 * encodeJson("when", new Date()); // TypeError: Session value for "when" …
 * ```
 */
export function encodeJson(key: string, value: unknown): string {
  check(key, value, "", new Set());
  return JSON.stringify(value);
}

function fail(key: string, path: string, what: string): never {
  throw new TypeError(
    `Session value for ${JSON.stringify(key)} is not JSON-compatible: ` +
      `${path ? `at ${path}, ` : ""}${what}. ` +
      `Store only null, booleans, finite numbers, strings, arrays and plain objects.`,
  );
}

function check(
  key: string,
  value: unknown,
  path: string,
  ancestors: Set<object>,
): void {
  const type = typeof value;
  if (type === "string" || type === "boolean") return;
  if (type === "number") {
    if (!Number.isFinite(value)) fail(key, path, `${value} is not finite`);
    return;
  }
  if (type === "undefined") {
    fail(key, path, "undefined is not allowed (use null or delete the key)");
  }
  if (type !== "object") fail(key, path, `a ${type} is not allowed`);
  if (value === null) return;
  const object = value as object;
  if (ancestors.has(object)) fail(key, path, "the value contains a cycle");
  ancestors.add(object);
  if (Array.isArray(object)) {
    if (Object.getPrototypeOf(object) !== Array.prototype) {
      fail(key, path, "array subclasses are not allowed");
    }
    for (let i = 0; i < object.length; i++) {
      // A hole would silently become null in JSON.
      if (!(i in object)) {
        fail(key, `${path}[${i}]`, "sparse arrays are not allowed");
      }
      check(key, object[i], `${path}[${i}]`, ancestors);
    }
  } else {
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      const name = (object as { constructor?: { name?: string } }).constructor
        ?.name;
      fail(key, path, `a ${name || "class"} instance is not a plain object`);
    }
    if (Object.getOwnPropertySymbols(object).length > 0) {
      fail(key, path, "symbol keys are not allowed");
    }
    // A toJSON method would make the stored value differ from the object.
    if (typeof (object as { toJSON?: unknown }).toJSON === "function") {
      fail(key, path, "objects with toJSON are not allowed");
    }
    for (const [name, child] of Object.entries(object)) {
      check(key, child, `${path}.${name}`, ancestors);
    }
  }
  ancestors.delete(object);
}

/**
 * An upper bound on the bytes V8's serializer needs for `text` as a string:
 * Latin-1 strings are stored one byte per character, anything else two.
 *
 * @param text JSON text.
 */
export function encodedSize(text: string): number {
  // deno-lint-ignore no-control-regex
  return /[^\u0000-\u00ff]/.test(text) ? text.length * 2 : text.length;
}

/**
 * Serializes a key→JSON-text map into one JSON object text without parsing
 * the values again.
 *
 * @param entries Keys with their JSON text.
 */
export function joinJsonObject(entries: Iterable<[string, string]>): string {
  let out = "{";
  let first = true;
  for (const [key, json] of entries) {
    if (!first) out += ",";
    out += JSON.stringify(key) + ":" + json;
    first = false;
  }
  return out + "}";
}
