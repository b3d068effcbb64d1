/**
 * Flash messages through the real shop, in-process on in-memory KV: a
 * message is seen once even when a form fails in between (the 422 page
 * shows and consumes it), and a user's pending messages never reach the
 * next person who signs in on the same browser.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";

const PASSWORD = "a long enough password";

/** The flash banners' texts in a page. */
function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

let counter = 0;
function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now() % 100000}_${++counter}`;
}

Deno.test("a message pending when a sign-in fails shows on the 422 page, not again after", async () => {
  const client = await Client.forApp();
  const added = await client.post("/cart/add", { product_id: "notebook" });
  strictEqual(added.status, 303);
  const failed = await client.fetch("/login", {
    method: "POST",
    body: new URLSearchParams({ username: "demo", password: "wrong" }),
    headers: {
      origin: "http://localhost",
      "content-type": "application/x-www-form-urlencoded",
    },
  });
  strictEqual(failed.status, 422);
  deepStrictEqual(flashes(await failed.text()), [
    "Added 1 × Dot-grid notebook to your cart.",
    "Wrong username or password.",
  ]);
  deepStrictEqual(flashes((await client.get("/cart")).html), []);
});

Deno.test("messages pending at sign-out never reach the next user of the browser", async () => {
  const client = await Client.forApp();
  const first = uniqueName("first");
  strictEqual(
    (await client.post("/signup", { username: first, password: PASSWORD }))
      .status,
    303,
  );
  await client.get("/");
  await client.post("/logout");
  // The first user signs in and posts; neither notice is shown yet.
  strictEqual(
    (await client.post("/login", { username: first, password: PASSWORD }))
      .status,
    303,
  );
  const saved = await client.post("/posts", {
    title: "Mine",
    body: "Private.",
  });
  strictEqual(saved.status, 303);
  await client.post("/logout");
  // The next person on this browser signs up without looking first.
  const next = uniqueName("next");
  strictEqual(
    (await client.post("/signup", { username: next, password: PASSWORD }))
      .status,
    303,
  );
  const home = await client.get("/");
  ok(home.html.includes(next), "signed in as the new user");
  const shown = flashes(home.html);
  ok(
    !shown.some((text) => text.includes(first) || text === "Post saved!"),
    `the previous user's messages leaked: ${JSON.stringify(shown)}`,
  );
  ok(shown.some((text) => text.includes(next)), "the new user's welcome");
});
