/**
 * "Place order" over real HTTP, against the app as `deno task serve` runs
 * it and on several workers (`deno serve --parallel`): the order placed is
 * exactly the one the review page rendered; a cart changed in another tab
 * since then places nothing and says what changed; racing confirms place
 * one order and take its lines out of the cart once, and a line another
 * tab adds during the race stays in the cart.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  type AppProcess,
  errorLines,
  removeKv,
  ROOT,
  startApp,
} from "./_app_process.ts";
import { figure, scale } from "./_scale.ts";
import { banners, cartLines, ShopClient } from "./_shop_client.ts";
import { confirmForm, unescapeHtml } from "../helpers/review_form.ts";

const RACERS = 6;
const ROUNDS = scale(3, 20);
const WORKERS = scale(2, 4);

const ADDRESS = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};

/** A shopper with `lines` in the cart, an address, delivery, on review. */
async function reviewing(
  app: AppProcess,
  lines: [string, number][],
  name = ADDRESS.name,
): Promise<{ client: ShopClient; form: Record<string, string> }> {
  const client = new ShopClient(app.origin);
  for (const [id, qty] of lines) {
    const res = await client.post("/cart/add", {
      product_id: id,
      quantity: String(qty),
    });
    strictEqual(res.status, 303);
  }
  await client.get("/cart");
  strictEqual(
    (await client.post("/checkout/contact", { email: "ada@example.com" }))
      .status,
    303,
  );
  strictEqual(
    (await client.post("/checkout/address", { ...ADDRESS, name })).status,
    303,
  );
  strictEqual(
    (await client.post("/checkout/shipping", { shipping: "standard" })).status,
    303,
  );
  strictEqual(
    (await client.post("/checkout/payment", { method: "cod" })).status,
    303,
  );
  const review = await client.get("/checkout/review");
  strictEqual(review.res.status, 200);
  return { client, form: confirmForm(review.html) };
}

/** Orders in the app's KV file, read after the app stopped. */
async function storedOrders(
  kvPath: string,
): Promise<
  {
    address: { name: string };
    lines: { id: string; qty: number }[];
    totalCents: number;
  }[]
> {
  const kv = await Deno.openKv(`${ROOT}${kvPath}`);
  try {
    // deno-lint-ignore no-explicit-any
    const out: any[] = [];
    for await (const entry of kv.list({ prefix: ["orders"] })) {
      out.push(entry.value);
    }
    return out;
  } finally {
    kv.close();
  }
}

async function withApp(
  workers: number | undefined,
  run: (app: AppProcess) => Promise<void>,
  after?: (app: AppProcess) => Promise<void>,
) {
  const app = await startApp({ workers });
  try {
    await run(app);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
  }
  try {
    await after?.(app);
  } finally {
    await removeKv(app.kvPath);
  }
}

Deno.test("a cart changed in another tab after the review places nothing and says what changed", async () => {
  let shownTotal = "";
  await withApp(undefined, async (app) => {
    const { client, form } = await reviewing(app, [["notebook", 1]]);
    // Another tab of the same browser adds 99 headphones.
    strictEqual(
      (await client.post("/cart/add", {
        product_id: "headphones",
        quantity: "99",
      })).status,
      303,
    );
    await client.get("/cart");
    const res = await client.post("/checkout/confirm", form);
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), "/checkout/review");
    const again = await client.get("/checkout/review");
    strictEqual(again.res.status, 200);
    const warning = banners(again.html).map((b) => b.text).join(" | ");
    ok(/Wireless headphones/.test(unescapeHtml(warning)), warning);
    ok(/changed/i.test(warning), warning);
    ok(/class="flash [^"]*warning/.test(again.html), "a warning banner");
    // The review now shows the new cart; confirming it places that.
    const placed = await client.post(
      "/checkout/confirm",
      confirmForm(again.html),
    );
    strictEqual(placed.headers.get("location"), "/checkout/complete");
    const done = await client.get("/checkout/complete");
    shownTotal = /You will pay ([^ ]+) on delivery/.exec(done.html)?.[1] ?? "";
  }, async (app) => {
    const orders = await storedOrders(app.kvPath);
    strictEqual(orders.length, 1, "only the re-reviewed order");
    deepStrictEqual(
      orders[0].lines.map(({ id, qty }) => [id, qty]),
      [["notebook", 1], ["headphones", 99]],
    );
    strictEqual(orders[0].totalCents, 1200 + 99 * 8900 + 500);
    strictEqual(shownTotal, "$8,828.00");
    figure("confirm after the cart changed", {
      firstConfirm: "refused",
      ordersPlaced: orders.length,
    });
  });
});

for (const workers of [undefined, WORKERS]) {
  const where = workers ? `${workers} workers` : "one process";
  Deno.test(`${ROUNDS} rounds of ${RACERS} racing confirms and a replay on ${where}: one order each, its lines taken out once`, async () => {
    const outcomes = { placed: 0, alreadyPlaced: 0, refused: 0, other: 0 };
    await withApp(workers, async (app) => {
      for (let round = 0; round < ROUNDS; round++) {
        const { client, form } = await reviewing(app, [
          ["notebook", 1],
          ["ceramic-mug", 2],
        ], `Round ${round}`);
        // Six submits of the same review at once; meanwhile another tab
        // adds one more notebook and a backpack.
        const [confirms, adds] = await Promise.all([
          Promise.all(
            Array.from(
              { length: RACERS },
              () => client.post("/checkout/confirm", form),
            ),
          ),
          Promise.all([
            client.post("/cart/add", { product_id: "notebook" }),
            client.post("/cart/add", { product_id: "backpack" }),
          ]),
        ]);
        for (const res of adds) strictEqual(res.status, 303);
        let completed = 0;
        for (const res of confirms) {
          strictEqual(res.status, 303);
          const location = res.headers.get("location");
          if (location === "/checkout/complete") completed++;
          else if (location === "/checkout/review") outcomes.refused++;
          else outcomes.other++;
        }
        if (completed === 0) {
          // Both adds landed before every confirm read the cart: each was
          // refused. Review the new cart and place it, so every round ends
          // with one order.
          const again = await client.get("/checkout/review");
          const res = await client.post(
            "/checkout/confirm",
            confirmForm(again.html),
          );
          strictEqual(res.headers.get("location"), "/checkout/complete");
        } else {
          outcomes.placed++;
          outcomes.alreadyPlaced += completed - 1;
          // The ordered lines went exactly once; the other tab's stayed.
          const cart = cartLines((await client.get("/cart")).html);
          deepStrictEqual(
            Object.fromEntries(cart),
            { notebook: 1, backpack: 1 },
            `round ${round}`,
          );
        }
        // A replay of the same review later places nothing more.
        const replay = await client.post("/checkout/confirm", form);
        strictEqual(replay.status, 303);
        ok(
          ["/checkout/complete", "/checkout/review"].includes(
            replay.headers.get("location")!,
          ),
          `replay went to ${replay.headers.get("location")}`,
        );
      }
      strictEqual(outcomes.other, 0);
    }, async (app) => {
      const orders = await storedOrders(app.kvPath);
      const byRound = new Map<string, number>();
      for (const order of orders) {
        byRound.set(
          order.address.name,
          (byRound.get(order.address.name) ?? 0) + 1,
        );
      }
      figure(`racing confirms, ${where}`, {
        rounds: ROUNDS,
        racers: RACERS,
        orders: orders.length,
        ...outcomes,
      });
      strictEqual(orders.length, ROUNDS, "one order per round");
      for (let round = 0; round < ROUNDS; round++) {
        strictEqual(byRound.get(`Round ${round}`), 1, `round ${round}`);
      }
    });
  });
}
