/**
 * The shop flows the benchmark drives over HTTP, against ours and every
 * peer alike: adding to a cart, preparing sessions, counting lost updates,
 * and counting our KV operations per request. `bench/run.ts` uses them to
 * measure; `tests/bench/` uses them to hold ours to the same figures in
 * `deno task test`.
 *
 * @module
 */
import { fetchCookie, type Fetched, sleep } from "./lib.ts";

/** The flows every stack is measured on (the render pair aside). */
export type Flow = "read" | "write" | "anon" | "flow";

/** The flows in report order, with their titles. */
export const FLOWS: { id: Flow; title: string }[] = [
  { id: "read", title: "(a) read: GET / with a 3-item cart session" },
  { id: "write", title: "(b) write: POST /cart/add → 303, 64 sessions" },
  { id: "anon", title: "(c) anonymous GET /, no cookie" },
  { id: "flow", title: "(d) POST add → GET /cart consuming the flash" },
];

/** Product ids every stack sells, in the order a session's lines use. */
export const PRODUCTS = ["ceramic-mug", "notebook", "desk-plant"];

/**
 * POSTs an add-to-cart form to `url`'s `/cart/add`, same-origin as a
 * browser would send it, without following the redirect.
 *
 * @param cookie The session's `name=value`, or null for a new visitor.
 * @param body The urlencoded form, e.g. `product_id=notebook&quantity=1`.
 */
export async function postAdd(
  url: string,
  cookie: string | null,
  body: string,
): Promise<Fetched> {
  return await fetchCookie(`${url}/cart/add`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(cookie ? { cookie } : {}),
    },
    body,
  });
}

/**
 * A session holding `items` cart lines (at most {@linkcode PRODUCTS}'
 * length), with its flash messages consumed, so that reading it changes
 * nothing.
 *
 * @returns Its `name=value` cookie.
 * @throws when an add is not answered with 303 or sets no cookie.
 */
export async function makeSession(url: string, items: number): Promise<string> {
  let cookie: string | null = null;
  for (let i = 0; i < items; i++) {
    const res = await postAdd(
      url,
      cookie,
      `product_id=${PRODUCTS[i]}&quantity=1`,
    );
    if (res.status !== 303) {
      throw new Error(`${url}: add answered ${res.status}`);
    }
    cookie ??= res.cookie;
  }
  if (!cookie) throw new Error(`${url}: no session cookie after an add`);
  await fetchCookie(`${url}/cart`, { headers: { cookie } });
  return cookie;
}

/** Units in the session's cart, as its `/cart` page shows them (NaN if none shown). */
export async function cartCount(url: string, cookie: string): Promise<number> {
  const html = (await fetchCookie(`${url}/cart`, { headers: { cookie } })).text;
  const match = /data-testid="cart-count">(\d+)</.exec(html);
  return match ? Number(match[1]) : NaN;
}

/**
 * Sends `concurrent` adds of one unit to one session at once and counts the
 * units the cart is missing afterwards.
 *
 * @returns The count, followed by how many adds were refused if any were.
 */
export async function lostUpdates(
  url: string,
  concurrent: number,
): Promise<string> {
  const cookie = await makeSession(url, 1);
  const before = await cartCount(url, cookie);
  const results = await Promise.all(
    Array.from(
      { length: concurrent },
      () => postAdd(url, cookie, "product_id=ceramic-mug&quantity=1"),
    ),
  );
  const ok = results.filter((r) => r.status === 303).length;
  const after = await cartCount(url, cookie);
  const lostCount = before + ok - after;
  const failed = concurrent - ok;
  return failed > 0 ? `${lostCount} (${failed} refused)` : String(lostCount);
}

/** Totals written by `bench/counted_entry.ts` to `KV_COUNT_FILE`. */
export interface KvCounts {
  reads: number;
  writes: number;
  commits: number;
}

/** KV operations per request of one flow, averaged over its requests. */
export interface KvOpsPerRequest extends KvCounts {
  label: string;
}

async function readCounts(file: string): Promise<KvCounts> {
  await sleep(150); // the app flushes its counters every 50 ms
  return JSON.parse(await Deno.readTextFile(file));
}

/**
 * Measures the KV operations per request of each flow on an app started
 * by `bench/counted_entry.ts` with `KV_COUNT_FILE=file`, sending each
 * flow's requests one at a time.
 *
 * @param requests Requests per flow. @default 50
 */
export async function countKvPerRequest(
  url: string,
  file: string,
  requests = 50,
): Promise<KvOpsPerRequest[]> {
  const read = await makeSession(url, 3);
  const writers: string[] = [];
  for (let i = 0; i < 8; i++) writers.push(await makeSession(url, 1));
  // Warm up: the catalogue is loaded once per process.
  await fetchCookie(`${url}/`, {});
  const measure = async (
    label: string,
    one: (i: number) => Promise<unknown>,
  ): Promise<KvOpsPerRequest> => {
    const before = await readCounts(file);
    for (let i = 0; i < requests; i++) await one(i);
    const after = await readCounts(file);
    return {
      label,
      reads: (after.reads - before.reads) / requests,
      writes: (after.writes - before.writes) / requests,
      commits: (after.commits - before.commits) / requests,
    };
  };
  return [
    await measure("(c) anonymous GET /", () => fetchCookie(`${url}/`, {})),
    await measure(
      "(a) read: GET / with a session",
      () => fetchCookie(`${url}/`, { headers: { cookie: read } }),
    ),
    await measure(
      "(b) write: POST /cart/add",
      (i) =>
        postAdd(
          url,
          writers[i % writers.length],
          "product_id=notebook&quantity=1",
        ),
    ),
    await measure("(d) flow: POST add + GET /cart (per pair)", async (i) => {
      const cookie = writers[i % writers.length];
      await postAdd(url, cookie, "product_id=notebook&quantity=1");
      await fetchCookie(`${url}/cart`, { headers: { cookie } });
    }),
    await measure(
      "render: anonymous GET /about",
      () => fetchCookie(`${url}/about`, {}),
    ),
  ];
}
