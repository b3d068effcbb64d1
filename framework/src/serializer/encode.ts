/**
 * The server side of island props: turns a value graph into the table
 * described in `format.ts`, then escapes it for a `<script>` element.
 *
 * @module
 */
import type { VNode } from "preact";
import { bytesToBase64 } from "./base64.ts";
import { escapeForScript } from "./escape.ts";
import {
  type Dict,
  HOLE,
  INFINITY,
  NAN,
  NEGATIVE_INFINITY,
  NEGATIVE_ZERO,
  SerializationError,
  TAG_ARRAY,
  TAG_BIGINT,
  TAG_BYTES,
  TAG_DATE,
  TAG_MAP,
  TAG_NULL_PROTO,
  TAG_OBJECT,
  TAG_SET,
  TAG_SIGNAL,
  TAG_SLOT,
  UNDEFINED,
} from "./format.ts";

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

/** The structural shape of a @preact/signals-core `Signal` (or `Computed`). */
interface SignalLike {
  value: unknown;
  peek(): unknown;
  subscribe(fn: (value: unknown) => void): () => void;
}

/** A JSON value as written into the table. */
type Encoded = unknown;

/** The name of the root in error paths. */
const ROOT_PATH = "props";

// Shared arrays: JSON.stringify only reads them.
const UNDEFINED_VALUE = [UNDEFINED] as const;
const NAN_VALUE = [NAN] as const;
const INFINITY_VALUE = [INFINITY] as const;
const NEGATIVE_INFINITY_VALUE = [NEGATIVE_INFINITY] as const;
const NEGATIVE_ZERO_VALUE = [NEGATIVE_ZERO] as const;
const HOLE_VALUE = [HOLE] as const;

const objectProto = Object.prototype;
const arrayProto = Array.prototype;
const dateProto = Date.prototype;
const bytesProto = Uint8Array.prototype;
const mapProto = Map.prototype;
const setProto = Set.prototype;

/** Checked by shape, so this module never imports a signals instance. */
function isSignal(value: object): value is SignalLike {
  const candidate = value as Partial<SignalLike>;
  return typeof candidate.peek === "function" &&
    typeof candidate.subscribe === "function" && "value" in candidate;
}

/** Preact vnodes are plain objects with an own `constructor: undefined`. */
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

/**
 * One serialization run. Nodes are encoded breadth-first from a queue so
 * deep nesting never grows the call stack; error paths are built from
 * parent links only when an error is thrown.
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
      return this.object(TAG_OBJECT, value as Dict, index);
    }
    if (proto === null) {
      return this.object(TAG_NULL_PROTO, value as Dict, index);
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
    // Last, as signals are class instances; `peek()` reads without subscribing.
    if (isSignal(value)) {
      return [TAG_SIGNAL, this.value(value.peek(), index, "value")];
    }
    throw this.error(
      this.parents[index],
      this.keys[index],
      describeInstance(value),
    );
  }

  /** Keys go out as strings in an array: see `format.ts` for why not a JSON object. */
  object(tag: string, value: Dict, index: number): Encoded[] {
    const out: Encoded[] = [tag];
    for (const key of Object.keys(value)) {
      out.push(key, this.value(value[key], index, key));
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
 * element. Shared references and cycles are preserved; `format.ts`
 * describes the format and what is supported.
 *
 * @param value The props to serialize, usually an array of every island's props on the page.
 * @param hooks How to encode JSX passed to islands.
 * @returns JSON text without raw `<`, `>`, `&`, U+2028 or U+2029.
 * @throws {SerializationError} if `value` holds something unsupported; the message names its path.
 *
 * @example
 * ```ts
 * serialize({ title: "</script>" }); // '[[1],["P","title","\\u003c/script\\u003e"]]'
 * ```
 */
export function serialize(value: unknown, hooks?: SerializeHooks): string {
  const table = new Encoder(value, hooks).run();
  return escapeForScript(JSON.stringify(table));
}
