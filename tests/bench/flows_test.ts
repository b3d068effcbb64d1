/**
 * The benchmark's claims about ours, held in `deno task test`: the KV
 * operations each flow costs (an anonymous GET and a read write nothing, an
 * add makes one atomic commit), no lost update, and
 * that the peers' page template is our real catalogue page, byte for byte,
 * so that the side-by-side figures compare the same HTML. The app runs as
 * `deno task serve` runs it, in a subprocess on a KV file.
 */
import { deepStrictEqual, strictEqual, throws } from "node:assert";
import {
  countKvPerRequest,
  lostUpdates,
  makeSession,
} from "../../bench/flows.ts";
import { fetchCookie } from "../../bench/lib.ts";
import { loadShop } from "../../bench/peers/shared/shop.mjs";
import { SEED_PRODUCTS } from "../../utils/shop/catalog.ts";
import {
  type AppProcess,
  errorLines,
  removeKv,
  ROOT,
  startApp,
} from "../hardening/_app_process.ts";

async function withCountingApp(
  run: (app: AppProcess, countFile: string) => Promise<void>,
) {
  const folder = `./data/bench-${crypto.randomUUID().slice(0, 8)}`;
  const countFile = `${ROOT}${folder.slice(2)}/kv-count.json`;
  const app = await startApp({
    kvPath: `${folder}/app.kv`,
    env: { KV_COUNT_FILE: countFile },
    entry: "bench/counted_entry.ts",
  });
  try {
    await run(app, countFile);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
}

Deno.test("each flow costs ours the KV operations the benchmark reports", async () => {
  await withCountingApp(async (app, countFile) => {
    const perRequest = await countKvPerRequest(app.origin, countFile, 20);
    const byLabel = Object.fromEntries(
      perRequest.map(({ label, ...counts }) => [label, counts]),
    );
    deepStrictEqual(byLabel, {
      "(c) anonymous GET /": { reads: 0, writes: 0, commits: 0 },
      "(a) read: GET / with a session": { reads: 1, writes: 0, commits: 0 },
      "(b) write: POST /cart/add": { reads: 1, writes: 0, commits: 1 },
      // The add commits the cart and its message; the cart page commits
      // the message's consumption.
      "(d) flow: POST add + GET /cart (per pair)": {
        reads: 2,
        writes: 0,
        commits: 2,
      },
      "render: anonymous GET /about": { reads: 0, writes: 0, commits: 0 },
    });
  });
});

Deno.test("the production entry point counts nothing, even with KV_COUNT_FILE set", async () => {
  const folder = `./data/bench-${crypto.randomUUID().slice(0, 8)}`;
  const countFile = `${ROOT}${folder.slice(2)}/kv-count.json`;
  const app = await startApp({
    kvPath: `${folder}/app.kv`,
    env: { KV_COUNT_FILE: countFile },
  });
  try {
    const cookie = await makeSession(app.origin, 1);
    strictEqual(
      (await fetchCookie(`${app.origin}/`, { headers: { cookie } })).status,
      200,
    );
    // The counter flushes every 50 ms when it is there.
    await new Promise((resolve) => setTimeout(resolve, 200));
    strictEqual(await exists(countFile), false);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

Deno.test("100 concurrent adds on one session lose nothing in ours, as the bench's column says", async () => {
  await withCountingApp(async (app) => {
    strictEqual(await lostUpdates(app.origin, 100), "0");
  });
});

Deno.test("the peers' catalogue template is our page, with only the cart count spliced in", async () => {
  await withCountingApp(async (app) => {
    const page = async (items: number) => {
      const cookie = await makeSession(app.origin, items);
      const res = await fetchCookie(`${app.origin}/`, { headers: { cookie } });
      strictEqual(res.status, 200);
      return res.text;
    };
    // As bench/run.ts cuts it: from a page whose cart holds 3 units.
    const fixture = await page(3);
    const shop = loadShop(
      JSON.stringify({ html: fixture, products: SEED_PRODUCTS }),
    );
    strictEqual(shop.catalogue(3, []), fixture);
    // Another session, another count: still our exact page, but for the
    // CSP nonce, which the peers replay and ours draws per response.
    const nonceFree = (html: string) =>
      html.replace(/nonce="[^"]+"/g, 'nonce="N"');
    strictEqual(nonceFree(shop.catalogue(1, [])), nonceFree(await page(1)));
    strictEqual(nonceFree(shop.catalogue(2, [])), nonceFree(await page(2)));
  });
});

Deno.test("the peers' template refuses a page that lost a place it fills in", () => {
  const html =
    '<html><body><span data-testid="cart-badge">3</span></body></html>';
  throws(
    () => loadShop(JSON.stringify({ html, products: SEED_PRODUCTS })),
    /lost/,
  );
});
