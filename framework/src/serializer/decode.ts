// Long file: one class, the decoder's three passes over a shared table of
// nodes; each tag's checks sit beside its revival, which splitting would part.
/**
 * The browser side of island props: revives the table described in
 * `format.ts`. Pure, so it also runs on the server and in tests.
 *
 * @module
 */
import { base64ToBytes } from "./base64.ts";
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

/** Assignment would run the `__proto__` setter and swap the prototype. */
function defineOwn(target: Dict, key: string, value: unknown): void {
  if (key === "__proto__") {
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

/**
 * One run over a parsed table, in three passes so every reference resolves
 * to one instance, cycles included: create every node empty, create every
 * signal, then fill objects, arrays, maps and sets.
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
    if (!Array.isArray(node)) {
      throw this.fail(index, "expected a tagged array");
    }
    const payload = node[1];
    switch (node[0]) {
      case TAG_ARRAY:
        return new Array(node.length - 1);
      case TAG_OBJECT:
        this.checkKeys(node, index);
        return {};
      case TAG_NULL_PROTO:
        this.checkKeys(node, index);
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

  /** Checks that an object node holds string keys, each with a value. */
  checkKeys(node: unknown[], index: number): void {
    if (node.length % 2 !== 1) {
      throw this.fail(index, "an object needs key and value pairs");
    }
    for (let i = 1; i < node.length; i += 2) {
      if (typeof node[i] !== "string") {
        throw this.fail(index, "object keys must be strings");
      }
    }
  }

  /**
   * Creates the signal of node `start`, following a chain of signals that
   * hold signals from its far end back; a loop is broken with an
   * `undefined` signal whose value is set at the end.
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
    const node = this.table[index] as unknown[];
    const target = this.nodes[index];
    switch (node[0]) {
      case TAG_OBJECT:
      case TAG_NULL_PROTO: {
        const object = target as Dict;
        for (let i = 1; i < node.length; i += 2) {
          defineOwn(object, node[i] as string, this.value(node[i + 1], index));
        }
        return;
      }
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
 * Revives text written by `serialize`. Every shared reference
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
