/**
 * Typed session keys: a stored value is checked, upgraded from older
 * versions, and when it can be neither it is dropped (the default is
 * returned) and logged once, never thrown.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import type { LogDetails } from "../../../utils/session/logger.ts";
import {
  defineSessionKey,
  type JsonValue,
  type Session,
} from "../../../utils/session/mod.ts";
import type { StandardSchema } from "../../../utils/session/keys.ts";
import { roundTrip } from "./_helpers.ts";

type Line = { id: string; qty: number };

function isLines(value: unknown): Line[] | undefined {
  return Array.isArray(value) &&
      value.every((l) =>
        typeof l?.id === "string" && Number.isInteger(l?.qty) && l.qty > 0
      )
    ? value as Line[]
    : undefined;
}

/** Version 1 stored product ids, one per unit; version 2 stores lines. */
const cartV2 = defineSessionKey<Line[]>("cart", {
  parse: isLines,
  default: [],
  version: 2,
  migrate: {
    1: (ids) => {
      if (!Array.isArray(ids)) throw new TypeError("not a list");
      const lines: Line[] = [];
      for (const id of ids) {
        const line = lines.find((l) => l.id === id);
        if (line) line.qty++;
        else lines.push({ id: id as string, qty: 1 });
      }
      return lines;
    },
  },
});

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const warnings: { message: string; details?: LogDetails }[] = [];
  const manager = createSessionManager({
    kv,
    logger: {
      info() {},
      warn: (message, details) => warnings.push({ message, details }),
    },
  });
  let cookie: string | undefined;
  /** The last stored session, loaded afresh as by a new request. */
  const reload = (): Promise<Session> =>
    manager.loadSession(
      new Request("http://localhost/", { headers: { cookie: cookie! } }),
    );
  /** A session whose stored data is `data`, loaded afresh. */
  async function stored(data: Record<string, JsonValue>): Promise<Session> {
    cookie = (await roundTrip(manager, undefined, (s) => {
      for (const [key, value] of Object.entries(data)) s.set(key, value);
    })).cookie;
    return await reload();
  }
  const dropped = () =>
    warnings.filter((w) => w.message === "Session value dropped");
  return {
    manager,
    stored,
    reload,
    dropped,
    [Symbol.dispose]: () => kv.close(),
  };
}

Deno.test("a valid stored value is returned typed; an absent key gives the default", async () => {
  using t = await setup();
  const key = defineSessionKey<Line[]>("lines", {
    parse: isLines,
    default: [],
  });
  const session = await t.stored({ lines: [{ id: "mug", qty: 2 }] });
  deepStrictEqual(key.get(session), [{ id: "mug", qty: 2 }]);
  const other = defineSessionKey("other", { parse: isLines, default: [] });
  deepStrictEqual(other.get(session), []);
  // The default is a fresh copy each time: changing one changes nothing.
  other.get(session).push({ id: "x", qty: 1 });
  deepStrictEqual(other.get(session), []);
  deepStrictEqual(t.dropped(), []);
});

Deno.test("a nested default is an equal, independent deep copy each time, -0 and all", async () => {
  using t = await setup();
  type Prefs = { tags: string[]; sizes: { s: number; m: number[] } };
  const isPrefs = (v: unknown) => v as Prefs;
  const prefs = defineSessionKey<Prefs>("prefs", {
    parse: isPrefs,
    default: { tags: ["a"], sizes: { s: -0, m: [1, 2] } },
  });
  const session = await t.stored({ other: 1 });
  const first = prefs.get(session);
  first.tags.push("b");
  first.sizes.m.push(3);
  first.sizes.s = 5;
  const second = prefs.get(session);
  deepStrictEqual(second, { tags: ["a"], sizes: { s: -0, m: [1, 2] } });
  strictEqual(Object.is(second.sizes.s, -0), true);
  const primitive = defineSessionKey("theme", {
    parse: (v) => typeof v === "string" ? v : undefined,
    default: "light",
  });
  strictEqual(primitive.get(session), "light");
});

Deno.test("a value that fails parse is dropped and logged once, however often it is read", async () => {
  using t = await setup();
  const key = defineSessionKey<Line[]>("lines", {
    parse: isLines,
    default: [],
  });
  const session = await t.stored({ lines: "garbage" });
  deepStrictEqual(key.get(session), []);
  deepStrictEqual(key.get(session), []);
  // Nothing is written just to drop it: the key's next write replaces it.
  strictEqual(session.modified, false);
  strictEqual(session.get("lines"), "garbage");
  strictEqual(t.dropped().length, 1);
  strictEqual(t.dropped()[0].details?.key, "lines");
  // A second request on the same stored session stays quiet.
  deepStrictEqual(key.get(await t.reload()), []);
  strictEqual(t.dropped().length, 1);
});

Deno.test("a parse function that throws counts as a failure, not an error", async () => {
  using t = await setup();
  const key = defineSessionKey<number>("n", {
    parse: () => {
      throw new Error("boom");
    },
    default: 7,
  });
  const session = await t.stored({ n: 1 });
  strictEqual(key.get(session), 7);
  strictEqual(t.dropped().length, 1);
});

Deno.test("a stored unversioned value counts as version 1 and is migrated to version 2", async () => {
  using t = await setup();
  const session = await t.stored({ cart: ["mug", "pen", "mug"] });
  deepStrictEqual(cartV2.get(session), [
    { id: "mug", qty: 2 },
    { id: "pen", qty: 1 },
  ]);
  deepStrictEqual(t.dropped(), []);
  // Writing stores the current version, which reads back without migrating.
  cartV2.update(session, (cart) => [...cart, { id: "cup", qty: 1 }]);
  const raw = session.get("cart");
  deepStrictEqual(raw, {
    $v: 2,
    $value: [{ id: "mug", qty: 2 }, { id: "pen", qty: 1 }, {
      id: "cup",
      qty: 1,
    }],
  });
  strictEqual(cartV2.get(session).length, 3);
});

Deno.test("a value written by newer code (an unknown future version) is dropped and logged, not thrown", async () => {
  using t = await setup();
  const session = await t.stored({
    cart: { $v: 3, $value: { lines: [] } },
  });
  deepStrictEqual(cartV2.get(session), []);
  strictEqual(t.dropped().length, 1);
  strictEqual(
    t.dropped()[0].details?.reason,
    "stored version 3 is newer than 2",
  );
});

Deno.test("a migration that throws, or returns what parse refuses, drops the value", async () => {
  using t = await setup();
  const thrown = await t.stored({ cart: "not a list" });
  deepStrictEqual(cartV2.get(thrown), []);
  const refused = await t.stored({ cart: [{ nested: true }] });
  deepStrictEqual(cartV2.get(refused), []);
  strictEqual(t.dropped().length, 2);
  strictEqual(
    t.dropped()[0].details?.reason,
    "migration from version 1 threw: not a list",
  );
});

Deno.test("a version with no migration path is dropped", async () => {
  using t = await setup();
  const key = defineSessionKey<string>("theme", {
    parse: (v) => typeof v === "string" ? v : undefined,
    default: "light",
    version: 3,
    migrate: { 2: (v) => v },
  });
  const session = await t.stored({ theme: "dark" });
  strictEqual(key.get(session), "light");
  strictEqual(t.dropped()[0].details?.reason, "no migration from version 1");
});

Deno.test("update replaces a dropped value, starting from the default", async () => {
  using t = await setup();
  const session = await t.stored({ cart: { $v: 9, $value: 1 } });
  const result = cartV2.update(
    session,
    (cart) => [...cart, { id: "mug", qty: 1 }],
  );
  deepStrictEqual(result, [{ id: "mug", qty: 1 }]);
  deepStrictEqual(session.get("cart"), {
    $v: 2,
    $value: [{ id: "mug", qty: 1 }],
  });
  strictEqual(cartV2.update(session, () => undefined), undefined);
  strictEqual(session.has("cart"), false);
});

Deno.test("a default function gives a fresh value each time", async () => {
  using t = await setup();
  let n = 0;
  const key = defineSessionKey<{ id: number }>("checkout", {
    parse: () => undefined,
    default: () => ({ id: ++n }),
  });
  const session = await t.stored({});
  deepStrictEqual(key.get(session), { id: 1 });
  deepStrictEqual(key.get(session), { id: 2 });
});

Deno.test("a Standard Schema (the interface zod, valibot and arktype implement) works as parse", async () => {
  using t = await setup();
  const positive: StandardSchema<number> = {
    "~standard": {
      version: 1,
      validate: (value) =>
        typeof value === "number" && value > 0
          ? { value }
          : { issues: [{ message: "expected a positive number" }] },
    },
  };
  const key = defineSessionKey("count", { parse: positive, default: 1 });
  strictEqual(key.get(await t.stored({ count: 5 })), 5);
  strictEqual(key.get(await t.stored({ count: -5 })), 1);
  strictEqual(t.dropped().length, 1);
});

Deno.test("a schema that is also a function (as arktype's are) is used as a schema", async () => {
  using t = await setup();
  const schema = Object.assign((value: unknown) => value, {
    "~standard": {
      version: 1 as const,
      validate: (value: unknown) =>
        typeof value === "string"
          ? { value }
          : { issues: [{ message: "expected a string" }] },
    },
  });
  const key = defineSessionKey<string>("name", { parse: schema, default: "" });
  strictEqual(key.get(await t.stored({ name: "Ada" })), "Ada");
  strictEqual(key.get(await t.stored({ name: 42 })), "");
  strictEqual(t.dropped().length, 1);
});

Deno.test("an asynchronous schema throws on read, naming the fix, rather than dropping every value", async () => {
  using t = await setup();
  const key = defineSessionKey<string>("name", {
    parse: {
      "~standard": {
        version: 1,
        validate: (value) => Promise.resolve({ value }),
      },
    },
    default: "",
  });
  const session = await t.stored({ name: "Ada" });
  throws(
    () => key.get(session),
    (error) =>
      error instanceof TypeError && error.message.includes("synchronous"),
  );
  deepStrictEqual(t.dropped(), []);
});

Deno.test("misconfiguration throws when the key is declared, naming the fix", () => {
  const parse = (v: unknown) => v as number;
  throws(
    () => defineSessionKey("", { parse, default: 0 }),
    TypeError,
  );
  throws(
    () => defineSessionKey("k", { parse, default: 0, version: 0 }),
    (error) =>
      error instanceof TypeError &&
      error.message.includes("version must be a whole number >= 1"),
  );
  throws(
    () =>
      defineSessionKey("k", {
        parse: {} as StandardSchema<number>,
        default: 0,
      }),
    (error) =>
      error instanceof TypeError &&
      error.message.includes("parse must be a function or a Standard Schema"),
  );
});

Deno.test("an object that merely looks like a wrapper is a version 1 value", async () => {
  using t = await setup();
  const key = defineSessionKey<JsonValue>("any", {
    parse: (v) => v as JsonValue,
    default: null,
  });
  const value = { $v: 2, $value: 1, other: true };
  deepStrictEqual(key.get(await t.stored({ any: value })), value);
});

Deno.test("a value this code wrote reads back as written, even one shaped like the versioned wrapper", async () => {
  using t = await setup();
  type Fields = { [name: string]: JsonValue };
  const isFields = (v: unknown) =>
    typeof v === "object" && v !== null && !Array.isArray(v)
      ? v as Fields
      : undefined;
  // Keys a visitor chose (a form builder's field names, say).
  const tricky: Fields[] = [
    { $v: 2, $value: "x" },
    { $v: 1, $value: { a: 1 } },
    { $v: 9, $value: null },
  ];
  await t.stored({ started: true });
  for (const version of [1, 3]) {
    const key = defineSessionKey<Fields>(`fields${version}`, {
      parse: isFields,
      default: {},
      version,
      migrate: { 1: (v) => v, 2: (v) => v },
    });
    for (const value of tricky) {
      const writer = await t.reload();
      key.set(writer, value);
      deepStrictEqual(key.get(writer), value);
      await t.manager.commitSession(writer, new Headers());
      deepStrictEqual(key.get(await t.reload()), value, JSON.stringify(value));
    }
  }
  deepStrictEqual(t.dropped(), []);
});
