/**
 * Scenario 2, several workers on one KV file: the app under
 * `deno serve --parallel` (`deno task serve:parallel`; two workers, each
 * with its own isolate and its own handle on the same SQLite file, sharing
 * one port), driven by 32 shoppers doing a mix of everything.
 *
 * Required: no 500; a 503 only with Retry-After; no lost cart unit against
 * each shopper's ledger of acknowledged answers; no banner shown twice.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { errorLines, removeKv, startApp } from "./_app_process.ts";
import { runMixedLoad, Shopper } from "./_mixed_load.ts";
import { figure, scale } from "./_scale.ts";
import { Tally } from "./_shop_client.ts";

const REQUESTS = scale(2000, 20000);
const CLIENTS = 32;
const WORKERS = scale(2, 4);

Deno.test(`${REQUESTS} mixed requests from ${CLIENTS} shoppers on ${WORKERS} workers and one KV file`, async () => {
  const app = await startApp({ workers: WORKERS });
  try {
    const tally = new Tally();
    const run = crypto.randomUUID().slice(0, 6);
    const shoppers = Array.from(
      { length: CLIENTS },
      (_, i) => new Shopper(app.origin, tally, `load_${run}_${i}`, 1000 + i),
    );
    const signedUp = await Promise.all(shoppers.map((s) => s.signUp()));
    strictEqual(
      signedUp.filter(Boolean).length,
      CLIENTS,
      `sign-ups: ${JSON.stringify(tally.summary())}\n${app.output()}`,
    );
    const started = performance.now();
    const before = tally.total;
    await runMixedLoad(shoppers, tally, REQUESTS);
    const seconds = (performance.now() - started) / 1000;
    const checks = await Promise.all(shoppers.map((s) => s.checkCart()));
    const missing = checks.reduce((n, c) => n + c.missing, 0);
    const extra = checks.reduce((n, c) => n + c.extra, 0);
    const twice = shoppers.flatMap((s) => s.client.shownTwice());
    const actions: Record<string, number> = {};
    for (const s of shoppers) {
      for (const [k, v] of Object.entries(s.actions)) {
        actions[k] = (actions[k] ?? 0) + v;
      }
    }
    const banners = shoppers.reduce((n, s) => n + s.client.shown.size, 0);
    figure("several workers", {
      workers: WORKERS,
      requests: tally.total - before,
      throttled: tally.throttled,
      seconds: Math.round(seconds * 10) / 10,
      statuses: tally.summary(),
      unitsAcknowledged: shoppers.reduce((n, s) => n + s.unitsAdded, 0),
      lostUnits: missing,
      extraUnits: extra,
      bannersShown: banners,
      bannersShownTwice: twice.length,
      byAction: actions,
    });
    strictEqual(tally.count(500), 0, "no 500");
    strictEqual(tally.unavailableWithoutRetryAfter, 0, "503 has Retry-After");
    strictEqual(tally.networkErrors, 0, "every request answered");
    // Every password is right and the throttle's entries never conflict
    // (utils/accounts/attempt_log.ts), so any 429 would be a bug: a slot
    // leaked, or an honest login refused for contention.
    deepStrictEqual(tally.throttled, [], "no correct login throttled");
    strictEqual(tally.stackTraces, 0, "no stack trace in a page");
    strictEqual(missing, 0, "no acknowledged unit lost");
    strictEqual(extra, 0, "no unit appeared from nowhere");
    deepStrictEqual(twice, [], "no banner shown twice");
    ok(banners > 0);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});
