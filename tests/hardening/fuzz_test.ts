/**
 * Scenario 6, fuzzing with fast-check: the cookie helpers (round-trip and
 * garbage), the island prop serializer on random object graphs with cycles
 * and shared signals (tests/framework/serializer_test.ts covers values and
 * flat sharing; this adds arbitrary cyclic graphs and hostile input), and
 * the real SessionManager under random interleavings of concurrent
 * requests from two "processes" on one KV, where no update may be lost.
 */
import { ok, strictEqual, throws } from "node:assert";
import fc from "fast-check";
import { Signal, signal } from "@preact/signals";
import {
  deserialize,
  SerializationError,
  serialize,
} from "../../framework/src/serializer/mod.ts";
import {
  generateSetCookie,
  getCookie,
  getCookies,
} from "../../utils/cookie.ts";
import { silentLogger } from "../../utils/session/logger.ts";
import { createSessionManager } from "../../utils/session/manager.ts";
import { scale } from "./_scale.ts";

const RUNS = scale(200, 2000);

// ------------------------------------------------------------ cookies

// RFC 6265 cookie-name: a token (RFC 9110 tchar).
const cookieName = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/);
// Any well-formed text: lone surrogates cannot be percent-encoded.
const cookieValue = fc.string({ unit: "binary", maxLength: 40 }).filter((s) =>
  s.isWellFormed()
);

Deno.test("fuzz: cookie serialize then parse gives the value back", () => {
  fc.assert(
    fc.property(cookieName, cookieValue, (name, value) => {
      const pair = generateSetCookie({ name, value, path: "/" }).split(";")[0];
      strictEqual(getCookies(pair)[name], value);
      // Other cookies around it change nothing. (A neighbour with the same
      // name would win, being first: that is the duplicate rule below.)
      if (name !== "a_" && name !== "z_") {
        strictEqual(getCookies(`a_=1; ${pair}; z_=2`)[name], value);
      }
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: the first of duplicate cookies wins, raw or decoded", () => {
  fc.assert(
    fc.property(cookieName, cookieValue, cookieValue, (name, a, b) => {
      const pa = generateSetCookie({ name, value: a }).split(";")[0];
      const pb = generateSetCookie({ name, value: b }).split(";")[0];
      strictEqual(getCookies(`${pa}; ${pb}`)[name], a);
      const rawB = pb.slice(name.length + 1);
      strictEqual(getCookie(`${pa}; ${pb}`, name, (v) => v === rawB), rawB);
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: any Cookie header parses without throwing or polluting", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary", maxLength: 200 }),
      (header) => {
        const cookies = getCookies(header);
        // npm:cookie returns an object without Object.prototype in its chain.
        ok(!Object.prototype.isPrototypeOf.call(Object.prototype, cookies));
        ok(!("" in cookies));
        getCookie(header, "sid", (v) => /^[A-Za-z0-9_-]{43}$/.test(v));
      },
    ),
    { numRuns: RUNS },
  );
  strictEqual(({} as { polluted?: unknown }).polluted, undefined);
});

// ------------------------------------------------------------ serializer

type Kind = "object" | "array" | "map" | "set" | "signal";
const graph = fc.record({
  kinds: fc.array(
    fc.constantFrom<Kind>("object", "array", "map", "set", "signal"),
    { minLength: 1, maxLength: 8 },
  ),
  edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 4 })), {
    maxLength: 20,
  }),
});

/** Builds a graph with arbitrary edges: cycles, self-loops, sharing. */
function build(
  { kinds, edges }: { kinds: Kind[]; edges: [number, number, string][] },
): unknown[] {
  const nodes: unknown[] = kinds.map((kind) =>
    kind === "object"
      ? {}
      : kind === "array"
      ? []
      : kind === "map"
      ? new Map()
      : kind === "set"
      ? new Set()
      : signal<unknown>(null)
  );
  for (const [from, to, key] of edges) {
    const a = nodes[from % nodes.length];
    const b = nodes[to % nodes.length];
    if (a instanceof Signal) a.value = b;
    else if (a instanceof Map) a.set(key, b);
    else if (a instanceof Set) a.add(b);
    else if (Array.isArray(a)) a.push(b);
    else (a as Record<string, unknown>)[`k${key}`] = b;
  }
  return nodes;
}

/** Whether `a` and `b` are the same graph, identity for identity. */
function isomorphic(
  a: unknown,
  b: unknown,
  seen = new Map<unknown, unknown>(),
): boolean {
  if (typeof a !== "object" || a === null) return Object.is(a, b);
  if (seen.has(a)) return seen.get(a) === b;
  if ([...seen.values()].includes(b)) return false;
  seen.set(a, b);
  if (a instanceof Signal) {
    return b instanceof Signal && isomorphic(a.peek(), b.peek(), seen);
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    return [...a].every(([k, v]) => b.has(k) && isomorphic(v, b.get(k), seen));
  }
  if (a instanceof Set) {
    if (!(b instanceof Set) || a.size !== b.size) return false;
    const bs = [...b];
    return [...a].every((v, i) => isomorphic(v, bs[i], seen));
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length &&
      a.every((v, i) => isomorphic(v, b[i], seen));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length &&
    ka.every((k, i) =>
      kb[i] === k &&
      isomorphic(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        seen,
      )
    );
}

Deno.test("fuzz: serializer round-trips cyclic graphs with shared signals", () => {
  fc.assert(
    fc.property(graph, (spec) => {
      const nodes = build(spec);
      // Two "islands" receiving overlapping props share every node.
      const props = [{ island: 1, nodes }, { island: 2, first: nodes[0] }];
      const text = serialize(props);
      ok(!/[<>&\u2028\u2029]/.test(text));
      const back = deserialize(text, { signal }) as typeof props;
      ok(isomorphic(props, back));
      strictEqual(back[1].first, back[0].nodes?.[0], "shared across islands");
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fuzz: the deserializer refuses hostile input with SerializationError only", () => {
  const jsonish = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.json({ maxDepth: 4 }),
    fc.array(
      fc.oneof(
        fc.nat(10),
        fc.constantFrom("A", "S", "M", "T", "D", "B", "U"),
        fc.json(),
      ),
      { maxLength: 8 },
    )
      .map((a) => JSON.stringify(a)),
  );
  fc.assert(
    fc.property(jsonish, (text) => {
      try {
        deserialize(text, { signal });
      } catch (error) {
        ok(
          error instanceof SerializationError,
          `${(error as Error).name}: ${(error as Error).message} for ${text}`,
        );
      }
    }),
    { numRuns: RUNS },
  );
  throws(() => deserialize("[", { signal }), SerializationError);
  strictEqual(({} as { polluted?: unknown }).polluted, undefined);
});

// ------------------------------------------------------------ sessions

type Op =
  | { kind: "inc"; by: number }
  | { kind: "push"; item: number }
  | { kind: "set"; key: string };

const ops = fc.array(
  fc.oneof(
    fc.record({
      kind: fc.constant("inc" as const),
      by: fc.integer({ min: 1, max: 9 }),
    }),
    fc.record({ kind: fc.constant("push" as const), item: fc.nat(1000) }),
    fc.record({
      kind: fc.constant("set" as const),
      key: fc.stringMatching(/^[a-z]{1,6}$/),
    }),
  ),
  { minLength: 1, maxLength: 10 },
);

Deno.test("fuzz: concurrent session updates in any interleaving lose nothing", async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), ops, async (s, requests) => {
      using kv = await Deno.openKv(":memory:");
      // Two managers: two processes with their own in-process queues, so
      // that conflicts reach KV's compare-and-set.
      const managers = [0, 1].map(() =>
        createSessionManager({ kv, logger: silentLogger })
      );
      const first = await managers[0].loadSession(new Request("http://x/"));
      first.set("seed", true);
      const headers = new Headers();
      await managers[0].commitSession(first, headers);
      const cookie = headers.get("set-cookie")!.split(";")[0];
      const request = () => new Request("http://x/", { headers: { cookie } });

      const done = requests.map((op, i) =>
        (async () => {
          const manager = managers[i % 2];
          const session = await s.schedule(
            manager.loadSession(request()),
            `load ${i}`,
          );
          await s.schedule(Promise.resolve(), `act ${i}`);
          if (op.kind === "inc") {
            session.update<number>("n", (n) => n + op.by, 0);
          } else if (op.kind === "push") {
            session.update<number[]>(
              "items",
              (items) => [...items, op.item],
              [],
            );
          } else session.set(`key_${op.key}_${i}`, i);
          await s.schedule(
            manager.commitSession(session, new Headers()),
            `commit ${i}`,
          );
        })()
      );
      await s.waitFor(Promise.all(done));

      const final = await managers[1].loadSession(request());
      const incs = requests.flatMap((op) => op.kind === "inc" ? [op.by] : []);
      strictEqual(final.get("n", 0), incs.reduce((a, b) => a + b, 0));
      const pushed = requests.flatMap((op) =>
        op.kind === "push" ? [op.item] : []
      );
      strictEqual(
        JSON.stringify(
          [...final.get<number[]>("items", [])].sort((a, b) => a - b),
        ),
        JSON.stringify(pushed.sort((a, b) => a - b)),
      );
      requests.forEach((op, i) => {
        if (op.kind === "set") strictEqual(final.get(`key_${op.key}_${i}`), i);
      });
      strictEqual(final.get("seed"), true);
    }),
    { numRuns: scale(60, 500) },
  );
});
