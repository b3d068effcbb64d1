/**
 * Scenario 4, KV unavailable: another process takes the KV file's SQLite
 * write lock (`BEGIN EXCLUSIVE`, as a stuck writer or a backup tool would)
 * under the running app (`main.ts`). Every request must get a clean answer:
 * a page that works without writing, or a 503 page with Retry-After;
 * never a 500 or a stack trace. Once the lock is gone, the same requests
 * succeed with no restart and no manual step, and the refused writes left
 * nothing behind.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { errorLines, removeKv, ROOT, startApp } from "./_app_process.ts";
import { figure, scale } from "./_scale.ts";
import {
  cartLines,
  isSeeOther,
  ShopClient,
  STACK_TRACE,
  Tally,
} from "./_shop_client.ts";

const LOCK_HOLDER = new URL("../utils/session/_lock_holder.ts", import.meta.url)
  .pathname;
const LOCK_MS = scale(7000, 15000);

/** Holds the KV file's write lock until the returned promise settles. */
async function holdLock(kvPath: string, ms: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", LOCK_HOLDER, `${ROOT}${kvPath.slice(2)}`, String(ms)],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("locked")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the lock holder exited early");
    text += value;
  }
  return {
    released: (async () => {
      while (!(await reader.read()).done) { /* drain */ }
      await child.status;
    })(),
  };
}

type Probe = {
  name: string;
  client: "guest" | "member" | "fresh";
  run: (c: ShopClient) => Promise<Response>;
  /** The answer once KV is back. */
  ok: (res: Response) => boolean;
};

const PROBES: Probe[] = [
  {
    name: "GET / (no cookie)",
    client: "fresh",
    run: (c) => c.get("/").then((r) => r.res),
    ok: (r) => r.status === 200,
  },
  {
    name: "GET /cart (session)",
    client: "guest",
    run: (c) => c.get("/cart").then((r) => r.res),
    ok: (r) => r.status === 200,
  },
  {
    name: "GET /products/notebook",
    client: "guest",
    run: (c) => c.get("/products/notebook").then((r) => r.res),
    ok: (r) => r.status === 200,
  },
  {
    name: "POST /cart/add",
    client: "guest",
    run: (c) => c.post("/cart/add", { product_id: "notebook" }),
    ok: (r) => isSeeOther(r, "/cart"),
  },
  {
    name: "POST /cart/add (new visitor)",
    client: "fresh",
    run: (c) => c.post("/cart/add", { product_id: "desk-lamp" }),
    ok: (r) => isSeeOther(r, "/cart"),
  },
  {
    name: "POST /login (wrong password)",
    client: "fresh",
    run: (c) =>
      c.post("/login", { username: "demo", password: "nope nope nope" }),
    ok: (r) => r.status === 422,
  },
  {
    name: "POST /signup",
    client: "fresh",
    run: (c) =>
      c.post("/signup", {
        username: `kvdown_${crypto.randomUUID().slice(0, 8)}`,
        password: "kv down password",
      }),
    ok: (r) => isSeeOther(r, "/"),
  },
  {
    name: "GET /posts",
    client: "member",
    run: (c) => c.get("/posts").then((r) => r.res),
    ok: (r) => r.status === 200,
  },
  {
    name: "POST /posts",
    client: "member",
    run: (c) =>
      c.post("/posts", { title: "Written while KV was locked", body: "x" }),
    ok: (r) => isSeeOther(r, "/posts"),
  },
  {
    name: "GET /account/sessions",
    client: "member",
    run: (c) => c.get("/account/sessions").then((r) => r.res),
    ok: (r) => r.status === 200,
  },
];

Deno.test("a locked KV file gives 503 with Retry-After, never a 500, and recovers by itself", async () => {
  const app = await startApp();
  try {
    const tally = new Tally();
    const guest = new ShopClient(app.origin, tally);
    const member = new ShopClient(app.origin, tally);
    ok(
      isSeeOther(
        await guest.post("/cart/add", { product_id: "notebook" }),
        "/cart",
      ),
    );
    ok(isSeeOther(
      await member.post("/signup", {
        username: `kvmember_${crypto.randomUUID().slice(0, 8)}`,
        password: "kv member password",
      }),
      "/",
    ));
    await guest.get("/cart");
    await member.get("/");

    const lock = await holdLock(app.kvPath, LOCK_MS);
    const during = await Promise.all(PROBES.map(async (probe) => {
      const client = probe.client === "guest"
        ? guest
        : probe.client === "member"
        ? member
        : new ShopClient(app.origin, tally);
      const started = performance.now();
      const { res, html } = await client.request(
        ...(await requestOf(probe, client)),
      );
      return {
        probe: probe.name,
        status: res.status,
        retryAfter: res.headers.get("retry-after"),
        ms: Math.round(performance.now() - started),
        leaks: STACK_TRACE.test(html),
      };
    }));
    await lock.released;

    // Back to normal, with no restart: each probe succeeds.
    const after = [];
    for (const probe of PROBES) {
      const client = probe.client === "guest"
        ? guest
        : probe.client === "member"
        ? member
        : new ShopClient(app.origin, tally);
      const res = await probe.run(client);
      after.push({ probe: probe.name, status: res.status, ok: probe.ok(res) });
    }
    // The guest's refused add left nothing behind; the later one counted.
    const addDuring = during.find((d) => d.probe === "POST /cart/add")!;
    const { html } = await guest.get("/cart");
    strictEqual(
      cartLines(html).get("notebook"),
      addDuring.status === 303 ? 3 : 2,
    );
    figure("kv locked", {
      lockMs: LOCK_MS,
      during: during.map((d) => `${d.probe}: ${d.status} (${d.ms} ms)`),
      after: after.map((a) => `${a.probe}: ${a.status}`),
    });
    for (const d of during) {
      ok(d.status !== 500, `${d.probe}: ${d.status}`);
      ok(!d.leaks, `${d.probe}: no stack trace in the page`);
      if (d.status === 503) {
        ok(Number(d.retryAfter) >= 1, `${d.probe}: Retry-After`);
      }
    }
    ok(during.some((d) => d.status === 503), "the lock was felt");
    deepStrictEqual(after.filter((a) => !a.ok), []);
    strictEqual(tally.count(500), 0);
    deepStrictEqual(errorLines(app.output()), []);
  } finally {
    await app.kill();
    await removeKv(app.kvPath);
  }
});

// The request a probe makes, as arguments of ShopClient.request, so that
// the body is read (to look for stack traces).
function requestOf(
  probe: Probe,
  client: ShopClient,
): Promise<[string, RequestInit]> {
  let captured: [string, RequestInit] | undefined;
  const spy = Object.create(client) as ShopClient;
  spy.request = (path: string, init: RequestInit = {}) => {
    captured = [path, init];
    return Promise.resolve({ res: new Response(null), html: "" });
  };
  spy.get = (path: string) => spy.request(path);
  spy.post = (path: string, fields: Record<string, string> = {}) =>
    spy.request(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: client.origin,
      },
    }).then((r) => r.res);
  return probe.run(spy).then(() => captured!);
}
