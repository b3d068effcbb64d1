import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import {
  session,
  type SessionMiddlewareOptions,
} from "../../../utils/session/middleware.ts";
import { escapeHtml } from "../../../utils/session/error_page.ts";
import type { State } from "../../../utils/state.ts";
import type { Session } from "../../../utils/session/session.ts";
import { generateToken } from "../../../utils/session/token.ts";
import {
  cookiePair,
  countingKv,
  fakeClock,
  lockingKv,
  reads,
  recordingLogger,
  writes,
} from "./_helpers.ts";

type Destination = "route" | "static" | "internal" | "notFound";
type Handler = (req: Request, state: State) => Response | Promise<Response>;

/** The minimal context the middleware uses. */
function fakeCtx(req: Request, destination: Destination, handler: Handler) {
  const state = {} as State;
  let called = 0;
  const ctx = {
    req,
    url: new URL(req.url),
    destination,
    state,
    next: async () => {
      called++;
      return await handler(req, state);
    },
  };
  return { ctx, state, called: () => called };
}

async function setup(options: Partial<SessionMiddlewareOptions> = {}) {
  const real = await Deno.openKv(":memory:");
  const counting = countingKv(real);
  const clock = fakeClock();
  const logger = recordingLogger();
  const mw = session({ kv: counting.kv, now: clock.now, logger, ...options });
  const run = async (
    cookie: string | undefined,
    handler: Handler,
    destination: Destination = "route",
    url = "http://localhost/page",
  ) => {
    const headers = new Headers();
    if (cookie !== undefined) headers.set("cookie", cookie);
    const req = new Request(url, { headers });
    const fake = fakeCtx(req, destination, handler);
    // deno-lint-ignore no-explicit-any
    const res = await mw(req, fake.ctx as any);
    return { res, state: fake.state, called: fake.called() };
  };
  return {
    real,
    counts: counting.counts,
    reset: counting.reset,
    clock,
    logger,
    run,
    [Symbol.dispose]: () => real.close(),
  };
}

const respondOk: Handler = () => new Response("ok");

Deno.test("middleware: creates, reads back, and marks responses private", async () => {
  using t = await setup();
  const first = await t.run(undefined, (_req, state) => {
    state.session.update<number[]>("cart", (c) => [...c, 1], []);
    return new Response("added");
  });
  strictEqual(first.res.status, 200);
  strictEqual(await first.res.text(), "added");
  const cookie = cookiePair(first.res.headers.get("set-cookie"));
  strictEqual(first.res.headers.get("vary"), "Cookie");
  strictEqual(first.res.headers.get("cache-control"), "private");
  // The browser's next request makes the provisional session full-length.
  await (await t.run(cookie, respondOk)).res.body?.cancel();
  t.reset();
  const second = await t.run(
    cookie,
    (_req, state) =>
      new Response(`count: ${state.session.get<number[]>("cart", []).length}`, {
        headers: { "cache-control": "public, max-age=600" },
      }),
  );
  strictEqual(await second.res.text(), "count: 1");
  strictEqual(reads(t.counts), 1);
  strictEqual(writes(t.counts), 0);
  strictEqual(second.res.headers.get("cache-control"), "private, max-age=600");
});

Deno.test("middleware: untouched anonymous response passes through unchanged", async () => {
  using t = await setup();
  const original = new Response("hi", {
    headers: { "cache-control": "public, max-age=60" },
  });
  const { res } = await t.run(undefined, () => original);
  ok(res === original);
  strictEqual(reads(t.counts) + writes(t.counts), 0);
  await res.body?.cancel();
});

Deno.test("middleware: acts only on routes; static/internal cost nothing", async (t) => {
  using s = await setup();
  const created = await s.run(undefined, (_r, st) => {
    st.session.set("a", 1);
    return new Response("x");
  });
  await created.res.body?.cancel();
  const cookie = cookiePair(created.res.headers.get("set-cookie"));
  for (const destination of ["static", "internal"] as const) {
    await t.step(destination, async () => {
      s.reset();
      const original = new Response("asset");
      const { res, state, called } = await s.run(
        cookie,
        () => original,
        destination,
      );
      ok(res === original, "response untouched");
      strictEqual(called, 1);
      strictEqual(reads(s.counts) + writes(s.counts), 0);
      strictEqual(res.headers.get("set-cookie"), null);
      strictEqual(state.session, undefined);
      await res.body?.cancel();
    });
  }
});

Deno.test("middleware: notFound loads the session read-only", async (t) => {
  using s = await setup();
  const created = await s.run(undefined, (_r, st) => {
    st.session.login("u1");
    st.session.set("cart", [{ id: "mug", qty: 2 }]);
    return new Response("x");
  });
  await created.res.body?.cancel();
  const cookie = cookiePair(created.res.headers.get("set-cookie"));
  await (await s.run(cookie, respondOk)).res.body?.cancel();
  const cases: [string, string | undefined, number][] = [
    ["with a well-formed cookie: one read", cookie, 1],
    ["without a cookie: no read", undefined, 0],
    ["with a malformed cookie: no read", "sid=not-a-token", 0],
  ];
  for (const [name, sent, expectedReads] of cases) {
    await t.step(name, async () => {
      s.reset();
      // Far enough on that a route would touch the session.
      s.clock.advance(3 * 24 * 60 * 60 * 1000);
      const { res, state, called } = await s.run(
        sent,
        (_r, st) => {
          // What the 404 page's header reads; and a write it must drop.
          st.session.get("cart");
          st.session.set("seen404", true);
          return new Response("not found", { status: 404 });
        },
        "notFound",
      );
      strictEqual(called, 1);
      deepStrictEqual(reads(s.counts), expectedReads);
      strictEqual(writes(s.counts), 0, "no write, no touch");
      strictEqual(res.headers.get("set-cookie"), null, "no cookie");
      strictEqual(res.status, 404);
      if (sent === cookie) {
        strictEqual(state.session.userId, "u1");
        match(res.headers.get("vary") ?? "", /Cookie/);
        strictEqual(res.headers.get("cache-control"), "private");
      } else {
        strictEqual(state.session.userId, undefined);
      }
      await res.body?.cancel();
    });
  }
  // The dropped write really was dropped.
  s.reset();
  const after = await s.run(cookie, (_r, st) => {
    strictEqual(st.session.get("seen404"), undefined);
    return new Response("x");
  });
  await after.res.body?.cancel();
});

Deno.test("middleware: redirects (immutable headers) still get the cookie", async () => {
  using t = await setup();
  const { res } = await t.run(undefined, (_r, state) => {
    state.session.set("flash", "saved");
    return Response.redirect("http://localhost/list", 303);
  });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "http://localhost/list");
  match(res.headers.get("set-cookie")!, /^sid=/);
});

Deno.test("middleware: too-large session → 413 page, stored data unchanged", async () => {
  using t = await setup();
  const first = await t.run(undefined, (_r, st) => {
    st.session.set("a", 1);
    return new Response("x");
  });
  await first.res.body?.cancel();
  const cookie = cookiePair(first.res.headers.get("set-cookie"));
  t.reset();
  const { res } = await t.run(cookie, (_r, st) => {
    st.session.set("b", 2);
    st.session.set("huge", "x".repeat(70_000)); // throws SessionTooLargeError
    return new Response("unreachable");
  });
  strictEqual(res.status, 413);
  match(res.headers.get("content-type")!, /text\/html/);
  const body = await res.text();
  match(body, /413 Payload Too Large/);
  ok(!body.includes("at "), "no stack trace");
  strictEqual(writes(t.counts), 0, "nothing written, not even key b");
  const after = await t.run(
    cookie,
    (_r, st) => new Response(JSON.stringify(st.session.entries())),
  );
  strictEqual(await after.res.text(), '[["a",1]]');
});

Deno.test("middleware: store stays locked → 503 with Retry-After, handler not run", async () => {
  using real = await Deno.openKv(":memory:");
  const locking = lockingKv(real, 1_000_000);
  const mw = session({
    store: new (await import("../../../utils/session/kv_store.ts"))
      .KvSessionStore(locking.kv, {
      lockedBackoff: 1,
      lockedRetries: 2,
      logger: recordingLogger(),
    }),
    logger: recordingLogger(),
  });
  const req = new Request("http://localhost/", {
    headers: { cookie: `sid=${generateToken()}` },
  });
  const fake = fakeCtx(req, "route", respondOk);
  // deno-lint-ignore no-explicit-any
  const res = await mw(req, fake.ctx as any);
  strictEqual(res.status, 503);
  strictEqual(res.headers.get("retry-after"), "2");
  strictEqual(res.headers.get("cache-control"), "no-store");
  strictEqual(fake.called(), 0);
  match(await res.text(), /503 Service Unavailable/);
});

Deno.test("middleware: locked on save → 503, never 500, nothing written", async () => {
  using real = await Deno.openKv(":memory:");
  const locking = lockingKv(real, 1_000_000, ["commit"]);
  const { KvSessionStore } = await import("../../../utils/session/kv_store.ts");
  const mw = session({
    store: new KvSessionStore(locking.kv, {
      lockedBackoff: 1,
      lockedRetries: 2,
      logger: recordingLogger(),
    }),
    logger: recordingLogger(),
  });
  const req = new Request("http://localhost/");
  const fake = fakeCtx(req, "route", (_r, st) => {
    st.session.set("a", 1);
    return new Response("body that must be cancelled");
  });
  // deno-lint-ignore no-explicit-any
  const res = await mw(req, fake.ctx as any);
  strictEqual(res.status, 503);
  strictEqual(res.headers.get("set-cookie"), null);
  await res.body?.cancel();
  strictEqual((await Array.fromAsync(real.list({ prefix: [] }))).length, 0);
});

Deno.test("middleware: onError overrides the error page", async () => {
  using t = await setup({
    onError: (error, req) =>
      new Response(`custom ${error.status} for ${new URL(req.url).pathname}`, {
        status: error.status,
      }),
  });
  const { res } = await t.run(undefined, (_r, st) => {
    st.session.set("huge", "x".repeat(70_000));
    return new Response("x");
  });
  strictEqual(res.status, 413);
  strictEqual(await res.text(), "custom 413 for /page");
});

Deno.test("middleware: other errors propagate untouched", async () => {
  using t = await setup();
  let caught: unknown;
  try {
    await t.run(undefined, () => {
      throw new RangeError("boom");
    });
  } catch (error) {
    caught = error;
  }
  ok(caught instanceof RangeError);
});

Deno.test("escapeHtml escapes the five HTML specials", () => {
  strictEqual(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});

Deno.test("middleware: hostile cookies give an anonymous 200, never 5xx (table)", async (t) => {
  using s = await setup();
  // A real session that then expires, for the "expired token" case.
  const made = await s.run(undefined, (_r, st) => {
    st.session.set("secret", "mine");
    return new Response("x");
  });
  await made.res.body?.cancel();
  const expiredCookie = cookiePair(made.res.headers.get("set-cookie"));
  const expiredToken = expiredCookie.slice("sid=".length);
  s.clock.advance(15 * 24 * 3600 * 1000);
  const forged = generateToken();
  const valid = generateToken();
  const cases: [string, string, number][] = [
    // [name, Cookie header, expected KV reads]
    ["empty header", "", 0],
    ["garbage", "garbage", 0],
    ["only separators", ";;;; ; ;", 0],
    ["bare equals", "=", 0],
    ["name without value", "sid", 0],
    ["empty value", "sid=", 0],
    ["empty quotes", 'sid=""', 0],
    ["quoted token", `sid="${valid}"`, 0],
    ["16 KiB of junk", "a=" + "x".repeat(16 * 1024), 0],
    ["16 KiB value", "sid=" + "A".repeat(16 * 1024), 0],
    ["one char short", `sid=${valid.slice(1)}`, 0],
    ["one char long", `sid=${valid}A`, 0],
    ["standard base64 alphabet", `sid=${valid.slice(0, 40)}+/+A`, 0],
    ["padded", `sid=${valid.slice(0, 42)}A=`, 0],
    ["unicode", `sid=${"é".repeat(43)}`, 0],
    ["non-canonical last char", `sid=${valid.slice(0, 42)}B`, 0],
    [
      "percent-encoded token",
      `sid=%${valid.charCodeAt(0).toString(16)}${valid.slice(1)}`,
      0,
    ],
    ["__proto__ cookie", "__proto__=x; constructor=y; sid=nope", 0],
    ["wrong-case name", `SID=${forged}`, 0],
    ["__Host- name on http", `__Host-sid=${forged}`, 0],
    ["comma separated", `sid=a, sid=${forged}`, 0],
    ["tab and spaces", `\tsid =\t${forged.slice(1)}`, 0],
    ["right-shaped forged token", `sid=${forged}`, 1],
    ["expired token", expiredCookie, 1],
    ["malformed then forged duplicate", `sid=bad; sid=${forged}`, 1],
    [
      "two forged duplicates: first well-formed wins",
      `sid=${forged}; sid=${valid}`,
      1,
    ],
    ["forged among many cookies", `a=1; b=2; sid=${forged}; c=3`, 1],
  ];
  ok(cases.length >= 20);
  for (const [name, header, expectedReads] of cases) {
    await t.step(name, async () => {
      s.reset();
      let anonymous: boolean | undefined;
      const { res, called } = await s.run(header, (_r, st) => {
        anonymous = st.session.isNew && st.session.isEmpty();
        return new Response("handler");
      });
      strictEqual(res.status, 200);
      strictEqual(await res.text(), "handler");
      strictEqual(called, 1);
      ok(anonymous, "session must be anonymous and empty");
      deepStrictEqual(reads(s.counts), expectedReads);
      strictEqual(writes(s.counts), 0);
      strictEqual(res.headers.get("set-cookie"), null);
    });
  }
  await t.step(
    "the next write issues a fresh token, never the forged one",
    async () => {
      for (const header of [`sid=${forged}`, expiredCookie]) {
        const { res } = await s.run(header, (_r, st) => {
          st.session.set("x", 1);
          return new Response("w");
        });
        await res.body?.cancel();
        const issued = cookiePair(res.headers.get("set-cookie")).slice(4);
        ok(issued !== forged && issued !== expiredToken);
        strictEqual(issued.length, 43);
      }
    },
  );
});

Deno.test("middleware: State typing lets handlers use the session", () => {
  // Compile-time check that the middleware's state is the app State.
  const use = (state: State): Session => state.session;
  ok(typeof use === "function");
});
