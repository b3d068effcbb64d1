/**
 * The wire format shared by the encoder and the decoder of island props.
 *
 * The output of `serialize` is one JSON array, a flat table
 * `[rootValue, node1, node2, ...]`. Index 0 holds the root, written as a
 * *value*. Every object-like thing (anything with identity, and bigints)
 * becomes a *node* at index 1 or above, written once however often it is
 * referenced, so shared references and cycles need nothing special.
 *
 * A *value* is one of:
 *
 * | JSON                                               | meaning                       |
 * | -------------------------------------------------- | ----------------------------- |
 * | `null`, `true`, `false`, a string, a finite number | itself                        |
 * | `[k]`, `k >= 1`                                    | a reference to node `k`       |
 * | `[-1]` … `[-5]`                                    | `undefined`, `NaN`, `Infinity`, `-Infinity`, `-0` |
 * | `[-6]`                                             | a hole (only in an array)     |
 *
 * A *node* is a JSON array that starts with a tag:
 *
 * | node                       | meaning                                    |
 * | -------------------------- | ------------------------------------------ |
 * | `["P", "k", value, ...]`   | plain object (`Object.prototype`)          |
 * | `["O", "k", value, ...]`   | object with a `null` prototype             |
 * | `["A", value, ...]`        | array                                      |
 * | `["$", value]`             | signal (a `computed` becomes a signal)     |
 * | `["D", ms]`                | `Date`; `ms` is `null` for an invalid date |
 * | `["U", base64]`            | `Uint8Array` (bytes of the view only)      |
 * | `["B", digits]`            | `BigInt`, as decimal text                  |
 * | `["M", key, value, ...]`   | `Map`, keys and values alternating         |
 * | `["S", value, ...]`        | `Set`                                      |
 * | `["V", id]`                | a JSX slot from `encodeVNode`              |
 *
 * For example `{ a: 1, s: signal([1]) }` becomes
 * `[[1],["P","a",1,"s",[2]],["$",[3]],["A",1]]`. Finally `<`, `>`, `&`,
 * U+2028 and U+2029 are written as `\uXXXX` escapes (see `escape.ts`).
 *
 * Property names are strings in an array, never JSON object keys: Deno's
 * V8 15.0 `JSON.parse` reads a one-character key written as an escape
 * (`{"a":1,"\u003c":2}`) as `"\\"` once an object of the same shape had
 * a `"\\"` key there, and the script escaping turns every `<`, `>` and `&`
 * key into such an escape. String values do not go through that path.
 *
 * What is kept:
 * - Plain objects keep their own enumerable string keys, `__proto__`
 *   included as an own property; symbol keys and non-enumerable properties
 *   are dropped, and getters are read once.
 * - Sparse arrays keep their holes, one `[-6]` each, so the output grows
 *   with `length`. Extra non-index properties on arrays, dates, maps and
 *   so on are dropped.
 * - A `Uint8Array` view comes back as a fresh array of just its bytes.
 * - Functions, symbols, VNodes without a hook, and instances of any other
 *   class throw a {@linkcode SerializationError} naming the path.
 *
 * @module
 */

/**
 * Thrown when a value cannot be serialized, or when text handed to
 * `deserialize` is malformed.
 */
export class SerializationError extends TypeError {
  /**
   * Where the problem is: a property path such as `props.onClick` when
   * serializing, or a position such as `node 3` when deserializing.
   */
  path: string;

  constructor(path: string, reason: string, verb = "serialize") {
    super(`Cannot ${verb} ${path}: ${reason}`);
    this.name = "SerializationError";
    this.path = path;
  }
}

export const UNDEFINED = -1;
export const NAN = -2;
export const INFINITY = -3;
export const NEGATIVE_INFINITY = -4;
export const NEGATIVE_ZERO = -5;
export const HOLE = -6;

export const TAG_OBJECT = "P";
export const TAG_NULL_PROTO = "O";
export const TAG_ARRAY = "A";
export const TAG_SIGNAL = "$";
export const TAG_DATE = "D";
export const TAG_BYTES = "U";
export const TAG_BIGINT = "B";
export const TAG_MAP = "M";
export const TAG_SET = "S";
export const TAG_SLOT = "V";

export type Dict = Record<string, unknown>;
