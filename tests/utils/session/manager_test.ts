import {
  deepStrictEqual,
  match,
  notDeepStrictEqual,
  notStrictEqual,
  ok,
  rejects,
  strictEqual,
  throws,
} from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import {
  SessionGuardError,
  SessionTooLargeError,
} from "../../../utils/session/errors.ts";
import { hashToken, type SessionToken } from "../../../utils/session/token.ts";
import {
  cookiePair,
  countingKv,
  fakeClock,
  reads,
  recordingLogger,
  request,
  roundTrip,
  writes,
} from "./_helpers.ts";

const DAY = 24 * 60 * 60 * 1000;

async function setup(options: Parameters<typeof createSessionManager>[0] = {}) {
  const real = await Deno.openKv(":memory:");
  const counting = countingKv(real);
  const clock = fakeClock();
  const logger = recordingLogger();
  const manager = createSessionManager({
    kv: counting.kv,
    now: clock.now,
    logger,
    ...options,
  });
  return {
    real,
    manager,
    clock,
    logger,
    counts: counting.counts,
    reset: counting.reset,
    [Symbol.dispose]: () => real.close(),
  };
}

/**
 * A browser's session: created by a cookieless request, then presented
 * again, which takes it from provisional to the full idle timeout.
 */
async function browserSession(
  manager: Parameters<typeof roundTrip>[0],
  act: Parameters<typeof roundTrip>[2],
): Promise<string | undefined> {
  const { cookie } = await roundTrip(manager, undefined, act);
  return (await roundTrip(manager, cookie)).cookie;
}

function tokenOf(cookie: string | undefined): SessionToken {
  return cookie!.split("=")[1] as SessionToken;
}

Deno.test("anonymous request: no cookie, no KV access, no headers", async () => {
  using t = await setup();
  const { session, headers } = await roundTrip(t.manager, undefined);
  strictEqual(reads(t.counts) + writes(t.counts), 0);
  strictEqual(headers.get("set-cookie"), null);
  strictEqual(headers.get("vary"), null);
  ok(session.isNew);
});

Deno.test("anonymous read: Vary and private, but no cookie and no write", async () => {
  using t = await setup();
  const { headers } = await roundTrip(t.manager, undefined, (s) => {
    deepStrictEqual(s.get("cart", []), []);
  });
  strictEqual(reads(t.counts) + writes(t.counts), 0);
  strictEqual(headers.get("set-cookie"), null);
  strictEqual(headers.get("vary"), "Cookie");
  strictEqual(headers.get("cache-control"), "private");
});

Deno.test("first write creates a session with a safe cookie", async () => {
  using t = await setup();
  const { headers, cookie } = await roundTrip(t.manager, undefined, (s) => {
    s.set("cart", [1]);
  });
  strictEqual(t.counts.commit, 1);
  const setCookie = headers.get("set-cookie")!;
  match(
    setCookie,
    // Provisional until the browser presents it again (provisional_test.ts).
    /^sid=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  // The cookie holds the token; KV holds only its hash.
  const token = tokenOf(cookie);
  strictEqual((await t.real.get(["sessions", token])).versionstamp, null);
  notStrictEqual(
    (await t.real.get(["sessions", hashToken(token)])).versionstamp,
    null,
  );
  // No log line per new session: a flood would write one per request.
  deepStrictEqual(t.logger.lines, []);
  ok(!t.logger.text().includes(token), "token must never be logged");
  ok(
    !(t.logger.text().includes(hashToken(token))),
    "KV hash must never be logged",
  );
});

Deno.test("a cart in the session: two clicks on two requests give count 2", async () => {
  using t = await setup();
  const add = (id: number) =>
  (
    s: import("../../../utils/session/session.ts").Session,
  ) => {
    const cart = s.get<number[]>("cart", []);
    cart.push(id);
    s.set("cart", cart);
  };
  let { cookie } = await roundTrip(t.manager, undefined, add(1));
  ({ cookie } = await roundTrip(t.manager, cookie, add(2)));
  const { session } = await roundTrip(t.manager, cookie);
  strictEqual(session.get<number[]>("cart")?.length, 2);
});

Deno.test("a read-only request with a valid cookie does one KV read and no write", async () => {
  using t = await setup();
  const cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  t.reset();
  const { session, headers } = await roundTrip(t.manager, cookie, (s) => {
    strictEqual(s.get("a"), 1);
  });
  strictEqual(t.counts.get, 1);
  strictEqual(reads(t.counts), 1);
  strictEqual(writes(t.counts), 0);
  strictEqual(headers.get("set-cookie"), null);
  strictEqual(headers.get("vary"), "Cookie");
  ok(!session.modified);
  ok(session.accessed);
});

Deno.test("touch refreshes the idle timeout at most once per tenth of it", async () => {
  using t = await setup();
  let cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  t.reset();
  t.clock.advance(1.3 * DAY); // idle 14 days → touch interval 1.4 days
  let r = await roundTrip(t.manager, cookie);
  strictEqual(writes(t.counts), 0);
  strictEqual(r.headers.get("set-cookie"), null);
  t.clock.advance(0.2 * DAY);
  r = await roundTrip(t.manager, cookie);
  strictEqual(t.counts.commit, 1);
  // Same token, refreshed Max-Age.
  deepStrictEqual(cookiePair(r.headers.get("set-cookie")), cookie);
  match(r.headers.get("set-cookie")!, /Max-Age=1209600/);
  t.reset();
  r = await roundTrip(t.manager, cookie);
  strictEqual(writes(t.counts), 0);
  // Kept alive by touches, it outlives one idle window.
  for (let i = 0; i < 10; i++) {
    t.clock.advance(2 * DAY);
    ({ cookie } = await roundTrip(t.manager, cookie));
  }
  r = await roundTrip(t.manager, cookie);
  ok(
    !r.session.isNew,
    "touched session must still be alive after 20 days",
  );
});

Deno.test("idle expiry: an expired entry still in KV is not served", async () => {
  using t = await setup();
  const { cookie } = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("a", 1),
  );
  t.clock.advance(14 * DAY + 1);
  const { session, headers } = await roundTrip(t.manager, cookie, (s) => {
    strictEqual(s.get("a"), undefined);
  });
  ok(session.isNew);
  strictEqual(headers.get("set-cookie"), null);
  const stored = await t.real.get(["sessions", hashToken(tokenOf(cookie))]);
  notStrictEqual(stored.versionstamp, null, "entry is still in KV");
});

Deno.test("absolute expiry ends an active session after 30 days", async () => {
  using t = await setup();
  let cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  for (let day = 0; day < 29; day++) {
    t.clock.advance(DAY);
    ({ cookie } = await roundTrip(t.manager, cookie, (s) => s.set("day", day)));
  }
  let r = await roundTrip(t.manager, cookie);
  strictEqual(r.session.get("a"), 1);
  t.clock.advance(DAY);
  r = await roundTrip(t.manager, cookie);
  ok(r.session.isNew);
  strictEqual(r.session.get("a"), undefined);
});

Deno.test("configured timeouts are honoured", async () => {
  using t = await setup({ idleTimeout: 60, absoluteTimeout: 600 });
  const { cookie, headers } = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("a", 1),
  );
  match(headers.get("set-cookie")!, /Max-Age=60;/);
  t.clock.advance(59_000);
  ok(!(await roundTrip(t.manager, cookie)).session.isNew);
  t.clock.advance(61_000);
  ok((await roundTrip(t.manager, cookie)).session.isNew);
});

Deno.test("setExpiry: 0 is a browser-session cookie, seconds and dates persist", async () => {
  using t = await setup();
  let r = await roundTrip(t.manager, undefined, (s) => {
    s.set("a", 1);
    s.setExpiry(0);
    ok(s.expireAtBrowserClose);
  });
  ok(!/Max-Age/.test(r.headers.get("set-cookie")!));
  r = await roundTrip(t.manager, r.cookie, (s) => s.setExpiry(3600));
  match(r.headers.get("set-cookie")!, /Max-Age=3600;/);
  t.clock.advance(3_601_000);
  ok(
    (await roundTrip(t.manager, r.cookie)).session.isNew,
    "idle 3600s elapsed",
  );

  const kept = await browserSession(t.manager, (s) => s.set("a", 1));
  r = await roundTrip(t.manager, kept, (s) => {
    s.setExpiry(new Date(t.clock.now() + 5000_000));
  });
  match(r.headers.get("set-cookie")!, /Max-Age=5000;/);
  throws(() => r.session.setExpiry(-1), TypeError);
  throws(() => r.session.setExpiry(1.5), TypeError);
  throws(() => r.session.setExpiry(new Date(NaN)), TypeError);
});

Deno.test("login with a guard: saved while the record is unchanged, refused with nothing written once it changed", async () => {
  using t = await setup();
  const guest = await roundTrip(t.manager, undefined, (s) => s.set("cart", 1));
  const user = await t.real.set(["users", "u1"], { v: 1 });
  const guard = { key: ["users", "u1"], version: user.versionstamp };
  const signedIn = await roundTrip(t.manager, guest.cookie, (s) => {
    s.login("u1", { guard });
  });
  strictEqual(signedIn.session.userId, "u1");

  // The password changes while a second sign-in checks the old one.
  const other = await roundTrip(t.manager, undefined, (s) => s.set("cart", 2));
  const session = await t.manager.loadSession(request(other.cookie));
  session.login("u1", { guard });
  await t.real.set(["users", "u1"], { v: 2 });
  await rejects(
    () => t.manager.commitSession(session, new Headers()),
    SessionGuardError,
  );
  // Nothing was written: no index entry, the guest session as it was.
  const index = await Array.fromAsync(
    t.real.list({ prefix: ["user_sessions", "u1"] }),
  );
  strictEqual(index.length, 1, "only the first sign-in is indexed");
  const after = await roundTrip(t.manager, other.cookie);
  strictEqual(after.session.userId, undefined);
  strictEqual(after.session.get("cart"), 2);
});

Deno.test("cycleId: new token, same data, old token dead in the same commit", async () => {
  using t = await setup();
  const first = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("cart", [1, 2]),
  );
  t.reset();
  const second = await roundTrip(t.manager, first.cookie, (s) => s.cycleId());
  strictEqual(t.counts.commit, 1, "one atomic commit");
  notDeepStrictEqual(second.cookie, first.cookie);
  strictEqual(
    (await t.real.get(["sessions", hashToken(tokenOf(first.cookie))]))
      .versionstamp,
    null,
  );
  const replay = await roundTrip(t.manager, first.cookie);
  ok(replay.session.isNew);
  strictEqual(replay.session.get("cart"), undefined);
  const fresh = await roundTrip(t.manager, second.cookie);
  deepStrictEqual(fresh.session.get("cart"), [1, 2]);
  ok(t.logger.text().includes("session rotated"));
});

Deno.test("flush: data and entry gone, cookie expired; set after flush starts anew", async () => {
  using t = await setup();
  const first = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("secret", "x"),
  );
  const flushed = await roundTrip(t.manager, first.cookie, (s) => {
    s.flush();
    deepStrictEqual(s.keys(), []);
  });
  match(
    flushed.headers.get("set-cookie")!,
    /^sid=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  strictEqual(
    (await t.real.get(["sessions", hashToken(tokenOf(first.cookie))]))
      .versionstamp,
    null,
  );
  ok((await roundTrip(t.manager, first.cookie)).session.isNew);
  ok(t.logger.text().includes("session destroyed"));

  const again = await roundTrip(t.manager, undefined, (s) => s.set("a", 1));
  const reborn = await roundTrip(t.manager, again.cookie, (s) => {
    s.flush();
    s.set("_messages", ["Logged out"]);
  });
  notDeepStrictEqual(reborn.cookie, again.cookie);
  ok(reborn.cookie);
  const after = await roundTrip(t.manager, reborn.cookie);
  deepStrictEqual(after.session.entries(), [["_messages", ["Logged out"]]]);
  ok((await roundTrip(t.manager, again.cookie)).session.isNew);
});

Deno.test("an emptied session keeps its token (only flush destroys)", async () => {
  using t = await setup();
  const first = await roundTrip(t.manager, undefined, (s) => s.set("a", 1));
  const emptied = await roundTrip(
    t.manager,
    first.cookie,
    (s) => s.delete("a"),
  );
  deepStrictEqual(emptied.cookie, first.cookie);
  const again = await roundTrip(t.manager, first.cookie);
  ok(!again.session.isNew);
  ok(again.session.isEmpty());
  // A brand-new session given data and emptied again is never created.
  t.reset();
  const none = await roundTrip(t.manager, undefined, (s) => {
    s.set("a", 1);
    s.delete("a");
  });
  strictEqual(writes(t.counts), 0);
  strictEqual(none.headers.get("set-cookie"), null);
});

Deno.test("cookie attributes on https, behind proxies, and when overridden", async (t) => {
  using s = await setup();
  const cases: {
    name: string;
    options?: Parameters<typeof createSessionManager>[0];
    url: string;
    headers?: Record<string, string>;
    expect: RegExp;
    secure: boolean;
  }[] = [
    { name: "http", url: "http://app.test/", expect: /^sid=/, secure: false },
    {
      name: "https",
      url: "https://app.test/",
      expect: /^__Host-sid=/,
      secure: true,
    },
    {
      name: "X-Forwarded-Proto ignored without trustProxy",
      url: "http://app.test/",
      headers: { "x-forwarded-proto": "https" },
      expect: /^sid=/,
      secure: false,
    },
    {
      name: "X-Forwarded-Proto trusted with trustProxy",
      options: { trustProxy: true },
      url: "http://app.test/",
      headers: { "x-forwarded-proto": "https, http" },
      expect: /^__Host-sid=/,
      secure: true,
    },
    {
      name: "trustProxy with http proto",
      options: { trustProxy: true },
      url: "http://app.test/",
      headers: { "x-forwarded-proto": "http" },
      expect: /^sid=/,
      secure: false,
    },
    {
      name: "secure: false on https",
      options: { secure: false },
      url: "https://app.test/",
      expect: /^sid=/,
      secure: false,
    },
    {
      name: "secure: true on http",
      options: { secure: true },
      url: "http://app.test/",
      expect: /^__Host-sid=/,
      secure: true,
    },
    {
      name: "custom name",
      options: { cookieName: "app_session" },
      url: "https://app.test/",
      expect: /^app_session=/,
      secure: true,
    },
    // A prefixed name is only kept by browsers with Secure (on http, only
    // http://localhost keeps such a cookie); without it, no session sticks.
    {
      name: "custom __Host- name on http under auto",
      options: { cookieName: "__Host-app" },
      url: "http://localhost/",
      expect: /^__Host-app=/,
      secure: true,
    },
    {
      name: "custom __Secure- name on http under auto",
      options: { cookieName: "__Secure-app" },
      url: "http://localhost/",
      expect: /^__Secure-app=/,
      secure: true,
    },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const manager = createSessionManager({
        kv: s.real,
        now: s.clock.now,
        logger: s.logger,
        ...c.options,
      });
      const session = await manager.loadSession(
        request(undefined, c.url, c.headers),
      );
      session.set("a", 1);
      const headers = new Headers();
      await manager.commitSession(session, headers);
      const setCookie = headers.get("set-cookie")!;
      match(setCookie, c.expect);
      match(setCookie, /; Path=\/; HttpOnly; /);
      match(setCookie, /SameSite=Lax/);
      deepStrictEqual(/; Secure/.test(setCookie), c.secure);
      ok(!/Domain=/i.test(setCookie));
      // And the cookie is read back under the same name.
      const again = await manager.loadSession(
        request(cookiePair(setCookie), c.url, c.headers),
      );
      strictEqual(again.get("a"), 1);
    });
  }
});

Deno.test("Vary and Cache-Control on session-dependent responses", async (t) => {
  using s = await setup();
  const cases: [Record<string, string>, string | null, string][] = [
    [{}, "Cookie", "private"],
    [{ vary: "Accept-Encoding" }, "Accept-Encoding, Cookie", "private"],
    [{ vary: "cookie" }, "cookie", "private"],
    [
      { "cache-control": "public, max-age=60" },
      "Cookie",
      "private, max-age=60",
    ],
    [{ "cache-control": "max-age=60" }, "Cookie", "private, max-age=60"],
    [{ "cache-control": "no-store" }, "Cookie", "no-store"],
    [{ "cache-control": "private, max-age=5" }, "Cookie", "private, max-age=5"],
    [{ "cache-control": "public, private" }, "Cookie", "private"],
  ];
  for (const [initial, vary, cacheControl] of cases) {
    await t.step(JSON.stringify(initial), async () => {
      const session = await s.manager.loadSession(request());
      session.get("x");
      const headers = new Headers(initial);
      ok(
        await s.manager.commitSession(session, headers) ||
          initial.vary === "cookie",
      );
      deepStrictEqual(headers.get("vary"), vary);
      deepStrictEqual(headers.get("cache-control"), cacheControl);
    });
  }
});

Deno.test("corrupt session data becomes an empty session and is logged", async (t) => {
  using s = await setup();
  const corrupt: [string, unknown][] = [
    ["not an object", "garbage"],
    ["wrong version", { v: 2 }],
    ["data not JSON", {
      v: 1,
      data: "{not json",
      createdAt: s.clock.now(),
      lastActiveAt: s.clock.now(),
      absoluteExpiresAt: s.clock.now() + DAY,
      expiresAt: s.clock.now() + DAY,
      idleTimeout: 3600,
      persistent: true,
      ref: "r",
      userAgent: "x",
    }],
    ["data an array", {
      v: 1,
      data: "[1]",
      createdAt: s.clock.now(),
      lastActiveAt: s.clock.now(),
      absoluteExpiresAt: s.clock.now() + DAY,
      expiresAt: s.clock.now() + DAY,
      idleTimeout: 3600,
      persistent: true,
      ref: "r",
      userAgent: "x",
    }],
  ];
  for (const [name, value] of corrupt) {
    await t.step(name, async () => {
      const { cookie } = await roundTrip(
        s.manager,
        undefined,
        (x) => x.set("a", 1),
      );
      await s.real.set(["sessions", hashToken(tokenOf(cookie))], value);
      s.logger.lines.length = 0;
      const r = await roundTrip(s.manager, cookie, (x) => {
        deepStrictEqual(x.keys(), []);
        x.set("b", 2);
      });
      ok(s.logger.text().includes("corrupt session record"));
      notDeepStrictEqual(r.cookie, cookie, "a fresh token is issued");
      // The line names the row (by a salted hash of its key, never the key
      // itself), and the same row read again is not logged again.
      const hash = hashToken(tokenOf(cookie));
      const line = s.logger.lines.find((l) => l.includes("corrupt session"))!;
      ok(/"key":\["sessions","[0-9a-f]{12}"\]/.test(line), line);
      ok(!line.includes(hash), "the KV hash is not logged");
      await roundTrip(s.manager, cookie, () => {});
      strictEqual(
        s.logger.lines.filter((l) => l.includes("corrupt session")).length,
        1,
      );
    });
  }
});

Deno.test("too large: set throws SessionTooLargeError and nothing changes", async () => {
  using t = await setup();
  const { cookie } = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("a", "small"),
  );
  const before = await t.real.get(["sessions", hashToken(tokenOf(cookie))]);
  t.reset();
  const r = await roundTrip(t.manager, cookie, (s) => {
    s.set("b", "x".repeat(30_000));
    throws(() => s.set("c", "y".repeat(40_000)), (error) => {
      ok(error instanceof SessionTooLargeError);
      match(error.message, /"c"/);
      return true;
    });
    ok(!s.has("c"));
    // Wide characters count double.
    throws(() => s.set("d", "€".repeat(20_000)), SessionTooLargeError);
    throws(
      () => s.update<string>("b", (v) => v + "z".repeat(40_000)),
      SessionTooLargeError,
    );
    strictEqual((s.get("b") as string).length, 30_000);
  });
  strictEqual(t.counts.commit, 1);
  const after = await roundTrip(t.manager, r.cookie);
  deepStrictEqual(after.session.keys(), ["a", "b"]);
  notStrictEqual(before.versionstamp, null);
});

Deno.test("too large after merging with a concurrent save: nothing written", async () => {
  using t = await setup();
  const { cookie } = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("a", 1),
  );
  const one = await t.manager.loadSession(request(cookie));
  const two = await t.manager.loadSession(request(cookie));
  one.set("big1", "x".repeat(40_000));
  two.set("big2", "y".repeat(40_000));
  await t.manager.commitSession(one, new Headers());
  const hash = hashToken(tokenOf(cookie));
  const stored = await t.real.get(["sessions", hash]);
  await rejects(
    () => t.manager.commitSession(two, new Headers()),
    SessionTooLargeError,
  );
  deepStrictEqual(
    (await t.real.get(["sessions", hash])).versionstamp,
    stored.versionstamp,
  );
});

Deno.test("commitSession refuses an object that only looks like a Session", async () => {
  using t = await setup();
  const real = await t.manager.loadSession(request());
  const lookalike = Object.create(Object.getPrototypeOf(real));
  for (const fake of [lookalike, {}, null]) {
    throws(
      () => t.manager.commitSession(fake, new Headers()),
      (error: unknown) =>
        error instanceof TypeError &&
        /ctx\.state\.session/.test(error.message),
    );
  }
});
