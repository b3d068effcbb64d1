/**
 * Serializes island props on the server and revives them in the browser.
 *
 * The server renders every island, collects the props of all islands on the
 * page into one array, and writes `serialize(allProps)` into
 * `<script type="application/json" id="__FRSH_STATE">`. The client reads that
 * text back with `deserialize()` before it hydrates. Serializing the whole
 * page in one call is what lets a signal (or any object) shared by two
 * islands stay one instance after hydration.
 *
 * This module runs on both sides (esbuild bundles it for the browser), so it
 * is pure: no Deno APIs, no `node:` imports, and no import of
 * `@preact/signals`. Signals are recognised structurally here and re-created
 * on the client through {@linkcode DeserializeHooks.signal}, so the client
 * bundle keeps a single signals instance.
 *
 * ## Format
 *
 * The output is one JSON array, a flat table:
 *
 * ```text
 * [ rootValue, node1, node2, ... ]
 * ```
 *
 * Index 0 holds the root, written as a *value*. Every object-like thing
 * (anything with identity) becomes a *node* at index 1 or above, and is
 * written once however often it is referenced, so shared references and
 * cycles need nothing special.
 *
 * A *value* is one of:
 *
 * | JSON             | meaning                                   |
 * | ---------------- | ----------------------------------------- |
 * | `null`, `true`, `false`, a string, a finite number | itself  |
 * | `[k]`, `k >= 1`  | a reference to node `k`                   |
 * | `[-1]`           | `undefined`                               |
 * | `[-2]`           | `NaN`                                     |
 * | `[-3]`           | `Infinity`                                |
 * | `[-4]`           | `-Infinity`                               |
 * | `[-5]`           | `-0`                                      |
 * | `[-6]`           | a hole (only as an element of an array)   |
 *
 * A *node* is either a JSON object, which is a plain object whose property
 * values are *values*, or a JSON array that starts with a tag:
 *
 * | node                       | meaning                                  |
 * | -------------------------- | ---------------------------------------- |
 * | `{"k": value, ...}`        | plain object (`Object.prototype`)        |
 * | `["O", {"k": value, ...}]` | object with a `null` prototype           |
 * | `["A", value, ...]`        | array                                    |
 * | `["$", value]`             | signal (a `computed` becomes a signal)   |
 * | `["D", ms]`                | `Date`; `ms` is `null` for an invalid date |
 * | `["U", base64]`            | `Uint8Array` (bytes of the view only)    |
 * | `["B", digits]`            | `BigInt`, as decimal text                |
 * | `["M", key, value, ...]`   | `Map`, keys and values alternating       |
 * | `["S", value, ...]`        | `Set`                                    |
 * | `["V", id]`                | a JSX slot from `encodeVNode`            |
 *
 * For example `{ a: 1, s: signal([1]) }` becomes
 * `[[1],{"a":1,"s":[2]},["$",[3]],["A",1]]`.
 *
 * Finally `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX` escapes, so
 * the text can sit inside a `<script>` element: a prop such as
 * `"</script><script>"` or `"<!--"` can never end the element early.
 *
 * ## What is kept and what is not
 *
 * - Plain objects keep their own enumerable string keys, `__proto__`
 *   included (as an own property; it never sets the prototype). Symbol keys
 *   and non-enumerable properties are dropped. Getters are read once.
 * - Sparse arrays keep their holes, one `[-6]` per hole, so the output grows
 *   with `length` (an array with only `a[1e6]` set writes a million holes).
 *   Extra non-index properties on arrays,
 *   dates, maps and so on are dropped.
 * - A `Uint8Array` is copied: a view into a larger buffer comes back as a
 *   fresh array of just its bytes.
 * - Functions, symbols, VNodes without a hook, and instances of any other
 *   class (`URL`, `WeakMap`, `Promise`, your own classes, other typed
 *   arrays) throw a {@linkcode SerializationError} naming the path.
 *
 * @example Server and client
 * ```ts
 * import { signal } from "@preact/signals";
 * import { deserialize, serialize } from "./serializer.ts";
 *
 * const count = signal(0);
 * const text = serialize([{ count }, { count }]);
 * const [a, b] = deserialize(text, { signal }) as { count: unknown }[];
 * console.assert(a.count === b.count);
 * ```
 *
 * @module
 */
import type { VNode } from "preact";

/** Hooks for {@linkcode serialize}. */
export interface SerializeHooks {
  /**
   * Called once for each distinct Preact VNode found in props (JSX
   * `children` passed to an island). Returns a slot id that the runtime
   * renders on the server.
   *
   * @default {undefined} a VNode in props is an error
   */
  encodeVNode?: (vnode: VNode) => number;
}

/** Hooks for {@linkcode deserialize}. */
export interface DeserializeHooks {
  /** Creates a signal holding `value`: the client passes @preact/signals' `signal`. */
  signal: (value: unknown) => unknown;
  /**
   * Turns a slot id back into something renderable (on the client, a
   * component that keeps the server-rendered HTML).
   *
   * @default {undefined} a slot in the input is an error
   */
  slot?: (id: number) => unknown;
}

/**
 * Thrown when a value cannot be serialized, or when text handed to
 * {@linkcode deserialize} is malformed.
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

/** The name of the root in error paths. */
const ROOT_PATH = "props";

const UNDEFINED = -1;
const NAN = -2;
const INFINITY = -3;
const NEGATIVE_INFINITY = -4;
const NEGATIVE_ZERO = -5;
const HOLE = -6;

// Constant values are shared arrays: JSON.stringify only reads them.
const UNDEFINED_VALUE = [UNDEFINED] as const;
const NAN_VALUE = [NAN] as const;
const INFINITY_VALUE = [INFINITY] as const;
const NEGATIVE_INFINITY_VALUE = [NEGATIVE_INFINITY] as const;
const NEGATIVE_ZERO_VALUE = [NEGATIVE_ZERO] as const;
const HOLE_VALUE = [HOLE] as const;

const TAG_NULL_PROTO = "O";
const TAG_ARRAY = "A";
const TAG_SIGNAL = "$";
const TAG_DATE = "D";
const TAG_BYTES = "U";
const TAG_BIGINT = "B";
const TAG_MAP = "M";
const TAG_SET = "S";
const TAG_SLOT = "V";

/** The structural shape of a @preact/signals-core `Signal` (or `Computed`). */
interface SignalLike {
  value: unknown;
  peek(): unknown;
  subscribe(fn: (value: unknown) => void): () => void;
}

/** A JSON value as written into the table. */
type Encoded = unknown;

type Dict = Record<string, unknown>;

const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const dateProto = Date.prototype;
const bytesProto = Uint8Array.prototype;
const mapProto = Map.prototype;
const setProto = Set.prototype;

/**
 * Whether `value` looks like a @preact/signals-core signal. Checked
 * structurally so that this module never imports a signals instance.
 */
function isSignal(value: object): value is SignalLike {
  const candidate = value as Partial<SignalLike>;
  return typeof candidate.peek === "function" &&
    typeof candidate.subscribe === "function" && "value" in candidate;
}

/**
 * Whether `value` (already known to have `Object.prototype`) is a Preact
 * VNode: Preact builds vnodes as object literals with an own
 * `constructor: undefined`, which no ordinary plain object has.
 */
function isVNode(value: object): value is VNode {
  return (value as { constructor?: unknown }).constructor === undefined &&
    "type" in value && "props" in value;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Formats one step of an error path. */
function formatKey(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeMapKey(key: unknown): string {
  if (typeof key === "string") return JSON.stringify(key);
  if (typeof key === "number" || typeof key === "boolean" || key === null) {
    return String(key);
  }
  return "…";
}

function describeInstance(value: object): string {
  const ctor = (value as { constructor?: unknown }).constructor;
  const name = typeof ctor === "function" ? ctor.name : "";
  return name
    ? `instances of ${name} are not serializable`
    : "objects with a custom prototype are not serializable";
}

/** Binary string to base64 in chunks, to stay under argument-count limits. */
function bytesToBase64(bytes: Uint8Array): string {
  const CHUNK = 0x8000;
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(
      null,
      bytes.subarray(i, i + CHUNK) as unknown as number[],
    );
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * One serialization run. Nodes are numbered in the order they are first
 * met and encoded breadth-first from a queue, so deep nesting never grows
 * the call stack and each node is visited once (linear in the input).
 * Paths are kept as parent links and built only when an error is thrown.
 */
class Encoder {
  /** Original value of each node; index 0 is the root. */
  readonly values: unknown[];
  /** Node each node was first found in, for error paths. */
  readonly parents: number[] = [-1];
  /** Key (property name or position) under that parent. */
  readonly keys: (string | number)[] = [""];
  readonly table: Encoded[] = [null];
  readonly ids = new Map<unknown, number>();
  readonly encodeVNode: SerializeHooks["encodeVNode"];

  constructor(root: unknown, hooks: SerializeHooks | undefined) {
    this.values = [root];
    this.encodeVNode = hooks?.encodeVNode;
  }

  run(): Encoded[] {
    this.table[0] = this.value(this.values[0], -1, "");
    for (let i = 1; i < this.values.length; i++) {
      this.table[i] = this.node(this.values[i] as object | bigint, i);
    }
    return this.table;
  }

  /** Encodes a value found under `key` of node `parent`. */
  value(value: unknown, parent: number, key: string | number): Encoded {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (value === 0) return 1 / value < 0 ? NEGATIVE_ZERO_VALUE : 0;
        if (Number.isFinite(value)) return value;
        if (value !== value) return NAN_VALUE;
        return value > 0 ? INFINITY_VALUE : NEGATIVE_INFINITY_VALUE;
      case "undefined":
        return UNDEFINED_VALUE;
      case "object":
        if (value === null) return null;
        return this.reference(value, parent, key);
      case "bigint":
        return this.reference(value, parent, key);
      case "function":
        throw this.error(parent, key, "functions are not serializable");
      case "symbol":
        throw this.error(parent, key, "symbols are not serializable");
    }
    throw this.error(
      parent,
      key,
      `${typeof value} values are not serializable`,
    );
  }

  reference(value: unknown, parent: number, key: string | number): Encoded {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
      this.parents.push(parent);
      this.keys.push(key);
    }
    return [id];
  }

  /** Encodes the node at `index`, whose value is `value`. */
  node(value: object | bigint, index: number): Encoded {
    if (typeof value === "bigint") return [TAG_BIGINT, value.toString()];
    const proto = Object.getPrototypeOf(value);
    if (proto === objectProto) {
      if (isVNode(value)) return this.slot(value, index);
      return this.object(value as Dict, index);
    }
    if (proto === null) {
      return [TAG_NULL_PROTO, this.object(value as Dict, index)];
    }
    if (proto === arrayProto) return this.array(value as unknown[], index);
    if (proto === dateProto) {
      const time = (value as Date).getTime();
      return [TAG_DATE, time === time ? time : null];
    }
    if (proto === bytesProto) {
      return [TAG_BYTES, bytesToBase64(value as Uint8Array)];
    }
    if (proto === mapProto) {
      const out: Encoded[] = [TAG_MAP];
      let position = 0;
      for (const [k, v] of value as Map<unknown, unknown>) {
        out.push(this.value(k, index, position++));
        out.push(this.value(v, index, position++));
      }
      return out;
    }
    if (proto === setProto) {
      const out: Encoded[] = [TAG_SET];
      let position = 0;
      for (const v of value as Set<unknown>) {
        out.push(this.value(v, index, position++));
      }
      return out;
    }
    // Checked last: signals are class instances, and `peek()` runs a
    // computed without subscribing the caller to it.
    if (isSignal(value)) {
      return [TAG_SIGNAL, this.value(value.peek(), index, "value")];
    }
    throw this.error(
      this.parents[index],
      this.keys[index],
      describeInstance(value),
    );
  }

  object(value: Dict, index: number): Dict {
    const out: Dict = {};
    for (const key of Object.keys(value)) {
      const encoded = this.value(value[key], index, key);
      if (key === "__proto__") {
        // Plain assignment would call the `__proto__` setter instead of
        // creating the own property that JSON.stringify writes out.
        Object.defineProperty(out, key, {
          value: encoded,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        out[key] = encoded;
      }
    }
    return out;
  }

  array(value: unknown[], index: number): Encoded[] {
    const length = value.length;
    const out: Encoded[] = new Array(length + 1);
    out[0] = TAG_ARRAY;
    for (let i = 0; i < length; i++) {
      const item = value[i];
      out[i + 1] = item === undefined && !(i in value)
        ? HOLE_VALUE
        : this.value(item, index, i);
    }
    return out;
  }

  slot(vnode: VNode, index: number): Encoded {
    const encode = this.encodeVNode;
    if (encode === undefined) {
      throw this.error(
        this.parents[index],
        this.keys[index],
        "JSX elements are only serializable with an encodeVNode hook",
      );
    }
    const id = encode(vnode);
    if (!Number.isInteger(id)) {
      throw this.error(
        this.parents[index],
        this.keys[index],
        `encodeVNode returned ${String(id)}, not an integer slot id`,
      );
    }
    return [TAG_SLOT, id];
  }

  error(
    parent: number,
    key: string | number,
    reason: string,
  ): SerializationError {
    return new SerializationError(this.path(parent, key), reason);
  }

  /** Builds the path of the value under `key` of node `parent`. */
  path(parent: number, key: string | number): string {
    const steps: string[] = [];
    while (parent >= 0) {
      steps.push(this.step(parent, key));
      key = this.keys[parent];
      parent = this.parents[parent];
    }
    return ROOT_PATH + steps.reverse().join("");
  }

  step(parent: number, key: string | number): string {
    const container = this.values[parent];
    // Object keys, and "value" under a signal.
    if (typeof key === "string") return formatKey(key);
    if (container instanceof Map) {
      const entry = key >> 1;
      if (key % 2 === 0) return `.keys()[${entry}]`;
      const mapKey = Array.from(container.keys())[entry];
      return `.get(${describeMapKey(mapKey)})`;
    }
    if (container instanceof Set) return `.values()[${key}]`;
    return `[${key}]`;
  }
}

/**
 * Serializes `value` to JSON text that is safe to embed in a `<script>`
 * element. Shared references and cycles are preserved; see the module
 * documentation for the format and for what is supported.
 *
 * @param value The props to serialize, usually an array of every island's props on the page.
 * @param hooks How to encode JSX passed to islands.
 * @returns JSON text without raw `<`, `>`, `&`, U+2028 or U+2029.
 * @throws {SerializationError} if `value` holds something unsupported; the message names its path.
 *
 * @example
 * ```ts
 * serialize({ title: "</script>" }); // '[[1],{"title":"\\u003c/script\\u003e"}]'
 * ```
 */
export function serialize(value: unknown, hooks?: SerializeHooks): string {
  const table = new Encoder(value, hooks).run();
  return escapeForScript(JSON.stringify(table));
}

const UNSAFE_IN_SCRIPT = /[<>&\u2028\u2029]/g;

const SCRIPT_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function escapeChar(char: string): string {
  return SCRIPT_ESCAPES[char];
}

/**
 * These characters can only occur inside JSON strings, where a `\uXXXX`
 * escape means the same thing, so the text stays valid JSON.
 * @see https://html.spec.whatwg.org/multipage/scripting.html#restrictions-for-contents-of-script-elements
 */
function escapeForScript(json: string): string {
  return json.replace(UNSAFE_IN_SCRIPT, escapeChar);
}

/**
 * One deserialization run over a parsed table. Runs in three passes so that
 * every reference resolves to the same instance, cycles included:
 *
 * 1. create every node empty (dates, bytes and bigints complete);
 * 2. create every signal, with its value when that value is already known;
 * 3. fill objects, arrays, maps and sets.
 */
class Decoder {
  readonly table: unknown[];
  readonly hooks: DeserializeHooks;
  readonly nodes: unknown[];
  /** For signal nodes: 0 not created, 1 being created, 2 created. */
  readonly signalState: Uint8Array;
  /** Signals created before their value existed (signal-only cycles). */
  readonly pendingSignals: number[] = [];

  constructor(table: unknown[], hooks: DeserializeHooks) {
    this.table = table;
    this.hooks = hooks;
    this.nodes = new Array(table.length);
    this.signalState = new Uint8Array(table.length);
  }

  run(): unknown {
    const table = this.table;
    for (let i = 1; i < table.length; i++) this.nodes[i] = this.shell(i);
    for (let i = 1; i < table.length; i++) {
      if (this.isSignalNode(i)) this.createSignal(i);
    }
    for (let i = 1; i < table.length; i++) this.fill(i);
    for (const i of this.pendingSignals) {
      const value = this.value((table[i] as unknown[])[1], i);
      (this.nodes[i] as { value: unknown }).value = value;
    }
    return this.value(table[0], 0);
  }

  fail(index: number, reason: string): SerializationError {
    return new SerializationError(
      index === 0 ? "root" : `node ${index}`,
      reason,
      "deserialize",
    );
  }

  isSignalNode(index: number): boolean {
    const node = this.table[index];
    return Array.isArray(node) && node[0] === TAG_SIGNAL;
  }

  /** Creates the (possibly still empty) instance for node `index`. */
  shell(index: number): unknown {
    const node = this.table[index];
    if (typeof node !== "object" || node === null) {
      throw this.fail(index, "expected an object or a tagged array");
    }
    if (!Array.isArray(node)) return {};
    const payload = node[1];
    switch (node[0]) {
      case TAG_ARRAY:
        return new Array(node.length - 1);
      case TAG_NULL_PROTO:
        if (
          node.length !== 2 || typeof payload !== "object" ||
          payload === null || Array.isArray(payload)
        ) {
          throw this.fail(
            index,
            "a null-prototype object needs one JSON object",
          );
        }
        return Object.create(null);
      case TAG_SIGNAL:
        if (node.length !== 2) {
          throw this.fail(index, "a signal needs one value");
        }
        return undefined;
      case TAG_DATE:
        if (
          node.length !== 2 || (payload !== null && typeof payload !== "number")
        ) {
          throw this.fail(index, "a date needs a number or null");
        }
        return new Date(payload === null ? NaN : payload);
      case TAG_BYTES:
        if (node.length !== 2 || typeof payload !== "string") {
          throw this.fail(index, "a Uint8Array needs a base64 string");
        }
        try {
          return base64ToBytes(payload);
        } catch {
          throw this.fail(index, "invalid base64");
        }
      case TAG_BIGINT:
        if (
          node.length !== 2 || typeof payload !== "string" ||
          !/^-?\d+$/.test(payload)
        ) {
          throw this.fail(index, "a BigInt needs decimal digits");
        }
        return BigInt(payload);
      case TAG_MAP:
        if (node.length % 2 !== 1) {
          throw this.fail(index, "a Map needs key and value pairs");
        }
        return new Map();
      case TAG_SET:
        return new Set();
      case TAG_SLOT: {
        if (node.length !== 2 || !Number.isInteger(payload)) {
          throw this.fail(index, "a slot needs an integer id");
        }
        const slot = this.hooks.slot;
        if (typeof slot !== "function") {
          throw this.fail(
            index,
            "the input has a JSX slot but no slot hook was given",
          );
        }
        return slot(payload as number);
      }
      default:
        throw this.fail(index, `unknown tag ${JSON.stringify(node[0])}`);
    }
  }

  /**
   * Creates the signal of node `start`. A signal whose value is another
   * signal needs that one first, so this follows the chain (iteratively)
   * and creates it from the far end back. A chain that loops back on itself
   * starts with an `undefined` signal whose value is set at the end.
   */
  createSignal(start: number): void {
    if (this.signalState[start] === 2) return;
    const create = this.hooks.signal;
    if (typeof create !== "function") {
      throw this.fail(
        start,
        "the input has a signal but no signal hook was given",
      );
    }
    const chain: number[] = [];
    let index = start;
    while (this.signalState[index] === 0) {
      this.signalState[index] = 1;
      chain.push(index);
      const target = this.signalTarget(index);
      if (target === -1 || this.signalState[target] === 2) break;
      index = target;
      if (this.signalState[index] === 1) {
        // A cycle made only of signals: break it at `index`.
        this.nodes[index] = create(undefined);
        this.signalState[index] = 2;
        this.pendingSignals.push(index);
        break;
      }
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const at = chain[i];
      if (this.signalState[at] === 2) continue;
      this.nodes[at] = create(this.value((this.table[at] as unknown[])[1], at));
      this.signalState[at] = 2;
    }
  }

  /** The node a signal's value refers to if that node is a signal, else -1. */
  signalTarget(index: number): number {
    const value = (this.table[index] as unknown[])[1];
    if (!Array.isArray(value) || value.length !== 1) return -1;
    const target = value[0];
    return typeof target === "number" && Number.isInteger(target) &&
        target >= 1 && target < this.table.length && this.isSignalNode(target)
      ? target
      : -1;
  }

  /** Fills the container of node `index` with its decoded contents. */
  fill(index: number): void {
    const node = this.table[index] as Dict | unknown[];
    const target = this.nodes[index];
    if (!Array.isArray(node)) {
      this.fillObject(node, target as Dict, index);
      return;
    }
    switch (node[0]) {
      case TAG_NULL_PROTO:
        this.fillObject(node[1] as Dict, target as Dict, index);
        return;
      case TAG_ARRAY: {
        const array = target as unknown[];
        for (let i = 1; i < node.length; i++) {
          const item = node[i];
          if (isConstant(item, HOLE)) continue;
          array[i - 1] = this.value(item, index);
        }
        return;
      }
      case TAG_MAP: {
        const map = target as Map<unknown, unknown>;
        for (let i = 1; i < node.length; i += 2) {
          map.set(this.value(node[i], index), this.value(node[i + 1], index));
        }
        return;
      }
      case TAG_SET: {
        const set = target as Set<unknown>;
        for (let i = 1; i < node.length; i++) {
          set.add(this.value(node[i], index));
        }
        return;
      }
    }
  }

  fillObject(source: Dict, target: Dict, index: number): void {
    for (const key of Object.keys(source)) {
      const value = this.value(source[key], index);
      if (key === "__proto__") {
        // Assignment would run the `__proto__` setter and swap the prototype.
        Object.defineProperty(target, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else {
        target[key] = value;
      }
    }
  }

  /** Decodes a value found in node `index`. */
  value(encoded: unknown, index: number): unknown {
    if (typeof encoded !== "object" || encoded === null) {
      if (typeof encoded === "number" && !Number.isFinite(encoded)) {
        throw this.fail(index, "numbers must be finite");
      }
      return encoded;
    }
    if (!Array.isArray(encoded) || encoded.length !== 1) {
      throw this.fail(index, `invalid value ${JSON.stringify(encoded)}`);
    }
    const ref = encoded[0];
    if (typeof ref === "number" && Number.isInteger(ref)) {
      if (ref >= 1 && ref < this.table.length) {
        const node = this.nodes[ref];
        if (
          node === undefined && this.signalState[ref] !== 2 &&
          this.isSignalNode(ref)
        ) {
          throw this.fail(index, `signal node ${ref} is used before it exists`);
        }
        return node;
      }
      switch (ref) {
        case UNDEFINED:
          return undefined;
        case NAN:
          return NaN;
        case INFINITY:
          return Infinity;
        case NEGATIVE_INFINITY:
          return -Infinity;
        case NEGATIVE_ZERO:
          return -0;
      }
    }
    throw this.fail(index, `invalid reference ${JSON.stringify(encoded)}`);
  }
}

function isConstant(encoded: unknown, constant: number): boolean {
  return Array.isArray(encoded) && encoded.length === 1 &&
    encoded[0] === constant;
}

/**
 * Revives text written by {@linkcode serialize}. Every shared reference
 * becomes one shared instance, cycles included, and each signal is created
 * once through `hooks.signal`.
 *
 * @param text The contents of the `__FRSH_STATE` script element.
 * @param hooks How to create signals and JSX slots.
 * @returns The revived value.
 * @throws {SerializationError} if the text is not JSON or not in this format.
 *
 * @example
 * ```ts
 * import { signal } from "@preact/signals";
 * const state = document.getElementById("__FRSH_STATE")!.textContent!;
 * const props = deserialize(state, { signal }) as Record<string, unknown>[];
 * ```
 */
export function deserialize(text: string, hooks: DeserializeHooks): unknown {
  let table: unknown;
  try {
    table = JSON.parse(text);
  } catch (error) {
    throw new SerializationError(
      "text",
      `not valid JSON (${(error as Error).message})`,
      "deserialize",
    );
  }
  if (!Array.isArray(table) || table.length === 0) {
    throw new SerializationError(
      "text",
      "expected a non-empty JSON array",
      "deserialize",
    );
  }
  return new Decoder(table, hooks).run();
}
