import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert";
import { createSessionManager } from "../../../utils/session/manager.ts";
import {
  listUserSessions,
  revokeAllUserSessions,
  revokeOtherSessionsOnPasswordChange,
  revokeOtherUserSessions,
  revokeUserSession,
} from "../../../utils/session/user_sessions.ts";
import { hashToken, type SessionToken } from "../../../utils/session/token.ts";
import { fakeClock, recordingLogger, request, roundTrip } from "./_helpers.ts";

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36";
const FIREFOX_WIN =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0";
const SAFARI_IOS =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

async function setup() {
  const kv = await Deno.openKv(":memory:");
  const clock = fakeClock();
  const logger = recordingLogger();
  const manager = createSessionManager({ kv, now: clock.now, logger });
  /** Signs `userId` in from a browser; returns its cookie. */
  const signIn = async (userId: string, ua: string) => {
    const session = await manager.loadSession(
      request(undefined, "http://localhost/", { "user-agent": ua }),
    );
    session.set("cart", [ua.length]);
    session.login(userId);
    const headers = new Headers();
    await manager.commitSession(session, headers);
    const cookie = headers.get("set-cookie")!.split(";")[0];
    // The browser's next request, which makes the session full-length.
    await roundTrip(manager, cookie);
    return cookie;
  };
  return {
    kv,
    clock,
    logger,
    manager,
    signIn,
    [Symbol.dispose]: () => kv.close(),
  };
}

const tokenOf = (cookie: string | undefined) =>
  cookie!.split("=")[1] as SessionToken;

Deno.test("login writes the user index in the same commit; refs are not tokens", async () => {
  using t = await setup();
  const cookie = await t.signIn("alice", CHROME_LINUX);
  const entries = await Array.fromAsync(
    t.kv.list({ prefix: ["user_sessions", "alice"] }),
  );
  strictEqual(entries.length, 1);
  const ref = entries[0].key[2] as string;
  const token = tokenOf(cookie);
  ok(ref !== token && ref !== hashToken(token));
  ok(!JSON.stringify(entries[0].key).includes(token));
});

Deno.test("listUserSessions shows every live session, marks the current one", async () => {
  using t = await setup();
  const a = await t.signIn("alice", CHROME_LINUX);
  t.clock.advance(1000);
  await t.signIn("alice", FIREFOX_WIN);
  t.clock.advance(1000);
  await t.signIn("alice", SAFARI_IOS);
  await t.signIn("bob", CHROME_LINUX);
  const { result } = await (async () => {
    let result: Awaited<ReturnType<typeof listUserSessions>> = [];
    await roundTrip(t.manager, a, async (s) => {
      result = await listUserSessions(s);
    });
    return { result };
  })();
  deepStrictEqual(result.map((x) => x.userAgent), [
    "Safari on iOS",
    "Firefox on Windows",
    "Chrome on Linux",
  ]);
  deepStrictEqual(result.map((x) => x.current), [false, false, true]);
  for (const info of result) {
    ok(info.expiresAt > info.lastActiveAt);
    ok(/^[0-9a-f-]{36}$/.test(info.ref));
  }
});

Deno.test("expired sessions drop out of the list and their index entries are cleaned", async () => {
  using t = await setup();
  await t.signIn("alice", FIREFOX_WIN);
  t.clock.advance(10 * 24 * 3600 * 1000);
  const current = await t.signIn("alice", CHROME_LINUX);
  t.clock.advance(5 * 24 * 3600 * 1000); // the Firefox one is idle > 14 days
  await roundTrip(t.manager, current, async (s) => {
    const list = await listUserSessions(s);
    deepStrictEqual(list.map((x) => x.userAgent), ["Chrome on Linux"]);
  });
  const index = await Array.fromAsync(
    t.kv.list({ prefix: ["user_sessions", "alice"] }),
  );
  strictEqual(index.length, 1, "dead index entry removed");
  const records = await Array.fromAsync(t.kv.list({ prefix: ["sessions"] }));
  strictEqual(records.length, 1, "expired record removed too");
});

Deno.test("revoke one by ref; other users' refs do nothing", async () => {
  using t = await setup();
  const current = await t.signIn("alice", CHROME_LINUX);
  const other = await t.signIn("alice", FIREFOX_WIN);
  const bobs = await t.signIn("bob", SAFARI_IOS);
  let bobRef = "";
  await roundTrip(t.manager, bobs, (s) => {
    bobRef = s.ref;
  });
  await roundTrip(t.manager, current, async (s) => {
    const list = await listUserSessions(s);
    const target = list.find((x) => !x.current)!;
    ok(
      !(await revokeUserSession(s, bobRef)),
      "bob's session is not alice's",
    );
    ok(!(await revokeUserSession(s, "nonexistent")));
    ok(await revokeUserSession(s, target.ref));
    strictEqual((await listUserSessions(s)).length, 1);
  });
  ok(
    (await roundTrip(t.manager, other)).session.isNew,
    "revoked session is dead",
  );
  ok(
    !((await roundTrip(t.manager, bobs)).session.isNew),
    "bob unaffected",
  );
  ok(!(await roundTrip(t.manager, current)).session.isNew);
  ok(t.logger.text().includes("session revoked"));
});

Deno.test("revoking the current session by ref logs it out", async () => {
  using t = await setup();
  const current = await t.signIn("alice", CHROME_LINUX);
  const r = await roundTrip(t.manager, current, async (s) => {
    ok(await revokeUserSession(s, s.ref));
  });
  strictEqual(r.cookie, undefined);
  ok((await roundTrip(t.manager, current)).session.isNew);
  strictEqual(
    (await Array.fromAsync(t.kv.list({ prefix: ["user_sessions"] }))).length,
    0,
  );
});

Deno.test("sign out everywhere else keeps only the current session", async () => {
  using t = await setup();
  const current = await t.signIn("alice", CHROME_LINUX);
  const others = [
    await t.signIn("alice", FIREFOX_WIN),
    await t.signIn("alice", SAFARI_IOS),
  ];
  await t.signIn("bob", CHROME_LINUX);
  await roundTrip(t.manager, current, async (s) => {
    strictEqual(await revokeOtherUserSessions(s), 2);
  });
  for (const cookie of others) {
    ok((await roundTrip(t.manager, cookie)).session.isNew);
  }
  deepStrictEqual((await roundTrip(t.manager, current)).session.get("cart"), [
    CHROME_LINUX.length,
  ]);
  strictEqual(
    (await Array.fromAsync(t.kv.list({ prefix: ["user_sessions", "bob"] })))
      .length,
    1,
  );
});

Deno.test("password change revokes the others and rotates the current token", async () => {
  using t = await setup();
  const current = await t.signIn("alice", CHROME_LINUX);
  const stolen = await t.signIn("alice", FIREFOX_WIN);
  const r = await roundTrip(t.manager, current, async (s) => {
    strictEqual(await revokeOtherSessionsOnPasswordChange(s), 1);
  });
  ok(r.cookie && r.cookie !== current, "current token rotated");
  ok((await roundTrip(t.manager, stolen)).session.isNew);
  ok(
    (await roundTrip(t.manager, current)).session.isNew,
    "old current token dead",
  );
  const still = await roundTrip(t.manager, r.cookie);
  strictEqual(still.session.userId, "alice", "still signed in");
  // The index follows the rotation: one entry, pointing at the new token.
  const index = await Array.fromAsync(
    t.kv.list<{ hash: string }>({ prefix: ["user_sessions", "alice"] }),
  );
  strictEqual(index.length, 1);
  deepStrictEqual(index[0].value.hash, hashToken(tokenOf(r.cookie)));
});

Deno.test("revokeAllUserSessions (admin) kills every session of the user", async () => {
  using t = await setup();
  const cookies = [
    await t.signIn("alice", CHROME_LINUX),
    await t.signIn("alice", FIREFOX_WIN),
  ];
  const bob = await t.signIn("bob", CHROME_LINUX);
  strictEqual(
    await revokeAllUserSessions(t.manager.store, "alice", {
      now: t.clock.now,
      logger: t.logger,
    }),
    2,
  );
  for (const cookie of cookies) {
    ok((await roundTrip(t.manager, cookie)).session.isNew);
  }
  ok(!(await roundTrip(t.manager, bob)).session.isNew);
});

Deno.test("a request in flight on a revoked session cannot resurrect it", async () => {
  using t = await setup();
  const cookie = await t.signIn("alice", CHROME_LINUX);
  const inFlight = await t.manager.loadSession(request(cookie));
  inFlight.set("late", true);
  await revokeAllUserSessions(t.manager.store, "alice", {
    now: t.clock.now,
    logger: t.logger,
  });
  const headers = new Headers();
  await t.manager.commitSession(inFlight, headers);
  // Its change went to a fresh anonymous session, not the revoked one.
  strictEqual(inFlight.userId, undefined);
  ok((await roundTrip(t.manager, cookie)).session.isNew);
  const fresh = headers.get("set-cookie")!.split(";")[0];
  const after = await roundTrip(t.manager, fresh);
  strictEqual(after.session.get("late"), true);
  strictEqual(after.session.userId, undefined);
  strictEqual(after.session.get("cart"), undefined);
});

Deno.test("user session helpers require a signed-in session", async () => {
  using t = await setup();
  const anon = await t.manager.loadSession(request());
  await rejects(
    () => listUserSessions(anon),
    (error) => error instanceof Error && error.message.includes("login"),
  );
  await rejects(
    () => revokeOtherUserSessions(anon),
    (error) => error instanceof Error && error.message.includes("login"),
  );
});
