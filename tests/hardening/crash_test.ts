/**
 * Scenario 3, crash: shoppers add to their carts over HTTP while the app
 * (`main.ts` on a KV file) is killed with SIGKILL mid-load, then started
 * again on the same file and port. Every add that was acknowledged (303)
 * before the kill must still be in its cart; an add cut off in flight may
 * or may not have landed, but nothing else may appear. Every session must
 * load (no 500, signed-in users still signed in), and the restarted app
 * must answer at once.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { SEED_PRODUCTS } from "../../utils/shop/catalog.ts";
import {
  type AppProcess,
  errorLines,
  newKvPath,
  removeKv,
  startApp,
} from "./_app_process.ts";
import { prng } from "./_mixed_load.ts";
import { figure, scale } from "./_scale.ts";
import { cartLines, isSeeOther, ShopClient, Tally } from "./_shop_client.ts";

const CRASHES = scale(2, 6);
const SHOPPERS = 16;
const SIGNED_IN = 4;
const ACKS_BEFORE_KILL = scale(300, 1500);
const PRODUCTS = SEED_PRODUCTS.map((p) => p.id);

interface CrashShopper {
  client: ShopClient;
  signedIn: boolean;
  /** Units acknowledged per product. */
  acked: Map<string, number>;
  /** Units whose add was in flight when the process died. */
  unsure: Map<string, number>;
}

function bump(map: Map<string, number>, id: string, n: number) {
  map.set(id, (map.get(id) ?? 0) + n);
}

Deno.test(`kill -9 mid-load, ${CRASHES} times: every acknowledged add survives`, async () => {
  const kvPath = newKvPath();
  let app: AppProcess = await startApp({ kvPath });
  const port = app.port;
  const tally = new Tally();
  const shoppers: CrashShopper[] = Array.from({ length: SHOPPERS }, () => ({
    client: new ShopClient(app.origin, tally),
    signedIn: false,
    acked: new Map(),
    unsure: new Map(),
  }));
  const restarts: number[] = [];
  try {
    const run = crypto.randomUUID().slice(0, 6);
    await Promise.all(
      shoppers.slice(0, SIGNED_IN).map(async (s, i) => {
        const res = await s.client.post("/signup", {
          username: `crash_${run}_${i}`,
          password: "crash test password",
        });
        s.signedIn = isSeeOther(res, "/");
        ok(s.signedIn);
      }),
    );
    for (let crash = 0; crash < CRASHES; crash++) {
      let acks = 0;
      let killed = false;
      const killedAt = Promise.withResolvers<void>();
      const load = shoppers.map(async (s, i) => {
        const random = prng(crash * 100 + i);
        while (!killed) {
          const id = PRODUCTS[Math.floor(random() * PRODUCTS.length)];
          const qty = 1 + Math.floor(random() * 3);
          let res: Response;
          try {
            res = await s.client.post("/cart/add", {
              product_id: id,
              quantity: String(qty),
            });
          } catch {
            // Cut off by the kill: it may or may not have been saved.
            bump(s.unsure, id, qty);
            return;
          }
          if (isSeeOther(res, "/cart")) {
            bump(s.acked, id, qty);
            if (++acks >= ACKS_BEFORE_KILL) killedAt.resolve();
          }
        }
      });
      await killedAt.promise;
      const status = await app.kill("SIGKILL");
      killed = true;
      strictEqual(status.signal, "SIGKILL");
      deepStrictEqual(errorLines(app.output()), []);
      await Promise.all(load);

      const started = performance.now();
      app = await startApp({ kvPath, port });
      restarts.push(Math.round(performance.now() - started));
      for (const s of shoppers) {
        const { res, html } = await s.client.get("/cart");
        strictEqual(res.status, 200, "the session loads after the crash");
        if (s.signedIn) ok(html.includes("Signed in as"), "still signed in");
        const actual = cartLines(html);
        for (const id of new Set([...actual.keys(), ...s.acked.keys()])) {
          const have = actual.get(id) ?? 0;
          const acked = s.acked.get(id) ?? 0;
          ok(
            have >= acked,
            `${id}: ${have} in the cart, ${acked} acknowledged`,
          );
          ok(
            have <= acked + (s.unsure.get(id) ?? 0),
            `${id}: ${have} in the cart, at most ${acked} + in-flight expected`,
          );
          // What landed of the in-flight adds is now known.
          s.acked.set(id, have);
        }
        s.unsure.clear();
      }
    }
    figure("crash", {
      crashes: CRASHES,
      unitsAcknowledged: shoppers.reduce(
        (n, s) => n + [...s.acked.values()].reduce((a, b) => a + b, 0),
        0,
      ),
      lostUnits: 0,
      restartMs: restarts,
      statuses: tally.summary(),
    });
    strictEqual(tally.count(500), 0);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(kvPath);
  }
});
