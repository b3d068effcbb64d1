/**
 * Clients that never send a cookie back (scripts, crawlers, floods) cannot
 * fill KV: pages they read start no session, a session they do start is
 * provisional (gone within an hour unless the cookie comes back), and one
 * address can start only so many sessions a minute. A real browser's
 * session still lasts the full idle timeout. Through the real app,
 * in-process, on in-memory KV.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { kv } from "../../utils/kv/db.ts";
import { SESSIONS_PREFIX } from "../../utils/session/kv_store.ts";
import {
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_NEW_SESSIONS_PER_MINUTE,
  DEFAULT_PROVISIONAL_TIMEOUT,
} from "../../utils/session/options.ts";
import type { SessionRecord } from "../../utils/session/store.ts";
import { appHandlerOnce, ORIGIN } from "../helpers/client.ts";
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

const SECOND = 1000;

async function sessionRows(): Promise<Deno.KvEntry<SessionRecord>[]> {
  return await Array.fromAsync(
    kv.list<SessionRecord>({ prefix: [SESSIONS_PREFIX] }),
  );
}

let addresses = 0;
/** A client with no cookie jar at all, from its own address. */
async function cookieless(address = `192.0.2.${++addresses % 250}`) {
  const handler = await appHandlerOnce();
  return (path: string, init: RequestInit = {}) =>
    handler(new Request(ORIGIN + path, init), {
      remoteAddr: { transport: "tcp", hostname: address, port: 40000 },
    });
}

function add(productId = "notebook"): RequestInit {
  return {
    method: "POST",
    headers: {
      origin: ORIGIN,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ product_id: productId, quantity: "1" }),
  };
}

const PAGES = [
  "/products/notebook",
  "/checkout/contact",
  "/checkout/address",
  "/checkout/shipping",
  "/checkout/payment",
  "/checkout/review",
  "/checkout/complete",
  "/account/sessions",
  "/account/password",
  "/posts/new",
  "/posts",
  "/cart",
  "/login?next=/account/sessions",
  "/signup",
  "/",
];

Deno.test("100 cookieless GETs of product, checkout, account, post and cart pages start no session", async () => {
  const before = (await sessionRows()).length;
  for (let i = 0; i < 100; i++) {
    const send = await cookieless();
    const res = await send(PAGES[i % PAGES.length]);
    await res.body?.cancel();
    ok(res.status === 200 || res.status === 303, `${res.status}`);
    deepStrictEqual(res.headers.getSetCookie(), [], PAGES[i % PAGES.length]);
  }
  strictEqual((await sessionRows()).length - before, 0);
});

Deno.test("a visitor sent to sign in is told why, with nothing stored", async () => {
  const send = await cookieless();
  const res = await send("/account/sessions");
  strictEqual(res.status, 303);
  deepStrictEqual(res.headers.getSetCookie(), []);
  const login = await send(res.headers.get("location")!);
  match(await login.text(), /Please sign in first\./);
});

Deno.test("100 cookieless adds leave 0 rows that outlive the provisional window", async () => {
  const known = new Set((await sessionRows()).map((r) => String(r.key[1])));
  const started = Date.now();
  for (let i = 0; i < 100; i++) {
    const res = await (await cookieless())("/cart/add", add());
    await res.body?.cancel();
    strictEqual(res.status, 303);
  }
  const rows = (await sessionRows()).filter((r) =>
    !known.has(String(r.key[1]))
  );
  strictEqual(rows.length, 100);
  const window = DEFAULT_PROVISIONAL_TIMEOUT * SECOND;
  const outliving = rows.filter((r) => r.value.expiresAt > Date.now() + window);
  strictEqual(outliving.length, 0);
  ok(rows.every((r) => r.value.expiresAt >= started + window));
  console.log(
    "FIGURE cookieless adds:",
    JSON.stringify({ rows: rows.length, outlivingProvisional: 0 }),
  );
});

Deno.test("a real browser's session gets the full idle timeout", async () => {
  const jar = new CookieJar();
  const send = jarFetch(await appHandlerOnce(), jar, {
    origin: ORIGIN,
    address: "192.0.2.251",
  });
  await (await send("/cart/add", add())).body?.cancel();
  const page = await send("/cart");
  await page.body?.cancel();
  match(
    page.headers.getSetCookie()[0] ?? "",
    new RegExp(`Max-Age=${DEFAULT_IDLE_TIMEOUT}(;|$)`),
  );
  const full = Date.now() + (DEFAULT_IDLE_TIMEOUT - 60) * SECOND;
  const rows = await sessionRows();
  ok(rows.some((r) => r.value.expiresAt >= full && !r.value.provisional));
});

Deno.test("a flood of adds from one address starts at most the configured number of sessions", async () => {
  const send = await cookieless("198.51.100.77");
  const before = (await sessionRows()).length;
  const started = Date.now();
  let created = 0;
  let refused = 0;
  for (let i = 0; i < DEFAULT_NEW_SESSIONS_PER_MINUTE + 30; i++) {
    const res = await send("/cart/add", add());
    if (res.status === 303) {
      created++;
      await res.body?.cancel();
      continue;
    }
    strictEqual(res.status, 429);
    const retryAfter = Number(res.headers.get("retry-after"));
    ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    match(await res.text(), /Please wait \d+ seconds and try again/);
    deepStrictEqual(res.headers.getSetCookie(), []);
    refused++;
  }
  // The allowance refills at the configured rate per minute.
  const refill = Math.ceil(
    ((Date.now() - started) * DEFAULT_NEW_SESSIONS_PER_MINUTE) / 60_000,
  );
  ok(created >= DEFAULT_NEW_SESSIONS_PER_MINUTE, `${created} created`);
  ok(created <= DEFAULT_NEW_SESSIONS_PER_MINUTE + refill, `${created}`);
  ok(refused > 0);
  strictEqual((await sessionRows()).length - before, created);
  console.log(
    "FIGURE cookieless flood:",
    JSON.stringify({ sent: created + refused, created, refused }),
  );
  // Pages are still served to that address.
  const page = await send("/products/notebook");
  strictEqual(page.status, 200);
  await page.body?.cancel();
});

Deno.test("recently viewed starts once the visitor has a session", async () => {
  const jar = new CookieJar();
  const send = jarFetch(await appHandlerOnce(), jar, {
    origin: ORIGIN,
    address: "192.0.2.252",
  });
  const strip = async () =>
    /data-testid="recently-viewed"/.test(await (await send("/")).text());
  await (await send("/products/desk-lamp")).body?.cancel();
  strictEqual(jar.header(), undefined, "a plain view needs no session");
  strictEqual(await strip(), false);
  await (await send("/cart/add", add("desk-plant"))).body?.cancel();
  await (await send("/products/backpack")).body?.cancel();
  strictEqual(await strip(), true);
});
