/**
 * A deploy upgrade, over real HTTP: sessions stored by older code (written
 * here straight into KV, in the record format the session store has always
 * used) are read by the current app. Values stored before the shop's keys
 * were declared carry no version and count as version 1, so the cart,
 * "recently viewed", the checkout and pending messages all survive; a
 * corrupt value, or one written by newer code (a version this app does not
 * know), gives a working page with the default, logged once, never a 500.
 *
 * The migration of a version 1 value by code at version 2 is in
 * tests/utils/session/keys_test.ts and, over HTTP across a deploy,
 * tests/utils/session/upgrade_http_test.ts.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import manifest from "../../fresh.gen.ts";
import { kv } from "../../utils/kv/db.ts";
import type { JsonValue } from "../../utils/session/json.ts";
import {
  generateRef,
  generateToken,
  hashToken,
} from "../../utils/session/token.ts";
import { Client, testId } from "../helpers/client.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";

/** Stores a session the way the session store writes one; returns its cookie. */
async function storeOldSession(data: Record<string, JsonValue>) {
  const token = generateToken();
  const now = Date.now();
  const day = 24 * 3600_000;
  await kv.set(["sessions", hashToken(token)], {
    v: 1,
    data: JSON.stringify(data),
    createdAt: now - day,
    lastActiveAt: now - 60_000,
    absoluteExpiresAt: now + 7 * day,
    expiresAt: now + day,
    idleTimeout: 2 * 24 * 3600,
    persistent: true,
    ref: generateRef(),
    userAgent: "Firefox on Linux",
  }, { expireIn: 7 * day });
  return token;
}

/** A client that talks to `server` over real HTTP, with a cookie jar. */
function httpClient(server: RunningServer, token: string): Client {
  const client = new Client(
    (req) => fetch(new Request(req, { redirect: "manual" })),
    server.origin,
  );
  client.jar.set("sid", token);
  return client;
}

/** Runs `run` while collecting the session's "value dropped" warnings. */
async function dropped(run: () => Promise<void>): Promise<unknown[]> {
  const lines: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).includes("Session value dropped")) lines.push(args[1]);
    else warn(...args);
  };
  try {
    await run();
  } finally {
    console.warn = warn;
  }
  return lines;
}

async function withServer(run: (server: RunningServer) => Promise<void>) {
  const server = await startServer(manifest, {
    build: { outDir: "/nonexistent/_fresh" },
  });
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

Deno.test("a session stored by older code (unversioned values) keeps its cart, recently viewed, checkout and messages", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      cart: [{ id: "notebook", qty: 2 }, { id: "ceramic-mug", qty: 1 }],
      recent: ["ceramic-mug", "notebook"],
      checkout: {
        id: crypto.randomUUID(),
        email: "ada@example.com",
      },
      _messages: [{
        id: "m1",
        level: 25,
        text: "Welcome back from the old version",
        extraTags: "",
        createdAt: Date.now() - 1000,
      }],
    });
    const client = httpClient(server, token);
    const lines = await dropped(async () => {
      const cart = await client.get("/cart");
      strictEqual(cart.res.status, 200);
      strictEqual(testId(cart.html, "cart-count"), "3");
      ok(cart.html.includes('data-testid="line-notebook"'));
      ok(cart.html.includes("Welcome back from the old version"));
      const home = await client.get("/");
      strictEqual(home.res.status, 200);
      ok(
        /data-testid="recently-viewed"[\s\S]*href="\/products\/ceramic-mug"/
          .test(home.html),
      );
      // The stored email is still there: the address step opens directly.
      const address = await client.get("/checkout/address");
      strictEqual(address.res.status, 200);
    });
    deepStrictEqual(lines, []);
  });
});

/** Stored values that no code can read, and what each key then shows. */
const UNREADABLE: [string, JsonValue][] = [
  ["corrupt", "garbage"],
  ["written by newer code", { $v: 7, $value: [{ id: "notebook", qty: 1 }] }],
];

for (const [what, value] of UNREADABLE) {
  Deno.test(`a ${what} cart gives a working, empty cart page, logged once`, async () => {
    await withServer(async (server) => {
      const token = await storeOldSession({ cart: value });
      const client = httpClient(server, token);
      const lines = await dropped(async () => {
        for (const path of ["/cart", "/cart", "/"]) {
          const page = await client.get(path);
          strictEqual(page.res.status, 200, path);
        }
        const cart = await client.get("/cart");
        ok(cart.html.includes("Your cart is empty."));
        // The shopper carries on: an add replaces the unreadable value.
        const add = await client.post("/cart/add", {
          product_id: "ceramic-mug",
        });
        strictEqual(add.status, 303);
        strictEqual(
          testId((await client.get("/cart")).html, "cart-count"),
          "1",
        );
      });
      strictEqual(lines.length, 1, "logged once");
      strictEqual((lines[0] as { key: string }).key, "cart");
    });
  });
}

Deno.test("corrupt recently viewed, checkout and messages values each give a working page, logged once each", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      cart: [{ id: "notebook", qty: 1 }],
      recent: { not: "a list" },
      checkout: ["not", "an", "object"],
      _messages: { $v: 2, $value: [] },
    });
    const client = httpClient(server, token);
    const lines = await dropped(async () => {
      const home = await client.get("/");
      strictEqual(home.res.status, 200);
      ok(!home.html.includes('data-testid="recently-viewed"'));
      const contact = await client.get("/checkout/contact");
      strictEqual(contact.res.status, 200);
      // A checkout step after the corrupt one sends the shopper back to it.
      const address = await client.get("/checkout/address");
      strictEqual(address.res.status, 303);
      strictEqual(address.res.headers.get("location"), "/checkout/contact");
    });
    deepStrictEqual(
      lines.map((l) => (l as { key: string }).key).sort(),
      ["_messages", "checkout", "recent"],
    );
  });
});

/** The product links of the "Recently viewed" strip, in order. */
function recentLinks(html: string): string[] {
  const strip = /data-testid="recently-viewed"[\s\S]*?<\/ol>/.exec(html)?.[0];
  return [...(strip ?? "").matchAll(/href="\/products\/([^"]+)"/g)]
    .map((m) => m[1]);
}

Deno.test("a stored recently viewed list with repeats and more than five products shows each product once, at most five", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      recent: [
        "notebook",
        "notebook",
        "ceramic-mug",
        "notebook",
        "desk-plant",
        "headphones",
        "backpack",
        "water-bottle",
        "sunglasses",
      ],
    });
    const home = await httpClient(server, token).get("/");
    strictEqual(home.res.status, 200);
    deepStrictEqual(recentLinks(home.html), [
      "notebook",
      "ceramic-mug",
      "desk-plant",
      "headphones",
      "backpack",
    ]);
  });
});

Deno.test("a stored cart with one product on two lines shows one line with both quantities, and a change applies to it once", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      cart: [
        { id: "notebook", qty: 2, note: "x".repeat(1000) },
        { id: "ceramic-mug", qty: 1 },
        { id: "notebook", qty: 3 },
      ],
    });
    const client = httpClient(server, token);
    const cart = await client.get("/cart");
    strictEqual(cart.res.status, 200);
    strictEqual(cart.html.split('data-testid="line-notebook"').length - 1, 1);
    strictEqual(testId(cart.html, "cart-count"), "6");
    strictEqual(testId(cart.html, "cart-badge"), "6");
    const add = await client.post("/cart/add", { product_id: "ceramic-mug" });
    strictEqual(add.status, 303);
    // What is written back is the clean cart: one line per product, no junk.
    const stored: unknown[] = [];
    for await (const entry of kv.list({ prefix: ["sessions"] })) {
      const data = JSON.parse((entry.value as { data: string }).data);
      if (data.cart) stored.push(data.cart);
    }
    ok(
      stored.some((c) =>
        JSON.stringify(c) ===
          JSON.stringify([{ id: "notebook", qty: 5 }, {
            id: "ceramic-mug",
            qty: 2,
          }])
      ),
      JSON.stringify(stored),
    );
  });
});

Deno.test("a stored cart full of products no longer sold: the badge agrees with the cart page, and a product can still be added", async () => {
  await withServer(async (server) => {
    const gone = Array.from({ length: 50 }, (_, i) => ({
      id: `discontinued-${i}`,
      qty: 2,
    }));
    const token = await storeOldSession({ cart: gone });
    const client = httpClient(server, token);
    const cart = await client.get("/cart");
    strictEqual(cart.res.status, 200);
    ok(cart.html.includes("Your cart is empty."));
    strictEqual(testId(cart.html, "cart-badge"), "0");
    const add = await client.post("/cart/add", { product_id: "ceramic-mug" });
    strictEqual(add.status, 303);
    const after = await client.get("/cart");
    strictEqual(testId(after.html, "cart-count"), "1");
    strictEqual(testId(after.html, "cart-badge"), "1");
  });
});

Deno.test("lines of products no longer sold do not count in the header's badge on any page, before the cart page drops them", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      cart: [{ id: "notebook", qty: 1 }, { id: "discontinued-lamp", qty: 4 }],
    });
    const client = httpClient(server, token);
    for (const path of ["/about", "/", "/products/notebook", "/posts"]) {
      const page = await client.get(path);
      strictEqual(page.res.status, 200, path);
      strictEqual(testId(page.html, "cart-badge"), "1", path);
    }
    const cart = await client.get("/cart");
    strictEqual(testId(cart.html, "cart-count"), "1");
    strictEqual(testId(cart.html, "cart-badge"), "1");
  });
});

Deno.test("an add refused as invalid answers JavaScript with the header badge's count, leaving out lines of products no longer sold", async () => {
  await withServer(async (server) => {
    const token = await storeOldSession({
      cart: [{ id: "notebook", qty: 1 }, { id: "discontinued-lamp", qty: 4 }],
    });
    const client = httpClient(server, token);
    strictEqual(testId((await client.get("/about")).html, "cart-badge"), "1");
    const cases: Record<string, string>[] = [
      { product_id: "discontinued-lamp" },
      { product_id: "notebook", quantity: "0" },
    ];
    for (const fields of cases) {
      const res = await fetch(`${server.origin}/cart/add`, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers: {
          accept: "application/json",
          cookie: `sid=${token}`,
          origin: server.origin,
        },
      });
      strictEqual(res.status, 422, JSON.stringify(fields));
      strictEqual(
        (await res.json()).cartCount,
        1,
        `${JSON.stringify(fields)}: the live badge agrees with the server's`,
      );
    }
    strictEqual(testId((await client.get("/about")).html, "cart-badge"), "1");
  });
});

Deno.test("a stored cart of more lines than a cart may hold, or with ids no product can have, reads as a cart within the limits", async () => {
  await withServer(async (server) => {
    const lines = Array.from({ length: 1500 }, (_, i) => ({
      id: `gone-${i}`,
      qty: 1,
    }));
    const token = await storeOldSession({
      cart: [
        { id: "<script>".repeat(100), qty: 1 },
        { id: "notebook", qty: 1 },
        ...lines,
      ],
    });
    const cart = await httpClient(server, token).get("/cart");
    strictEqual(cart.res.status, 200);
    strictEqual(testId(cart.html, "cart-count"), "1");
    // The badge counts the one line the page lists, not 1502 units.
    strictEqual(testId(cart.html, "cart-badge"), "1");
  });
});
