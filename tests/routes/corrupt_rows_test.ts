/**
 * A malformed row in KV (written by an older version, a bug, or by hand)
 * takes no page down: each kind of row the app reads (orders, posts,
 * trashed posts, users, saved carts and session payloads) is
 * checked where it is read, treated as missing or skipped, and logged once
 * with its key. Products are in tests/hardening/corrupt_product_test.ts,
 * since the catalogue is read once per process: that test restarts the app.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { captureBadRows } from "../../utils/bad_rows.ts";
import { kv } from "../../utils/kv/db.ts";
import { generatePostId } from "../../utils/posts/post.ts";
import { posts } from "../../utils/posts/store.ts";
import { hashToken, type SessionToken } from "../../utils/session/token.ts";
import { LAST_ORDER_KEY } from "../../utils/shop/orders.ts";
import { checkoutToReview } from "../helpers/checkout.ts";
import { Client, testId } from "../helpers/client.ts";
import { confirmForm } from "../helpers/review_form.ts";

/** What a bad row can look like. */
const GARBAGE: [string, unknown][] = [
  ["a string", "garbage"],
  ["null", null],
  ["a number", 42],
  ["an empty object", {}],
  ["a list", [1, 2]],
];

/** Runs `run` while collecting the bad-row log lines. */
async function logged(run: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const restore = captureBadRows({ warn: (line) => lines.push(line) });
  try {
    await run();
  } finally {
    restore();
  }
  return lines;
}

function sessionKey(client: Client): Deno.KvKey {
  const token = client.jar.get("sid") as SessionToken;
  ok(token, "the client has a session");
  return ["sessions", hashToken(token)];
}

async function signUp(client: Client): Promise<string> {
  const username = `u_${crypto.randomUUID().slice(0, 8)}`;
  const res = await client.post("/signup", {
    username,
    password: "a long enough password",
  });
  strictEqual(res.status, 303, "signed up");
  await client.get("/");
  return username;
}

async function userIdOf(username: string): Promise<string> {
  const id = (await kv.get<string>(["users_by_name", username])).value;
  ok(id);
  return id;
}

async function placeOrder(client: Client): Promise<string> {
  const review = await checkoutToReview(client);
  const res = await client.post("/checkout/confirm", confirmForm(review.html));
  strictEqual(res.headers.get("location"), "/checkout/complete");
  const entry = await kv.get<{ data: string }>(sessionKey(client));
  const id = JSON.parse(entry.value!.data)[LAST_ORDER_KEY];
  ok(typeof id === "string");
  return id;
}

Deno.test("a malformed order row: the thank-you page does not 500, and it is logged once with its key", async (t) => {
  const orders: [string, (order: Record<string, unknown>) => unknown][] = [
    ...GARBAGE.map(([name, value]): [string, () => unknown] => [
      name,
      () => value,
    ]),
    ["a NaN total", (o) => ({ ...o, totalCents: NaN })],
    ["a total that does not add up", (o) => ({ ...o, totalCents: 1 })],
    ["no address", (o) => ({ ...o, address: undefined })],
    ["lines not a list", (o) => ({ ...o, lines: "garbage" })],
    ["a line with a string price", (o) => ({
      ...o,
      lines: [{ id: "notebook", name: "N", qty: 1, priceCents: "12" }],
    })],
  ];
  for (const [name, corrupt] of orders) {
    await t.step(name, async () => {
      const client = await Client.forApp();
      const id = await placeOrder(client);
      const key = ["orders", id];
      const stored = await kv.get<Record<string, unknown>>(key);
      await kv.set(key, corrupt(stored.value!));
      const lines = await logged(async () => {
        for (let i = 0; i < 2; i++) {
          const { res, html } = await client.get("/checkout/complete");
          strictEqual(res.status, 303, html);
          strictEqual(res.headers.get("location"), "/");
          ok(!html.includes("NaN"));
        }
      });
      deepStrictEqual(lines, [
        `malformed order row ignored: ["orders","${id}"]`,
      ]);
      // The rest of the shop keeps working for this shopper.
      strictEqual((await client.get("/")).res.status, 200);
      strictEqual((await client.get("/cart")).res.status, 200);
    });
  }
});

Deno.test("a malformed post row is skipped in the list and missing on its page, logged once", async (t) => {
  const author = { id: "author-1", name: "Author" };
  const good = await posts.create({ title: "A good post", body: "Hi" }, author);
  for (const [name, value] of GARBAGE) {
    await t.step(name, async () => {
      const id = generatePostId(Date.now() + 1000);
      const key = ["posts", id];
      await kv.set(key, value);
      const client = await Client.forApp();
      const lines = await logged(async () => {
        const list = await client.get("/posts");
        strictEqual(list.res.status, 200);
        ok(list.html.includes("A good post"));
        const page = await client.get(`/posts/${id}`);
        strictEqual(page.res.status, 404);
        const other = await client.get(`/posts/${good.post.id}`);
        strictEqual(other.res.status, 200);
      });
      deepStrictEqual(lines, [
        `malformed post row ignored: ["posts","${id}"]`,
      ]);
      await kv.delete(key);
    });
  }
});

Deno.test("a malformed trashed post: Undo finds nothing to restore, and it is logged once", async (t) => {
  const author = { id: "author-2", name: "Author" };
  for (const [name, value] of GARBAGE) {
    await t.step(name, async () => {
      const { post, versionstamp } = await posts.create(
        { title: "Deleted soon", body: "" },
        author,
      );
      const deleted = await posts.delete(post.id, versionstamp, {
        keepForMs: 60_000,
      });
      ok(deleted.ok);
      const key = ["posts_trash", post.id];
      await kv.set(key, value);
      const lines = await logged(async () => {
        for (let i = 0; i < 2; i++) {
          deepStrictEqual(await posts.restore(post.id), {
            ok: false,
            reason: "not_found",
          });
        }
      });
      deepStrictEqual(lines, [
        `malformed trashed post row ignored: ["posts_trash","${post.id}"]`,
      ]);
      strictEqual(await posts.get(post.id), null);
    });
  }
});

Deno.test("a malformed user row: sign-in answers as for a wrong password, logged once; other users sign in", async (t) => {
  const client = await Client.forApp();
  const username = await signUp(client);
  await client.post("/logout");
  const id = await userIdOf(username);
  const user = (await kv.get(["users", id])).value;
  // Three, each tried once: more failed sign-ins would meet the throttle.
  for (const [name, value] of GARBAGE.slice(0, 3)) {
    await t.step(name, async () => {
      await kv.set(["users", id], value);
      const lines = await logged(async () => {
        const res = await client.post("/login", {
          username,
          password: "a long enough password",
        });
        strictEqual(res.status, 422);
      });
      deepStrictEqual(lines, [`malformed user row ignored: ["users","${id}"]`]);
      const demo = await Client.forApp();
      const res = await demo.post("/login", {
        username: "demo",
        password: "demo-pass-2026",
      });
      strictEqual(res.status, 303);
      // The next step's row is another one, logged anew.
      await kv.set(["users", id], user);
    });
  }
});

Deno.test("a malformed username index row is treated as an unknown name and logged once", async () => {
  const client = await Client.forApp();
  const username = await signUp(client);
  await client.post("/logout");
  await kv.set(["users_by_name", username], { not: "an id" });
  const lines = await logged(async () => {
    const res = await client.post("/login", {
      username,
      password: "a long enough password",
    });
    strictEqual(res.status, 422);
  });
  deepStrictEqual(lines, [
    `malformed username index row ignored: ["users_by_name","${username}"]`,
  ]);
});

Deno.test("a malformed saved cart: sign-in works with what can be read, and it is logged once", async (t) => {
  const carts: [string, unknown, Record<string, string>][] = [
    ...GARBAGE.filter(([name]) => name !== "a list").map((
      [name, value],
    ): [string, unknown, Record<string, string>] => [name, value, {}]),
    ["a list with malformed lines", [
      { id: "backpack", qty: 2 },
      "garbage",
      { id: "notebook", qty: "many" },
    ], { backpack: "2" }],
  ];
  const client = await Client.forApp();
  const username = await signUp(client);
  await client.post("/logout");
  const id = await userIdOf(username);
  for (const [name, value, expected] of carts) {
    await t.step(name, async () => {
      await client.post("/cart/clear");
      await kv.set(["user_carts", id], value);
      const lines = await logged(async () => {
        const res = await client.post("/login", {
          username,
          password: "a long enough password",
        });
        strictEqual(res.status, 303);
      });
      deepStrictEqual(lines, [
        `malformed saved cart row ignored: ["user_carts","${id}"]`,
      ]);
      const cart = await client.get("/cart");
      strictEqual(cart.res.status, 200);
      const count = Object.values(expected).reduce((n, q) => n + Number(q), 0);
      strictEqual(testId(cart.html, "cart-count"), String(count));
      // Signing out folds the session's cart back over the bad row.
      strictEqual((await client.post("/logout")).status, 303);
      await kv.delete(["user_carts", id]);
    });
  }
});
