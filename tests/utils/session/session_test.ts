import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import type { JsonValue } from "../../../utils/session/json.ts";
import { request, roundTrip } from "./_helpers.ts";

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  return { kv, manager, [Symbol.dispose]: () => kv.close() };
}

Deno.test("dictionary API: get/set/has/delete/pop/keys/values/entries/clear", async () => {
  using t = await setup();
  const s = await t.manager.loadSession(request());
  ok(!s.accessed);
  strictEqual(s.get("missing"), undefined);
  ok(s.accessed);
  ok(!s.modified);
  strictEqual(s.get("missing", 5), 5);
  ok(s.isEmpty());
  s.set("a", 1);
  s.set("b", { x: [1, "two", null, true] });
  ok(s.modified);
  ok(s.has("a"));
  ok(!s.has("z"));
  deepStrictEqual(s.keys(), ["a", "b"]);
  deepStrictEqual(s.values(), [1, { x: [1, "two", null, true] }]);
  deepStrictEqual(s.entries(), [["a", 1], ["b", {
    x: [1, "two", null, true],
  }]]);
  strictEqual(s.size, 2);
  strictEqual(s.pop("a"), 1);
  strictEqual(s.pop("a", "gone"), "gone");
  ok(!s.delete("a"));
  ok(s.delete("b"));
  ok(s.isEmpty());
  s.set("c", 3);
  s.clear();
  deepStrictEqual(s.keys(), []);
});

Deno.test("get-mutate-set works like Django, and set stores a deep copy", async () => {
  using t = await setup();
  let r = await roundTrip(t.manager, undefined, (s) => {
    const cart = s.get<number[]>("cart", []);
    cart.push(1);
    s.set("cart", cart);
    cart.push(999); // after set: must not leak into the session
    deepStrictEqual(s.get("cart"), [1]);
    const again = s.get<number[]>("cart")!;
    again.push(2);
    s.set("cart", again);
  });
  r = await roundTrip(t.manager, r.cookie);
  deepStrictEqual(r.session.get("cart"), [1, 2]);
});

Deno.test("a value changed without set() is never saved, whatever else changes", async () => {
  using t = await setup();
  let r = await roundTrip(t.manager, undefined, (s) => {
    s.set("cart", [1]);
    s.set("prefs", { theme: "light" });
  });
  r = await roundTrip(t.manager, r.cookie, (s) => {
    s.get<number[]>("cart")!.push(999);
    (s.get<{ theme: string }>("prefs")!).theme = "dark";
    (s.entries()[0][1] as number[]).push(998);
    (s.values()[1] as { theme: string }).theme = "blue";
    s.set("other", true); // a save happens for another key
  });
  r = await roundTrip(t.manager, r.cookie);
  deepStrictEqual(r.session.get("cart"), [1]);
  deepStrictEqual(r.session.get("prefs"), { theme: "light" });
  strictEqual(r.session.get("other"), true);
});

Deno.test("update, setDefault and update returning undefined", async () => {
  using t = await setup();
  const r = await roundTrip(t.manager, undefined, (s) => {
    strictEqual(s.update<number>("n", (n) => n + 1, 0), 1);
    strictEqual(s.update<number>("n", (n) => n + 1, 0), 2);
    // fn gets a copy: mutating it does not change the stored value.
    s.set("list", [1]);
    s.update<number[]>("list", (l) => {
      l.push(2);
      return l;
    }, []);
    deepStrictEqual(s.get("list"), [1, 2]);
    strictEqual(s.update("list", () => undefined), undefined);
    ok(!s.has("list"));
    strictEqual(s.update<number>("none", (v) => v === undefined ? 7 : v), 7);
    deepStrictEqual(s.setDefault("prefs", { theme: "light" }), {
      theme: "light",
    });
    deepStrictEqual(s.setDefault("prefs", { theme: "dark" }), {
      theme: "light",
    });
    throws(
      () => s.update("n", "nope" as unknown as () => number),
      TypeError,
    );
    throws(
      () => s.update("n", () => NaN),
      (error) => error instanceof TypeError && error.message.includes('"n"'),
    );
  });
  const again = await roundTrip(t.manager, r.cookie);
  strictEqual(again.session.get("n"), 2);
  strictEqual(again.session.get("none"), 7);
  deepStrictEqual(again.session.get("prefs"), { theme: "light" });
});

class Point {
  constructor(public x = 1) {}
}
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
const shared = { v: 1 };

Deno.test("set accepts JSON values only (table)", async (t) => {
  using s = await setup();
  const session = await s.manager.loadSession(request());
  const accepted: [string, unknown][] = [
    ["null", null],
    ["true", true],
    ["zero", 0],
    ["negative zero", -0],
    ["float", 1.5],
    ["string", "héllo €"],
    ["empty array", []],
    ["nested", { a: [{ b: null }] }],
    ["null-prototype object", Object.assign(Object.create(null), { a: 1 })],
    ["shared (not cyclic) reference", [shared, shared]],
    ["__proto__ key", JSON.parse('{"__proto__": {"polluted": true}}')],
  ];
  for (const [name, value] of accepted) {
    await t.step(`accepts ${name}`, () => {
      session.set("k", value as JsonValue);
      deepStrictEqual(
        JSON.stringify(session.get("k")),
        JSON.stringify(value),
      );
    });
  }
  strictEqual(({} as Record<string, unknown>).polluted, undefined);
  const rejected: [string, unknown, RegExp][] = [
    ["undefined", undefined, /undefined/],
    ["function", () => 1, /function/],
    ["symbol", Symbol("s"), /symbol/],
    ["bigint", 10n, /bigint/],
    ["NaN", NaN, /not finite/],
    ["Infinity", Infinity, /not finite/],
    ["-Infinity", -Infinity, /not finite/],
    ["Date", new Date(0), /Date instance/],
    ["Map", new Map(), /Map instance/],
    ["Set", new Set(), /Set instance/],
    ["class instance", new Point(), /Point instance/],
    ["RegExp", /x/, /RegExp instance/],
    ["Uint8Array", new Uint8Array(1), /instance/],
    ["cycle", cyclic, /cycle/],
    ["nested undefined", { a: { b: undefined } }, /at \.a\.b/],
    ["nested NaN in array", [1, [NaN]], /at \[1\]\[0\]/],
    ["sparse array", [1, , 3], /sparse/],
    ["boxed string", new String("x"), /String instance/],
    ["toJSON object", { toJSON: () => 1 }, /function|toJSON/],
    ["symbol key", { [Symbol("k")]: 1 }, /symbol keys/],
  ];
  for (const [name, value, message] of rejected) {
    await t.step(`rejects ${name}`, () => {
      session.set("k", "before");
      throws(() => session.set("cart", value as JsonValue), (error) => {
        ok(error instanceof TypeError);
        match(error.message, /"cart"/);
        match(error.message, message);
        return true;
      });
      strictEqual(session.get("k"), "before");
      ok(!session.has("cart"));
    });
  }
});

Deno.test("keys must be non-empty strings of at most 256 characters (table)", async (t) => {
  using s = await setup();
  const session = await s.manager.loadSession(request());
  const good = ["a", "x".repeat(256), "__proto__", "constructor", "ünï", " "];
  for (const key of good) {
    await t.step(`accepts ${JSON.stringify(key.slice(0, 10))}`, () => {
      session.set(key, 1);
      strictEqual(session.get(key), 1);
      ok(session.delete(key));
    });
  }
  const bad: unknown[] = [
    "",
    "x".repeat(257),
    1,
    null,
    undefined,
    Symbol("k"),
    {},
  ];
  for (const key of bad) {
    await t.step(`rejects ${String(key).slice(0, 10) || "empty"}`, () => {
      for (
        const call of [
          () => session.set(key as string, 1),
          () => session.get(key as string),
          () => session.has(key as string),
          () => session.delete(key as string),
          () => session.pop(key as string),
          () => session.update(key as string, () => 1),
          () => session.setDefault(key as string, 1),
        ]
      ) {
        throws(call, TypeError);
      }
    });
  }
});

Deno.test("login binds the user with a new token; a different user flushes data", async () => {
  using t = await setup();
  const anon = await roundTrip(t.manager, undefined, (s) => s.set("cart", [1]));
  const signedIn = await roundTrip(t.manager, anon.cookie, (s) => {
    const before = s.ref;
    s.login("alice");
    strictEqual(s.userId, "alice");
    ok(s.ref !== before);
  });
  ok(signedIn.cookie !== anon.cookie, "login rotates the token");
  ok((await roundTrip(t.manager, anon.cookie)).session.isNew);
  let r = await roundTrip(t.manager, signedIn.cookie);
  strictEqual(r.session.userId, "alice");
  deepStrictEqual(r.session.get("cart"), [1], "same user keeps the cart");
  r = await roundTrip(t.manager, signedIn.cookie, (s) => s.login("bob"));
  const bob = await roundTrip(t.manager, r.cookie);
  strictEqual(bob.session.userId, "bob");
  strictEqual(
    bob.session.get("cart"),
    undefined,
    "another user's data is flushed",
  );
  const out = await roundTrip(t.manager, r.cookie, (s) => s.logout());
  strictEqual(out.cookie, undefined);
  ok((await roundTrip(t.manager, r.cookie)).session.isNew);
  const s = await t.manager.loadSession(request());
  throws(() => s.login(""), TypeError);
  throws(() => s.login("x".repeat(257)), TypeError);
  throws(() => s.login(42 as unknown as string), TypeError);
});
