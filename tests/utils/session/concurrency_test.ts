import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import type { Session } from "../../../utils/session/session.ts";
import { cookiePair, countingKv, request, tempKvPath } from "./_helpers.ts";

const WORKER = new URL("./_concurrent_worker.ts", import.meta.url).pathname;

/** Creates a session holding an empty cart and returns its cookie pair. */
async function seed(kv: Deno.Kv): Promise<string> {
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session = await manager.loadSession(request());
  session.set("cart", []);
  const headers = new Headers();
  await manager.commitSession(session, headers);
  return cookiePair(headers.get("set-cookie"));
}

/** Runs `n` concurrent requests on one session, each doing `act`. */
async function concurrently(
  kv: Deno.Kv,
  cookie: string,
  n: number,
  act: (session: Session, i: number) => void,
): Promise<void> {
  const manager = createSessionManager({ kv, logger: silentLogger });
  // Load all first, so every request starts from the same version.
  const sessions = await Promise.all(
    Array.from({ length: n }, () => manager.loadSession(request(cookie))),
  );
  sessions.forEach(act);
  await Promise.all(
    sessions.map((session) => manager.commitSession(session, new Headers())),
  );
}

async function readBack(kv: Deno.Kv, cookie: string): Promise<Session> {
  const manager = createSessionManager({ kv, logger: silentLogger });
  return await manager.loadSession(request(cookie));
}

const appendCart = (session: Session, i: number) => {
  session.update<number[]>("cart", (cart) => [...cart, i], []);
};

function range(from: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + i);
}

Deno.test("100 concurrent cart updates on one session keep all items (:memory:)", async () => {
  using kv = await Deno.openKv(":memory:");
  const cookie = await seed(kv);
  await concurrently(kv, cookie, 100, appendCart);
  const cart = (await readBack(kv, cookie)).get<number[]>("cart", []);
  deepStrictEqual([...cart].sort((a, b) => a - b), range(0, 100));
});

Deno.test("100 concurrent cart updates on one session keep all items (file)", async () => {
  const tmp = await tempKvPath();
  try {
    using kv = await Deno.openKv(tmp.path);
    const cookie = await seed(kv);
    await concurrently(kv, cookie, 100, appendCart);
    const cart = (await readBack(kv, cookie)).get<number[]>("cart", []);
    deepStrictEqual([...cart].sort((a, b) => a - b), range(0, 100));
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("concurrent writes to different keys all survive", async () => {
  using kv = await Deno.openKv(":memory:");
  const cookie = await seed(kv);
  await concurrently(kv, cookie, 50, (session, i) => session.set(`k${i}`, i));
  const session = await readBack(kv, cookie);
  for (let i = 0; i < 50; i++) deepStrictEqual(session.get(`k${i}`), i);
  deepStrictEqual(session.get("cart"), []);
});

Deno.test("concurrent delete and set: last writer per key, others untouched", async () => {
  using kv = await Deno.openKv(":memory:");
  const cookie = await seed(kv);
  await concurrently(kv, cookie, 2, (session, i) => {
    if (i === 0) session.delete("cart");
    else session.set("theme", "dark");
  });
  const session = await readBack(kv, cookie);
  strictEqual(session.has("cart"), false);
  strictEqual(session.get("theme"), "dark");
});

Deno.test("conflicting saves in two managers (no shared queue) still merge", async () => {
  // Two managers on one KV behave like two processes: no in-process queue
  // between them, so the CAS-retry path does the merging.
  using kv = await Deno.openKv(":memory:");
  const cookie = await seed(kv);
  const counting = countingKv(kv);
  const a = createSessionManager({ kv: counting.kv, logger: silentLogger });
  const b = createSessionManager({ kv: counting.kv, logger: silentLogger });
  const sa = await a.loadSession(request(cookie));
  const sb = await b.loadSession(request(cookie));
  appendCart(sa, 1);
  appendCart(sb, 2);
  await a.commitSession(sa, new Headers());
  counting.reset();
  await b.commitSession(sb, new Headers());
  strictEqual(
    counting.counts.commit,
    2,
    "first commit conflicts, second lands",
  );
  strictEqual(counting.counts.get, 1, "one re-read");
  const cart = (await readBack(kv, cookie)).get<number[]>("cart", []);
  deepStrictEqual([...cart].sort(), [1, 2]);
});

Deno.test("two processes on one KV file: 3 × 40 concurrent updates keep all items", async () => {
  const tmp = await tempKvPath();
  try {
    let cookie: string;
    {
      using kv = await Deno.openKv(tmp.path);
      cookie = await seed(kv);
    }
    const spawn = (first: number) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--unstable-kv",
          "--allow-read",
          "--allow-write",
          "--allow-env",
          WORKER,
          tmp.path,
          cookie,
          String(first),
          "40",
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
    // This process takes part too, on its own handle.
    using kv = await Deno.openKv(tmp.path);
    const [w1, w2] = await Promise.all([
      spawn(1000),
      spawn(2000),
      concurrently(kv, cookie, 40, appendCart),
    ]);
    const stats = [w1, w2].map((out) => {
      const stderr = new TextDecoder().decode(out.stderr);
      ok(out.success, `worker failed: ${stderr}`);
      return JSON.parse(new TextDecoder().decode(out.stdout).trim());
    });
    for (const s of stats) strictEqual(s.failed, 0);
    const cart = (await readBack(kv, cookie)).get<number[]>("cart", []);
    deepStrictEqual(
      [...cart].sort((a, b) => a - b),
      [...range(0, 40), ...range(1000, 40), ...range(2000, 40)],
    );
    console.log(
      `    ("database is locked" errors retried in workers: ${
        stats.map((s) => s.locked).join(", ")
      })`,
    );
  } finally {
    await tmp.cleanup();
  }
});

// Closes an open "checkout" and takes one unit out of the cart, once.
const closeCheckout = (session: Session) => {
  session.updateMany(
    ["checkout", "cart"],
    ({ checkout, cart }) =>
      checkout === "open"
        ? { checkout: undefined, cart: (cart as number[]).slice(1) }
        : {},
  );
};

Deno.test("updateMany: 20 racing requests, over two managers, make a decision spanning keys once", async () => {
  using kv = await Deno.openKv(":memory:");
  const cookie = await seed(kv);
  const setup = createSessionManager({ kv, logger: silentLogger });
  const first = await setup.loadSession(request(cookie));
  first.set("checkout", "open");
  first.set("cart", [1, 2, 3]);
  await setup.commitSession(first, new Headers());
  // Two managers: two processes, so no shared in-process queue.
  const managers = [0, 1].map(() =>
    createSessionManager({ kv, logger: silentLogger })
  );
  const sessions = await Promise.all(
    range(0, 20).map((i) => managers[i % 2].loadSession(request(cookie))),
  );
  sessions.forEach(closeCheckout);
  // Meanwhile another request adds to the cart.
  const adder = await managers[0].loadSession(request(cookie));
  adder.update<number[]>("cart", (cart) => [...cart, 4], []);
  await Promise.all(
    [...sessions, adder].map((session, i) =>
      managers[i % 2].commitSession(session, new Headers())
    ),
  );
  const after = await readBack(kv, cookie);
  strictEqual(after.get("checkout"), undefined);
  deepStrictEqual(after.get("cart"), [2, 3, 4]);
});

Deno.test("updateMany: a result too large for the session changes no key", async () => {
  using kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session = await manager.loadSession(request());
  session.set("a", 1);
  session.set("b", 2);
  let threw = false;
  try {
    session.updateMany(["a", "b"], () => ({ a: 10, b: "x".repeat(70_000) }));
  } catch {
    threw = true;
  }
  ok(threw);
  strictEqual(session.get("a"), 1);
  strictEqual(session.get("b"), 2);
  deepStrictEqual(
    session.updateMany(["a", "b", "c"], ({ a }) => ({ a: undefined, c: a })),
    { a: undefined, b: 2, c: 1 },
  );
});
