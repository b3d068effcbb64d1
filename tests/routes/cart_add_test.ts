/**
 * `POST /cart/add` says "Added …" only when the add went in: a line at its
 * maximum answers the error, over JSON and over the form redirect.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";
import { MAX_LINE_QUANTITY } from "../../utils/shop/cart.ts";

async function addJson(client: Client, quantity: number) {
  const res = await client.fetch("/cart/add", {
    method: "POST",
    body: new URLSearchParams({
      product_id: "ceramic-mug",
      quantity: String(quantity),
    }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
      origin: "http://localhost",
    },
  });
  return {
    status: res.status,
    body: await res.json() as {
      cartCount: number;
      messages: { text: string; levelTag: string }[];
    },
  };
}

Deno.test("an add that cannot go in is not reported as added", async () => {
  const client = await Client.forApp();
  // Fill the line to its maximum: 99 units per add.
  let count = 0;
  while (count < MAX_LINE_QUANTITY) {
    const { status, body } = await addJson(client, 99);
    strictEqual(status, 200);
    count = body.cartCount;
  }
  strictEqual(count, MAX_LINE_QUANTITY);

  const { status, body } = await addJson(client, 1);
  strictEqual(status, 422);
  strictEqual(body.cartCount, MAX_LINE_QUANTITY);
  deepStrictEqual(body.messages.map((m) => m.levelTag), ["error"]);
  ok(!body.messages[0].text.startsWith("Added"), body.messages[0].text);

  const res = await client.post("/cart/add", { product_id: "ceramic-mug" });
  strictEqual(res.status, 303);
  const page = await client.follow(res);
  ok(!page.html.includes("Added Ceramic mug"), "no success banner");
  ok(page.html.includes("the most of Ceramic mug"), "the error banner");
});
