/**
 * A restart on a KV file that holds malformed product rows (`"garbage"` in
 * place of one product, a price that is not a number in another): the app,
 * as `deno task serve` runs it, starts and serves the catalogue without
 * them. Every page, the cart (which holds one of them) and add to cart keep
 * working; the bad products are unknown; each bad row is logged once, with
 * its key.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  type AppProcess,
  errorLines,
  removeKv,
  ROOT,
  startApp,
} from "./_app_process.ts";
import { figure } from "./_scale.ts";
import { cartLines, ShopClient } from "./_shop_client.ts";

const BAD: [string, unknown][] = [
  ["notebook", "garbage"],
  ["desk-lamp", {
    id: "desk-lamp",
    name: "Desk lamp",
    description: "",
    priceCents: "39.00",
    tint: "gold",
  }],
];

Deno.test("a restart on a KV file with malformed product rows: the shop keeps working without them", async () => {
  let app: AppProcess = await startApp();
  const kvPath = app.kvPath;
  try {
    const shopper = new ShopClient(app.origin);
    // The shopper's cart holds a product whose row will go bad.
    for (const id of ["notebook", "backpack"]) {
      strictEqual(
        (await shopper.post("/cart/add", { product_id: id })).status,
        303,
      );
    }
    await app.kill();
    const kv = await Deno.openKv(`${ROOT}${kvPath}`);
    try {
      for (const [id, value] of BAD) await kv.set(["products", id], value);
    } finally {
      kv.close();
    }

    app = await startApp({ kvPath, port: app.port });
    const statuses: Record<string, number> = {};
    const visit = async (path: string) => {
      const page = await shopper.get(path);
      statuses[path] = page.res.status;
      ok(!page.html.includes("NaN"), path);
      return page;
    };
    const home = await visit("/");
    strictEqual(home.res.status, 200);
    ok(home.html.includes('href="/products/backpack"'));
    ok(!home.html.includes('href="/products/notebook"'), "notebook is gone");
    ok(!home.html.includes('href="/products/desk-lamp"'), "lamp is gone");
    strictEqual((await visit("/products/backpack")).res.status, 200);
    strictEqual((await visit("/products/sneakers")).res.status, 200);
    strictEqual((await visit("/products/notebook")).res.status, 404);
    strictEqual((await visit("/products/desk-lamp")).res.status, 404);
    const cart = await visit("/cart");
    strictEqual(cart.res.status, 200);
    deepStrictEqual(Object.fromEntries(cartLines(cart.html)), { backpack: 1 });
    const add = await shopper.post("/cart/add", { product_id: "sneakers" });
    strictEqual(add.status, 303);
    const addBad = await shopper.post("/cart/add", { product_id: "notebook" });
    ok(addBad.status === 303 || addBad.status === 404, `${addBad.status}`);
    const after = await visit("/cart");
    deepStrictEqual(Object.fromEntries(cartLines(after.html)), {
      backpack: 1,
      sneakers: 1,
    });
    for (const path of ["/about", "/posts", "/login", "/checkout/contact"]) {
      strictEqual((await visit(path)).res.status, 200, path);
    }
    // A second shopper after all that: the log does not grow.
    await new ShopClient(app.origin).get("/");

    const output = app.output();
    for (const [id] of BAD) {
      const line = `malformed product row ignored: ["products","${id}"]`;
      strictEqual(output.split(line).length - 1, 1, `${line}\n${output}`);
    }
    deepStrictEqual(errorLines(output), []);
    figure("restart with malformed product rows", {
      badRows: BAD.length,
      statuses,
      logLines: BAD.length,
    });
  } finally {
    await app.kill();
    await removeKv(kvPath);
  }
});
