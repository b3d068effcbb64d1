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

Deno.test("the message says how many were added", async () => {
  const client = await Client.forApp();
  const two = await addJson(client, 2);
  deepStrictEqual(two.body.messages.map((m) => m.text), [
    "Added 2 × Ceramic mug to your cart.",
  ]);
  const one = await client.post("/cart/add", { product_id: "notebook" });
  const page = await client.follow(one);
  ok(page.html.includes("Added 1 × Dot-grid notebook to your cart."));
});

Deno.test("an add that the line's maximum cuts short says how many went in", async () => {
  const client = await Client.forApp();
  // 99 units per add at most: fill the line to three short of its maximum.
  let left = MAX_LINE_QUANTITY - 3;
  while (left > 0) {
    const step = Math.min(99, left);
    strictEqual((await addJson(client, step)).status, 200);
    left -= step;
  }
  const { status, body } = await addJson(client, 10);
  strictEqual(status, 200);
  strictEqual(body.cartCount, MAX_LINE_QUANTITY);
  deepStrictEqual(body.messages.map((m) => m.text), [
    `Added 3 × Ceramic mug to your cart (${MAX_LINE_QUANTITY} is the most one order can hold).`,
  ]);
});
