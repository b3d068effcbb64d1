/**
 * Cookieless clients over real HTTP, against the app as `deno task serve`
 * runs it: 100 GETs of pages that use the session (a product page, the
 * checkout steps, the account pages, the post form), then a flood of
 * adds from one address with the default new-session limit. Afterwards the
 * KV file holds no row from the GETs, at most the limit's rows from the
 * flood, none of them outliving the provisional hour, and the log holds no
 * line per session.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { SESSIONS_PREFIX } from "../../utils/session/kv_store.ts";
import type { SessionRecord } from "../../utils/session/store.ts";
import { errorLines, removeKv, ROOT, startApp } from "./_app_process.ts";

const PAGES = [
  "/products/notebook",
  "/checkout/contact",
  "/checkout/address",
  "/checkout/shipping",
  "/checkout/payment",
  "/checkout/review",
  "/account/sessions",
  "/account/password",
  "/posts/new",
];
const LIMIT = 100;
const FLOOD = 150;

Deno.test("cookieless GETs start no session, and a flood of adds from one address starts at most the limit", async () => {
  // The default limit, not the shoppers' allowance _app_process.ts sets.
  const app = await startApp({
    env: { SESSION_NEW_PER_MINUTE: String(LIMIT) },
  });
  let created = 0;
  let refused = 0;
  const started = Date.now();
  let elapsed = 0;
  try {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(app.origin + PAGES[i % PAGES.length], {
        redirect: "manual",
      });
      await res.body?.cancel();
      deepStrictEqual(res.headers.getSetCookie(), []);
    }
    const flood = await Promise.all(
      Array.from({ length: FLOOD }, () =>
        fetch(app.origin + "/cart/add", {
          method: "POST",
          redirect: "manual",
          headers: {
            origin: app.origin,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: "product_id=notebook&quantity=1",
        })),
    );
    elapsed = Date.now() - started;
    for (const res of flood) {
      await res.body?.cancel();
      if (res.status === 303) created++;
      else {
        strictEqual(res.status, 429);
        ok(Number(res.headers.get("retry-after")) >= 1);
        refused++;
      }
    }
  } finally {
    await app.kill();
  }
  try {
    const kv = await Deno.openKv(`${ROOT}${app.kvPath.slice(2)}`);
    const rows = await Array.fromAsync(
      kv.list<SessionRecord>({ prefix: [SESSIONS_PREFIX] }),
    );
    kv.close();
    const refill = Math.ceil((elapsed * LIMIT) / 60_000);
    ok(created >= LIMIT && created <= LIMIT + refill, `${created} created`);
    strictEqual(rows.length, created, "one row per accepted add, none else");
    const hour = 60 * 60 * 1000;
    strictEqual(
      rows.filter((r) => r.value.expiresAt > Date.now() + hour).length,
      0,
    );
    const output = app.output();
    deepStrictEqual(errorLines(output), []);
    ok(!/session created/.test(output), "no log line per new session");
    console.log(
      "FIGURE cookieless over HTTP:",
      JSON.stringify({
        gets: 100,
        rowsFromGets: rows.length - created,
        flood: FLOOD,
        created,
        refused,
        rowsOutlivingAnHour: 0,
        logLines: output.split("\n").filter(Boolean).length,
      }),
    );
  } finally {
    await removeKv(app.kvPath);
  }
});
