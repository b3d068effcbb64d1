/**
 * Scenario 1, lost updates: many concurrent form posts on ONE session
 * cookie, against the real app (`main.ts` in a subprocess, a KV file, HTTP
 * on 127.0.0.1). Every acknowledged add must be in the cart, and every
 * flash message must be shown exactly once, or, past the shop's cap of
 * pending messages (utils/messages_policy.ts), dropped oldest-first and
 * never shown twice.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { appMessagesOptions } from "../../utils/messages_policy.ts";
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
const MAX_PENDING = appMessagesOptions.maxPending;

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

/**
 * Posts `count` distinct cart updates at once on one cookie, then loads
 * pages until nothing new shows; returns what the banners said.
 */
async function postConcurrentMessages(
  client: ShopClient,
  count: number,
): Promise<{ texts: string[]; acknowledged: number }> {
  for (const id of PRODUCTS) {
    ok(isSeeOther(await client.post("/cart/add", { product_id: id }), "/cart"));
  }
  await client.get("/cart"); // shows, and so clears, the add banners
  client.shown.clear();
  // Distinct texts ("Updated <product> to <n>."), in the order they are
  // sent: identical texts are deduplicated by design.
  const updates = Array.from({ length: count }, (_, i) => ({
    product_id: PRODUCTS[i % PRODUCTS.length],
    quantity: String(1 + Math.floor(i / PRODUCTS.length)),
  }));
  const texts = updates.map((u) =>
    `Updated ${
      SEED_PRODUCTS.find((p) => p.id === u.product_id)!.name
    } to ${u.quantity}.`
  );
  strictEqual(new Set(texts).size, count);
  const results = await Promise.all(
    updates.map((fields) => client.post("/cart/update", fields)),
  );
  const acknowledged = results.filter((r) => isSeeOther(r, "/cart")).length;
  // The following page loads show what is pending, once.
  for (let i = 0; i < 3; i++) await client.get(i % 2 ? "/" : "/cart");
  return { texts, acknowledged };
}

Deno.test(`${MESSAGES} concurrent message-producing posts: all ${MESSAGES} banners shown, each exactly once`, async () => {
  await withApp(async (app) => {
    const client = new ShopClient(app.origin);
    const { texts, acknowledged } = await postConcurrentMessages(
      client,
      MESSAGES,
    );
    const shown = [...client.shown.values()].map((s) => s.text);
    figure("lost-updates messages", {
      posted: MESSAGES,
      acknowledged,
      shown: shown.length,
      shownTwice: client.shownTwice().length,
      cap: MAX_PENDING,
    });
    strictEqual(acknowledged, MESSAGES);
    deepStrictEqual(client.shownTwice(), [], "no banner is shown twice");
    deepStrictEqual(shown.sort(), [...texts].sort(), "every banner is shown");
  });
});

Deno.test(`past the shop's cap of ${MAX_PENDING} pending messages, the excess is dropped (oldest first, by commit order) and none is shown twice`, async () => {
  await withApp(async (app) => {
    const client = new ShopClient(app.origin);
    const posted = MAX_PENDING + 20;
    const { texts, acknowledged } = await postConcurrentMessages(
      client,
      posted,
    );
    const shown = [...client.shown.values()].map((s) => s.text);
    figure("messages past the cap", {
      posted,
      shown: shown.length,
      shownTwice: client.shownTwice().length,
    });
    strictEqual(acknowledged, posted);
    deepStrictEqual(client.shownTwice(), []);
    strictEqual(shown.length, MAX_PENDING);
    ok(shown.every((text) => texts.includes(text)), "only posted banners");
    // Which ones were oldest depends on the commit order of the racing
    // posts; tests/utils/messages covers oldest-first. The app logs drops.
    ok(app.output().includes("maxPending"), "the drop is logged");
  });
});
