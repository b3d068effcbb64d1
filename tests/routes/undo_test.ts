/**
 * "Undo" from the banner, through the real app: removing a cart line,
 * clearing the cart and deleting a post each offer an undo that restores
 * what was removed, once, from the same session, and never cross-site.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client, testId } from "../helpers/client.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

/** The undo forms in a page's banners: their target and hidden fields. */
function undoForms(html: string) {
  return [
    ...html.matchAll(
      /<form method="post" action="([^"]*)" class="flash__action">(.*?)<\/form>/gs,
    ),
  ].map(([, action, inner]) => ({
    action,
    label: /<button[^>]*>([^<]*)<\/button>/.exec(inner)?.[1],
    fields: Object.fromEntries(
      [...inner.matchAll(
        /<input type="hidden" name="([^"]*)" value="([^"]*)"/g,
      )]
        .map(([, k, v]) => [k, v]),
    ),
  }));
}

function flashTexts(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

async function cartLines(client: Client): Promise<Record<string, string>> {
  const { html } = await client.get("/cart");
  return Object.fromEntries(
    [...html.matchAll(
      /data-testid="line-([a-z0-9-]+)"[\s\S]*?name="quantity"[^>]*value="(\d+)"/g,
    )]
      .map(([, id, qty]) => [id, qty]),
  );
}

Deno.test("removing a cart line offers Undo, which puts it back once", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook", quantity: "3" });
  await client.post("/cart/add", { product_id: "desk-lamp" });
  const removed = await client.post("/cart/remove", { product_id: "notebook" });
  const page = await client.follow(removed);
  strictEqual(
    flashTexts(page.html).at(-1),
    "Removed Dot-grid notebook from your cart.",
  );
  const [form] = undoForms(page.html);
  ok(form, "the banner has an undo form");
  strictEqual(form.action, "/undo");
  strictEqual(form.label, "Undo");
  deepStrictEqual(await cartLines(client), { "desk-lamp": "1" });

  // Something added meanwhile stays.
  await client.post("/cart/add", { product_id: "ceramic-mug" });
  const undone = await client.post(form.action, form.fields);
  strictEqual(undone.status, 303);
  strictEqual(undone.headers.get("location"), "/cart");
  const after = await client.follow(undone);
  ok(
    flashTexts(after.html).includes("Put Dot-grid notebook back in your cart."),
    flashTexts(after.html).join(" | "),
  );
  deepStrictEqual(await cartLines(client), {
    "desk-lamp": "1",
    "ceramic-mug": "1",
    notebook: "3",
  });

  // A second press restores nothing more.
  const again = await client.follow(
    await client.post(form.action, form.fields),
  );
  deepStrictEqual(flashTexts(again.html), ["That can no longer be undone."]);
  strictEqual(testId(again.html, "cart-count"), "5");
});

Deno.test("clearing the cart offers Undo, which restores every line", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook", quantity: "2" });
  await client.post("/cart/add", { product_id: "backpack" });
  const page = await client.follow(await client.post("/cart/clear"));
  const [form] = undoForms(page.html);
  ok(form);
  deepStrictEqual(await cartLines(client), {});
  await client.post(form.action, form.fields);
  deepStrictEqual(await cartLines(client), { notebook: "2", backpack: "1" });
});

Deno.test("deleting a post offers Undo, which restores it under its id", async () => {
  const client = await Client.forApp();
  const login = await client.post("/login", {
    username: DEMO_USERNAME,
    password: DEMO_PASSWORD,
  });
  await client.follow(login);
  const title = `Undo me ${crypto.randomUUID().slice(0, 8)}`;
  const created = await client.post("/posts", { title, body: "Kept body." });
  await client.follow(created);
  const list = await client.get("/posts");
  const id = new RegExp(`<a href="/posts/([^"]+)">${title}</a>`).exec(
    list.html,
  )?.[1];
  ok(id, "the post is listed");

  const deleted = await client.follow(
    await client.post(`/posts/${id}/delete`),
  );
  deepStrictEqual(flashTexts(deleted.html), ["Post deleted."]);
  const [form] = undoForms(deleted.html);
  ok(form, "the banner has an undo form");
  strictEqual((await client.get(`/posts/${id}`)).res.status, 404);

  const undone = await client.post(form.action, form.fields);
  strictEqual(undone.headers.get("location"), `/posts/${id}`);
  const restored = await client.follow(undone);
  strictEqual(restored.res.status, 200);
  ok(restored.html.includes(title) && restored.html.includes("Kept body."));
  ok(flashTexts(restored.html).includes("Post restored."));

  const again = await client.follow(
    await client.post(form.action, form.fields),
  );
  deepStrictEqual(flashTexts(again.html), ["That can no longer be undone."]);
});

Deno.test("an undo works only from its own session, and never cross-site", async () => {
  const owner = await Client.forApp();
  await owner.post("/cart/add", { product_id: "sunglasses" });
  const page = await owner.follow(
    await owner.post("/cart/remove", { product_id: "sunglasses" }),
  );
  const [form] = undoForms(page.html);
  ok(form);

  // Another visitor who learned the id gets nothing.
  const other = await Client.forApp();
  await other.post("/cart/add", { product_id: "notebook" });
  const theirs = await other.follow(await other.post(form.action, form.fields));
  strictEqual(flashTexts(theirs.html).at(-1), "That can no longer be undone.");
  deepStrictEqual(await cartLines(other), { notebook: "1" });

  // A cross-site post with the owner's cookie is refused.
  const forged = await owner.fetch(form.action, {
    method: "POST",
    body: new URLSearchParams(form.fields),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "https://attacker.example",
      "sec-fetch-site": "cross-site",
    },
  });
  strictEqual(forged.status, 403);
  await forged.body?.cancel();
  deepStrictEqual(await cartLines(owner), {});

  // Junk ids are refused quietly.
  for (const undo of ["", "x".repeat(5000), "../../etc"]) {
    const res = await owner.post("/undo", { undo });
    strictEqual(res.status, 303);
  }
  deepStrictEqual(await cartLines(owner), {});
});
