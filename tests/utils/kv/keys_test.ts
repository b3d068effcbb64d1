/**
 * `utils/kv/keys.ts` lists every key prefix the app writes, and nothing
 * else: a shopper's and a writer's whole day runs through the real app
 * (in-process, on `:memory:` KV) with every write to the app's handle
 * recorded, and each first key element written must be in the table,
 * while each entry of the table must have been written.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { kv, wrapAppKv } from "../../../utils/kv/db.ts";
import { KEY_PREFIXES } from "../../../utils/kv/keys.ts";
import { Client } from "../../helpers/client.ts";
import { confirmForm } from "../../helpers/review_form.ts";
import { ADDRESS } from "../../helpers/address.ts";

/** First key elements of every write to the app's handle. */
const written = new Set<string>();

/** Wraps `handle` so that each written key's first element lands in `into`. */
function recordWrites(handle: Deno.Kv, into: Set<string>): Deno.Kv {
  const note = (key: unknown) => {
    if (Array.isArray(key)) into.add(String(key[0]));
  };
  const recordAtomic = (op: Deno.AtomicOperation): Deno.AtomicOperation => {
    const proxy: Deno.AtomicOperation = new Proxy(op, {
      get(target, name) {
        const value = Reflect.get(target, name, target);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          if (name === "set" || name === "delete") note(args[0]);
          if (name === "sum" || name === "min" || name === "max") {
            note(args[0]);
          }
          if (name === "mutate") {
            for (const m of args as Deno.KvMutation[]) note(m.key);
          }
          const result = value.apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  };
  return new Proxy(handle, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "atomic") return () => recordAtomic(target.atomic());
      return (...args: unknown[]) => {
        if (name === "set" || name === "delete") note(args[0]);
        return value.apply(target, args);
      };
    },
  });
}

// Before anything opens the handle: every write of the app is seen.
wrapAppKv((handle) => recordWrites(handle, written));

/** Sign-up, a post written and deleted, an order, a saved cart, a failed sign-in. */
async function aDayAtTheShop(): Promise<void> {
  const shopper = await Client.forApp();
  strictEqual((await shopper.get("/")).res.status, 200);
  await shopper.post("/cart/add", { product_id: "notebook" });
  const signup = await shopper.post("/signup", {
    username: "keys_day",
    password: "a long enough password",
  });
  strictEqual(signup.headers.get("location"), "/");

  strictEqual(
    (await shopper.post("/posts", { title: "Keys", body: "" })).status,
    303,
  );
  const [post] = await Array.fromAsync(kv.list({ prefix: ["posts"] }));
  ok(post, "the post was saved");
  await shopper.post(`/posts/${String(post.key[1])}/delete`);

  await shopper.post("/checkout/contact", { email: "ada@example.com" });
  await shopper.post("/checkout/address", ADDRESS);
  await shopper.post("/checkout/shipping", { shipping: "standard" });
  await shopper.post("/checkout/payment", { method: "cod" });
  const review = await shopper.get("/checkout/review");
  const placed = await shopper.post(
    "/checkout/confirm",
    confirmForm(review.html),
  );
  strictEqual(placed.headers.get("location"), "/checkout/complete");

  await shopper.post("/cart/add", { product_id: "ceramic-mug" });
  strictEqual((await shopper.post("/logout")).status, 303);

  const stranger = await Client.forApp();
  const failed = await stranger.post("/login", {
    username: "keys_day",
    password: "not the password",
  });
  strictEqual(failed.status, 422);
}

Deno.test("the app writes only the key prefixes utils/kv/keys.ts lists, and each of them", async () => {
  await aDayAtTheShop();
  const listed = Object.keys(KEY_PREFIXES).sort();
  const unlisted = [...written].filter((p) => !listed.includes(p)).sort();
  deepStrictEqual(unlisted, [], "written but missing from utils/kv/keys.ts");
  const stored = new Set<string>();
  for await (const entry of kv.list({ prefix: [] })) {
    stored.add(String(entry.key[0]));
  }
  deepStrictEqual([...stored].filter((p) => !listed.includes(p)), []);
  deepStrictEqual(
    listed.filter((p) => !written.has(p)),
    [],
    "listed in utils/kv/keys.ts but never written",
  );
});

Deno.test("each prefix's owner module names it", async () => {
  const root = new URL("../../../", import.meta.url);
  for (const [prefix, { owner }] of Object.entries(KEY_PREFIXES)) {
    const file = owner.split(" ")[0];
    const source = await Deno.readTextFile(new URL(file, root));
    ok(source.includes(`"${prefix}"`), `${file} does not name "${prefix}"`);
  }
});
