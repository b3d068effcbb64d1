/**
 * Scenario 1, lost updates: many concurrent form posts on ONE session
 * cookie, against the real app (`main.ts` in a subprocess, a KV file, HTTP
 * on 127.0.0.1). Every acknowledged add must be in the cart, and every
 * flash message must be shown exactly once, or, past the documented cap
 * of pending messages (`DEFAULT_MAX_PENDING`), dropped oldest-first and
 * never shown twice.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { DEFAULT_MAX_PENDING } from "../../utils/messages/options.ts";
import { SEED_PRODUCTS } from "../../utils/shop/catalog.ts";
import {
  type AppProcess,
  errorLines,
  removeKv,
  startApp,
} from "./_app_process.ts";
import { scale } from "./_scale.ts";
import { figure } from "./_scale.ts";
import { cartLines, isSeeOther, ShopClient } from "./_shop_client.ts";

const ADDS = scale(200, 1000);
const MESSAGES = 100;
const PRODUCTS = SEED_PRODUCTS.map((p) => p.id);

async function withApp(run: (app: AppProcess) => Promise<void>) {
  const app = await startApp();
  try {
    await run(app);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
}

Deno.test(`${ADDS} concurrent adds on one session cookie keep every unit`, async () => {
  await withApp(async (app) => {
    const client = new ShopClient(app.origin);
    // The first add creates the session; the rest share its cookie.
    ok(
      isSeeOther(
        await client.post("/cart/add", { product_id: "notebook" }),
        "/cart",
      ),
    );
    const expected = new Map<string, number>([["notebook", 1]]);
    const results = await Promise.all(
      Array.from({ length: ADDS }, (_, i) =>
        client.post("/cart/add", {
          product_id: PRODUCTS[i % PRODUCTS.length],
          quantity: "1",
        })),
    );
    let acknowledged = 0;
    results.forEach((res, i) => {
      if (!isSeeOther(res, "/cart")) return;
      acknowledged++;
      const id = PRODUCTS[i % PRODUCTS.length];
      expected.set(id, (expected.get(id) ?? 0) + 1);
    });
    const { html } = await client.get("/cart");
    const actual = cartLines(html);
    const units = [...actual.values()].reduce((a, b) => a + b, 0);
    figure("lost-updates adds", {
      sent: ADDS,
      acknowledged,
      inCart: units - 1,
      statuses: client.tally.summary(),
    });
    strictEqual(acknowledged, ADDS, "every add is acknowledged with a 303");
    deepStrictEqual(
      [...actual].sort(),
      [...expected].sort(),
      "every acknowledged unit is in the cart",
    );
    strictEqual(client.tally.count(500), 0);
  });
});

Deno.test(`${MESSAGES} concurrent message-producing posts: each banner shown at most once, none lost below the cap`, async () => {
  await withApp(async (app) => {
    const client = new ShopClient(app.origin);
    for (const id of PRODUCTS) {
      ok(
        isSeeOther(await client.post("/cart/add", { product_id: id }), "/cart"),
      );
    }
    await client.get("/cart"); // shows, and so clears, the add banners
    client.shown.clear();
    // Distinct texts ("Updated <product> to <n>."): identical texts are
    // deduplicated by design.
    const updates = Array.from({ length: MESSAGES }, (_, i) => ({
      product_id: PRODUCTS[i % PRODUCTS.length],
      quantity: String(1 + Math.floor(i / PRODUCTS.length)),
    }));
    const texts = new Set(
      updates.map((u) =>
        `Updated ${
          SEED_PRODUCTS.find((p) => p.id === u.product_id)!.name
        } to ${u.quantity}.`
      ),
    );
    strictEqual(texts.size, MESSAGES);
    const results = await Promise.all(
      updates.map((fields) => client.post("/cart/update", fields)),
    );
    strictEqual(results.filter((r) => isSeeOther(r, "/cart")).length, MESSAGES);
    // The following page loads show what is pending, once.
    for (let i = 0; i < 3; i++) await client.get(i % 2 ? "/" : "/cart");
    const shown = [...client.shown.values()];
    figure("lost-updates messages", {
      posted: MESSAGES,
      shown: shown.length,
      shownTwice: client.shownTwice().length,
      cap: DEFAULT_MAX_PENDING,
    });
    deepStrictEqual(client.shownTwice(), [], "no banner is shown twice");
    ok(shown.every((s) => texts.has(s.text)), "only banners that were posted");
    strictEqual(
      new Set(shown.map((s) => s.text)).size,
      shown.length,
      "distinct texts",
    );
    // Up to the cap, nothing is lost; past it the oldest are dropped, by
    // design (utils/messages/queue.ts `cap`), with a log line.
    strictEqual(shown.length, Math.min(MESSAGES, DEFAULT_MAX_PENDING));
  });
});

Deno.test(`${DEFAULT_MAX_PENDING} concurrent message-producing posts (the cap): all shown, each exactly once`, async () => {
  await withApp(async (app) => {
    const client = new ShopClient(app.origin);
    // Each add of a distinct quantity to a distinct line... but adds of one
    // product share a text, so use updates on lines that exist.
    for (const id of PRODUCTS) {
      ok(
        isSeeOther(await client.post("/cart/add", { product_id: id }), "/cart"),
      );
    }
    await client.get("/cart");
    client.shown.clear();
    const n = DEFAULT_MAX_PENDING;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        client.post("/cart/update", {
          product_id: PRODUCTS[i % PRODUCTS.length],
          quantity: String(1 + Math.floor(i / PRODUCTS.length)),
        })),
    );
    strictEqual(results.filter((r) => isSeeOther(r, "/cart")).length, n);
    for (let i = 0; i < 3; i++) await client.get("/");
    figure("messages at the cap", {
      posted: n,
      shown: client.shown.size,
      shownTwice: client.shownTwice().length,
    });
    strictEqual(client.shown.size, n);
    deepStrictEqual(client.shownTwice(), []);
  });
});
