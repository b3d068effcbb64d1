/**
 * Sessions started by a request without a live session cookie are
 * provisional: short-lived until the browser presents the cookie again,
 * and limited in number per client address. A script that never sends its
 * cookie back leaves rows that are gone within the provisional window; a
 * browser's session gets the full idle timeout from its second request.
 */
import {
  deepStrictEqual,
  match,
  ok,
  rejects,
  strictEqual,
  throws,
} from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import { SessionLimitedError } from "../../../utils/session/errors.ts";
import {
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_NEW_SESSIONS_PER_MINUTE,
  DEFAULT_PROVISIONAL_TIMEOUT,
  resolveSessionOptions,
} from "../../../utils/session/options.ts";
import { sessionOptionsFromEnv } from "../../../utils/session/options_env.ts";
import { SESSIONS_PREFIX } from "../../../utils/session/kv_store.ts";
import { session } from "../../../utils/session/middleware.ts";
import type { State } from "../../../utils/state.ts";
import { fakeClock, recordingLogger, request, roundTrip } from "./_helpers.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function setup(options: Parameters<typeof createSessionManager>[0] = {}) {
  const kv = await Deno.openKv(":memory:");
  const clock = fakeClock();
  const logger = recordingLogger();
  const manager = createSessionManager({
    kv,
    now: clock.now,
    logger,
    ...options,
  });
  return { kv, manager, clock, logger, [Symbol.dispose]: () => kv.close() };
}

async function rows(kv: Deno.Kv) {
  return await Array.fromAsync(
    kv.list<{ expiresAt: number }>({ prefix: [SESSIONS_PREFIX] }),
  );
}

/** One request from `address` with `cookie`; stores something. */
async function visit(
  manager: ReturnType<typeof createSessionManager>,
  cookie: string | undefined,
  address = "203.0.113.9",
) {
  const session = await manager.loadSession(request(cookie), {
    clientAddress: address,
  });
  session.set("cart", ["notebook"]);
  const headers = new Headers();
  await manager.commitSession(session, headers);
  return headers.get("set-cookie");
}

Deno.test("the defaults: 1 hour provisional, 14 days idle, 100 new sessions per address per minute", () => {
  strictEqual(DEFAULT_PROVISIONAL_TIMEOUT, 3600);
  deepStrictEqual(DEFAULT_IDLE_TIMEOUT, 14 * 24 * 3600);
  strictEqual(DEFAULT_NEW_SESSIONS_PER_MINUTE, 100);
  const resolved = resolveSessionOptions();
  strictEqual(resolved.provisionalTimeout, 3600);
  strictEqual(resolved.newSessionsPerMinute, 100);
});

Deno.test("a session created without a cookie is gone after the provisional window", async () => {
  using t = await setup();
  const first = await roundTrip(t.manager, undefined, (s) => s.set("n", 1));
  const set = first.headers.get("set-cookie")!;
  match(set, /Max-Age=3600(;|$)/);
  const [row] = await rows(t.kv);
  deepStrictEqual(row.value.expiresAt, t.clock.now() + HOUR);
  t.clock.advance(HOUR);
  const later = await roundTrip(t.manager, first.cookie);
  ok(later.session.isNew, "dead after the provisional window");
});

Deno.test("presenting the cookie again gives the session the full idle timeout", async () => {
  using t = await setup();
  const first = await roundTrip(t.manager, undefined, (s) => s.set("n", 1));
  t.clock.advance(10 * 60 * 1000);
  // A read-only request: the promotion is its one write.
  const second = await roundTrip(t.manager, first.cookie);
  ok(!second.session.isNew);
  match(
    second.headers.get("set-cookie") ?? "",
    new RegExp(`Max-Age=${DEFAULT_IDLE_TIMEOUT}(;|$)`),
  );
  const [row] = await rows(t.kv);
  deepStrictEqual(row.value.expiresAt, t.clock.now() + 14 * DAY);
  t.clock.advance(13 * DAY);
  const third = await roundTrip(t.manager, first.cookie);
  strictEqual(third.session.get("n"), 1);
});

Deno.test("a promoted session is written once, not on every request", async () => {
  using t = await setup();
  const first = await roundTrip(t.manager, undefined, (s) => s.set("n", 1));
  await roundTrip(t.manager, first.cookie);
  const again = await roundTrip(t.manager, first.cookie);
  strictEqual(again.headers.get("set-cookie"), null);
});

Deno.test("a forged or stale cookie does not make a session full-length", async () => {
  using t = await setup();
  const forged = `sid=${"A".repeat(43)}`;
  const made = await roundTrip(t.manager, forged, (s) => s.set("n", 1));
  match(made.headers.get("set-cookie")!, /Max-Age=3600(;|$)/);
});

Deno.test("a login in a request without a cookie is provisional; the browser's next request promotes it", async () => {
  using t = await setup();
  const login = await roundTrip(t.manager, undefined, (s) => s.login("u1"));
  match(login.headers.get("set-cookie")!, /Max-Age=3600(;|$)/);
  const next = await roundTrip(t.manager, login.cookie);
  strictEqual(next.session.userId, "u1");
  match(
    next.headers.get("set-cookie")!,
    new RegExp(`Max-Age=${DEFAULT_IDLE_TIMEOUT}(;|$)`),
  );
});

Deno.test("100 cookieless clients leave 0 rows that outlive the provisional window", async () => {
  using t = await setup();
  for (let i = 0; i < 100; i++) {
    await visit(t.manager, undefined, `198.51.100.${i}`);
  }
  const stored = await rows(t.kv);
  strictEqual(stored.length, 100);
  const outliving = stored.filter((r) =>
    r.value.expiresAt > t.clock.now() + HOUR
  );
  strictEqual(outliving.length, 0);
  // Never a log line per new session.
  deepStrictEqual(t.logger.lines, []);
});

Deno.test("a flood from one address creates at most the configured number of sessions", async () => {
  using t = await setup({ newSessionsPerMinute: 5 });
  let refused = 0;
  for (let i = 0; i < 40; i++) {
    try {
      await visit(t.manager, undefined);
    } catch (error) {
      ok(error instanceof SessionLimitedError);
      ok(error.retryAfter >= 1 && error.retryAfter <= 60);
      strictEqual(error.status, 429);
      refused++;
    }
  }
  strictEqual(refused, 35);
  strictEqual((await rows(t.kv)).length, 5);
  deepStrictEqual(t.logger.lines, []);
  // Another address is not affected.
  ok(await visit(t.manager, undefined, "192.0.2.1"));
  // A visitor with a live session is never refused.
  const own = await visit(t.manager, undefined, "192.0.2.2");
  for (let i = 0; i < 10; i++) {
    await visit(t.manager, own!.split(";")[0], "203.0.113.9");
  }
  // The allowance comes back over the minute.
  t.clock.advance(60 * 1000);
  for (let i = 0; i < 5; i++) await visit(t.manager, undefined);
  await rejects(() => visit(t.manager, undefined), SessionLimitedError);
});

Deno.test("options and environment variables are validated at start-up", () => {
  throws(
    () => resolveSessionOptions({ provisionalTimeout: 0 }),
    (error) =>
      error instanceof TypeError &&
      error.message.includes("provisionalTimeout"),
  );
  throws(
    () => resolveSessionOptions({ newSessionsPerMinute: 1.5 }),
    (error) =>
      error instanceof TypeError &&
      error.message.includes("newSessionsPerMinute"),
  );
  const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
  strictEqual(
    sessionOptionsFromEnv(env({ SESSION_PROVISIONAL_TIMEOUT: "600" }))
      .provisionalTimeout,
    600,
  );
  strictEqual(
    sessionOptionsFromEnv(env({ SESSION_NEW_PER_MINUTE: "20" }))
      .newSessionsPerMinute,
    20,
  );
  throws(
    () => sessionOptionsFromEnv(env({ SESSION_PROVISIONAL_TIMEOUT: "1h" })),
    (error) =>
      error instanceof Error &&
      error.message.includes("SESSION_PROVISIONAL_TIMEOUT"),
  );
  throws(
    () => sessionOptionsFromEnv(env({ SESSION_NEW_PER_MINUTE: "-1" })),
    (error) =>
      error instanceof Error &&
      error.message.includes("SESSION_NEW_PER_MINUTE"),
  );
});

Deno.test("middleware: past the limit a GET page is served without a session; a POST answers 429", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const mw = session({
      kv,
      logger: recordingLogger(),
      newSessionsPerMinute: 1,
    });
    const send = (method: string) => {
      const req = new Request("http://localhost/page", { method });
      const ctx = {
        destination: "route" as const,
        state: {} as State,
        remoteAddr: {
          transport: "tcp" as const,
          hostname: "203.0.113.5",
          port: 1,
        },
        next: () => {
          ctx.state.session.set("seen", true);
          return Promise.resolve(new Response("page"));
        },
      };
      return mw(req, ctx as unknown as Parameters<typeof mw>[1]);
    };
    const first = await send("GET");
    ok(first.headers.get("set-cookie"));
    await first.body?.cancel();
    const page = await send("GET");
    strictEqual(page.status, 200);
    strictEqual(await page.text(), "page");
    strictEqual(page.headers.get("set-cookie"), null);
    strictEqual(page.headers.get("vary"), "Cookie");
    const post = await send("POST");
    strictEqual(post.status, 429);
    ok(Number(post.headers.get("retry-after")) >= 1);
    match(await post.text(), /Too many new visits/);
    strictEqual((await rows(kv)).length, 1);
  } finally {
    kv.close();
  }
});
