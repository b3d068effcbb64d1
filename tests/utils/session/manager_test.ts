import {
  assert,
  assertEquals,
  assertFalse,
  assertMatch,
  assertNotEquals,
  assertRejects,
  assertThrows,
} from "./_asserts.ts";
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
  assertEquals(reads(t.counts) + writes(t.counts), 0);
  assertEquals(headers.get("set-cookie"), null);
  assertEquals(headers.get("vary"), null);
  assert(session.isNew);
});

Deno.test("anonymous read: Vary and private, but no cookie and no write", async () => {
  using t = await setup();
  const { headers } = await roundTrip(t.manager, undefined, (s) => {
    assertEquals(s.get("cart", []), []);
  });
  assertEquals(reads(t.counts) + writes(t.counts), 0);
  assertEquals(headers.get("set-cookie"), null);
  assertEquals(headers.get("vary"), "Cookie");
  assertEquals(headers.get("cache-control"), "private");
});

Deno.test("first write creates a session with a safe cookie", async () => {
  using t = await setup();
  const { headers, cookie } = await roundTrip(t.manager, undefined, (s) => {
    s.set("cart", [1]);
  });
  assertEquals(t.counts.commit, 1);
  const setCookie = headers.get("set-cookie")!;
  assertMatch(
    setCookie,
    // Provisional until the browser presents it again (provisional_test.ts).
    /^sid=[A-Za-z0-9_-]{43}; Max-Age=3600; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  // The cookie holds the token; KV holds only its hash.
  const token = tokenOf(cookie);
  assertEquals((await t.real.get(["sessions", token])).versionstamp, null);
  assertNotEquals(
    (await t.real.get(["sessions", hashToken(token)])).versionstamp,
    null,
  );
  // No log line per new session: a flood would write one per request.
  assertEquals(t.logger.lines, []);
  assertFalse(t.logger.text().includes(token), "token must never be logged");
  assertFalse(
    t.logger.text().includes(hashToken(token)),
    "KV hash must never be logged",
  );
});

Deno.test("the lesson's cart: two clicks on two requests give count 2", async () => {
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
  assertEquals(session.get<number[]>("cart")?.length, 2);
});

Deno.test("a read-only request with a valid cookie does one KV read and no write", async () => {
  using t = await setup();
  const cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  t.reset();
  const { session, headers } = await roundTrip(t.manager, cookie, (s) => {
    assertEquals(s.get("a"), 1);
  });
  assertEquals(t.counts.get, 1);
  assertEquals(reads(t.counts), 1);
  assertEquals(writes(t.counts), 0);
  assertEquals(headers.get("set-cookie"), null);
  assertEquals(headers.get("vary"), "Cookie");
  assertFalse(session.modified);
  assert(session.accessed);
});

Deno.test("touch refreshes the idle timeout at most once per tenth of it", async () => {
  using t = await setup();
  let cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  t.reset();
  t.clock.advance(1.3 * DAY); // idle 14 days → touch interval 1.4 days
  let r = await roundTrip(t.manager, cookie);
  assertEquals(writes(t.counts), 0);
  assertEquals(r.headers.get("set-cookie"), null);
  t.clock.advance(0.2 * DAY);
  r = await roundTrip(t.manager, cookie);
  assertEquals(t.counts.commit, 1);
  // Same token, refreshed Max-Age.
  assertEquals(cookiePair(r.headers.get("set-cookie")), cookie);
  assertMatch(r.headers.get("set-cookie")!, /Max-Age=1209600/);
  t.reset();
  r = await roundTrip(t.manager, cookie);
  assertEquals(writes(t.counts), 0);
  // Kept alive by touches, it outlives one idle window.
  for (let i = 0; i < 10; i++) {
    t.clock.advance(2 * DAY);
    ({ cookie } = await roundTrip(t.manager, cookie));
  }
  r = await roundTrip(t.manager, cookie);
  assertFalse(
    r.session.isNew,
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
    assertEquals(s.get("a"), undefined);
  });
  assert(session.isNew);
  assertEquals(headers.get("set-cookie"), null);
  const stored = await t.real.get(["sessions", hashToken(tokenOf(cookie))]);
  assertNotEquals(stored.versionstamp, null, "entry is still in KV");
});

Deno.test("absolute expiry ends an active session after 30 days", async () => {
  using t = await setup();
  let cookie = await browserSession(t.manager, (s) => s.set("a", 1));
  for (let day = 0; day < 29; day++) {
    t.clock.advance(DAY);
    ({ cookie } = await roundTrip(t.manager, cookie, (s) => s.set("day", day)));
  }
  let r = await roundTrip(t.manager, cookie);
  assertEquals(r.session.get("a"), 1);
  t.clock.advance(DAY);
  r = await roundTrip(t.manager, cookie);
  assert(r.session.isNew);
  assertEquals(r.session.get("a"), undefined);
});

Deno.test("configured timeouts are honoured", async () => {
  using t = await setup({ idleTimeout: 60, absoluteTimeout: 600 });
  const { cookie, headers } = await roundTrip(
    t.manager,
    undefined,
    (s) => s.set("a", 1),
  );
  assertMatch(headers.get("set-cookie")!, /Max-Age=60;/);
  t.clock.advance(59_000);
  assertFalse((await roundTrip(t.manager, cookie)).session.isNew);
  t.clock.advance(61_000);
  assert((await roundTrip(t.manager, cookie)).session.isNew);
});

Deno.test("setExpiry: 0 is a browser-session cookie, seconds and dates persist", async () => {
  using t = await setup();
  let r = await roundTrip(t.manager, undefined, (s) => {
    s.set("a", 1);
    s.setExpiry(0);
    assert(s.expireAtBrowserClose);
  });
  assertFalse(/Max-Age/.test(r.headers.get("set-cookie")!));
  r = await roundTrip(t.manager, r.cookie, (s) => s.setExpiry(3600));
  assertMatch(r.headers.get("set-cookie")!, /Max-Age=3600;/);
  t.clock.advance(3_601_000);
  assert(
    (await roundTrip(t.manager, r.cookie)).session.isNew,
    "idle 3600s elapsed",
  );

  const kept = await browserSession(t.manager, (s) => s.set("a", 1));
  r = await roundTrip(t.manager, kept, (s) => {
    s.setExpiry(new Date(t.clock.now() + 5000_000));
  });
  assertMatch(r.headers.get("set-cookie")!, /Max-Age=5000;/);
  assertThrows(() => r.session.setExpiry(-1), TypeError);
  assertThrows(() => r.session.setExpiry(1.5), TypeError);
  assertThrows(() => r.session.setExpiry(new Date(NaN)), TypeError);
});

Deno.test("login with a guard: saved while the record is unchanged, refused with nothing written once it changed", async () => {
  using t = await setup();
  const guest = await roundTrip(t.manager, undefined, (s) => s.set("cart", 1));
  const user = await t.real.set(["users", "u1"], { v: 1 });
  const guard = { key: ["users", "u1"], version: user.versionstamp };
  const ok = await roundTrip(t.manager, guest.cookie, (s) => {
    s.login("u1", { guard });
  });
  assertEquals(ok.session.userId, "u1");

  // The password changes while a second sign-in checks the old one.
  const other = await roundTrip(t.manager, undefined, (s) => s.set("cart", 2));
  const session = await t.manager.loadSession(request(other.cookie));
  session.login("u1", { guard });
  await t.real.set(["users", "u1"], { v: 2 });
  await assertRejects(
    () => t.manager.commitSession(session, new Headers()),
    SessionGuardError,
  );
  // Nothing was written: no index entry, the guest session as it was.
  const index = await Array.fromAsync(
    t.real.list({ prefix: ["user_sessions", "u1"] }),
  );
  assertEquals(index.length, 1, "only the first sign-in is indexed");
  const after = await roundTrip(t.manager, other.cookie);
  assertEquals(after.session.userId, undefined);
  assertEquals(after.session.get("cart"), 2);
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
  assertEquals(t.counts.commit, 1, "one atomic commit");
  assertNotEquals(second.cookie, first.cookie);
  assertEquals(
    (await t.real.get(["sessions", hashToken(tokenOf(first.cookie))]))
      .versionstamp,
    null,
  );
  const replay = await roundTrip(t.manager, first.cookie);
  assert(replay.session.isNew);
  assertEquals(replay.session.get("cart"), undefined);
  const fresh = await roundTrip(t.manager, second.cookie);
  assertEquals(fresh.session.get("cart"), [1, 2]);
  assert(t.logger.text().includes("session rotated"));
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
    assertEquals(s.keys(), []);
  });
  assertMatch(
    flushed.headers.get("set-cookie")!,
    /^sid=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax$/,
  );
  assertEquals(
    (await t.real.get(["sessions", hashToken(tokenOf(first.cookie))]))
      .versionstamp,
    null,
  );
  assert((await roundTrip(t.manager, first.cookie)).session.isNew);
  assert(t.logger.text().includes("session destroyed"));

  const again = await roundTrip(t.manager, undefined, (s) => s.set("a", 1));
  const reborn = await roundTrip(t.manager, again.cookie, (s) => {
    s.flush();
    s.set("_messages", ["Logged out"]);
  });
  assertNotEquals(reborn.cookie, again.cookie);
  assert(reborn.cookie);
  const after = await roundTrip(t.manager, reborn.cookie);
  assertEquals(after.session.entries(), [["_messages", ["Logged out"]]]);
  assert((await roundTrip(t.manager, again.cookie)).session.isNew);
});

Deno.test("an emptied session keeps its token (only flush destroys)", async () => {
  using t = await setup();
  const first = await roundTrip(t.manager, undefined, (s) => s.set("a", 1));
  const emptied = await roundTrip(
    t.manager,
    first.cookie,
    (s) => s.delete("a"),
  );
  assertEquals(emptied.cookie, first.cookie);
  const again = await roundTrip(t.manager, first.cookie);
  assertFalse(again.session.isNew);
  assert(again.session.isEmpty());
  // A brand-new session given data and emptied again is never created.
  t.reset();
  const none = await roundTrip(t.manager, undefined, (s) => {
    s.set("a", 1);
    s.delete("a");
  });
  assertEquals(writes(t.counts), 0);
  assertEquals(none.headers.get("set-cookie"), null);
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
      assertMatch(setCookie, c.expect);
      assertMatch(setCookie, /; Path=\/; HttpOnly; /);
      assertMatch(setCookie, /SameSite=Lax/);
      assertEquals(/; Secure/.test(setCookie), c.secure);
      assertFalse(/Domain=/i.test(setCookie));
      // And the cookie is read back under the same name.
      const again = await manager.loadSession(
        request(cookiePair(setCookie), c.url, c.headers),
      );
      assertEquals(again.get("a"), 1);
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
      assert(
        await s.manager.commitSession(session, headers) ||
          initial.vary === "cookie",
      );
      assertEquals(headers.get("vary"), vary);
      assertEquals(headers.get("cache-control"), cacheControl);
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
        assertEquals(x.keys(), []);
        x.set("b", 2);
      });
      assert(s.logger.text().includes("corrupt session record"));
      assertNotEquals(r.cookie, cookie, "a fresh token is issued");
      // The line names the row (by a salted hash of its key, never the key
      // itself), and the same row read again is not logged again.
      const hash = hashToken(tokenOf(cookie));
      const line = s.logger.lines.find((l) => l.includes("corrupt session"))!;
      assert(/"key":\["sessions","[0-9a-f]{12}"\]/.test(line), line);
      assert(!line.includes(hash), "the KV hash is not logged");
      await roundTrip(s.manager, cookie, () => {});
      assertEquals(
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
    const error = assertThrows(
      () => s.set("c", "y".repeat(40_000)),
      SessionTooLargeError,
    );
    assertMatch(error.message, /"c"/);
    assertFalse(s.has("c"));
    // Wide characters count double.
    assertThrows(() => s.set("d", "€".repeat(20_000)), SessionTooLargeError);
    assertThrows(
      () => s.update<string>("b", (v) => v + "z".repeat(40_000)),
      SessionTooLargeError,
    );
    assertEquals((s.get("b") as string).length, 30_000);
  });
  assertEquals(t.counts.commit, 1);
  const after = await roundTrip(t.manager, r.cookie);
  assertEquals(after.session.keys(), ["a", "b"]);
  assertNotEquals(before.versionstamp, null);
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
  await assertRejects(
    () => t.manager.commitSession(two, new Headers()),
    SessionTooLargeError,
  );
  assertEquals(
    (await t.real.get(["sessions", hash])).versionstamp,
    stored.versionstamp,
  );
});
