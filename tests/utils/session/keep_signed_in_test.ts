/**
 * `session.keepSignedIn(keep)` ("Keep me signed in") on a real in-memory
 * KV: the cookie's Max-Age and the stored idle timeout for both choices,
 * and the choice kept across a token rotation.
 */
import { ok, strictEqual } from "node:assert";
import {
  createSessionManager,
  silentLogger,
} from "../../../utils/session/mod.ts";
import { withKv } from "../../helpers/kv.ts";

async function roundTrip(
  manager: ReturnType<typeof createSessionManager>,
  cookie: string,
  change: (s: Awaited<ReturnType<typeof manager.loadSession>>) => void,
) {
  const session = await manager.loadSession(
    new Request("http://localhost/", { headers: cookie ? { cookie } : {} }),
  );
  change(session);
  const headers = new Headers();
  await manager.commitSession(session, headers);
  const set = headers.getSetCookie()[0] ?? "";
  return { set, cookie: set ? set.split(";")[0] : cookie };
}

for (const keep of [true, false]) {
  Deno.test(`keepSignedIn(${keep}): cookie, idle timeout, and rotation`, async () => {
    await withKv(async (kv) => {
      const manager = createSessionManager({ kv, logger: silentLogger });
      let { cookie } = await roundTrip(manager, "", (s) => s.set("x", 1));
      // Presenting the cookie makes the provisional session a full one.
      ({ cookie } = await roundTrip(manager, cookie, (s) => {
        s.login("user-1");
        s.keepSignedIn(keep);
      }));
      const { set } = await roundTrip(manager, cookie, (s) => s.cycleId());
      ok(set, "rotated");
      strictEqual(/Max-Age=/.test(set), keep, set);
      let record: { idleTimeout: number; persistent: boolean } | undefined;
      for await (const entry of kv.list({ prefix: ["sessions"] })) {
        record = entry.value as typeof record;
      }
      strictEqual(record?.persistent, keep);
      strictEqual(record?.idleTimeout, keep ? 1209600 : 43200);
    });
  });
}

/** A session signed in with `keep`, then `idleSeconds` without a request. */
async function signedInAfterIdle(
  options: { idleTimeout?: number; browserIdleTimeout?: number },
  keep: boolean,
  idleSeconds: number,
): Promise<string | undefined> {
  let now = Date.parse("2026-01-01T00:00:00Z");
  let userId: string | undefined;
  await withKv(async (kv) => {
    const manager = createSessionManager({
      kv,
      logger: silentLogger,
      now: () => now,
      ...options,
    });
    let { cookie } = await roundTrip(manager, "", (s) => s.set("x", 1));
    ({ cookie } = await roundTrip(manager, cookie, (s) => {
      s.login("user-1");
      s.keepSignedIn(keep);
    }));
    // The cookie back once more: the session is past its provisional hour.
    ({ cookie } = await roundTrip(manager, cookie, () => {}));
    now += idleSeconds * 1000;
    const session = await manager.loadSession(
      new Request("http://localhost/", { headers: { cookie } }),
    );
    userId = session.userId;
  });
  return userId;
}

Deno.test("keepSignedIn(false): the server ends the session after 12 idle hours, whatever the browser keeps; keepSignedIn(true) does not", async () => {
  const twelveHours = 12 * 3600;
  strictEqual(await signedInAfterIdle({}, false, twelveHours - 60), "user-1");
  strictEqual(await signedInAfterIdle({}, false, twelveHours + 1), undefined);
  strictEqual(await signedInAfterIdle({}, true, twelveHours + 1), "user-1");
});

Deno.test("keepSignedIn(false) never outlives keepSignedIn(true): with an idle timeout shorter than browserIdleTimeout, both end after it", async () => {
  const options = { idleTimeout: 3600 };
  strictEqual(await signedInAfterIdle(options, true, 3601), undefined);
  strictEqual(await signedInAfterIdle(options, false, 3601), undefined);
});

for (const keep of [true, false]) {
  Deno.test(`keepSignedIn(${keep}) behind a trusted https proxy: __Host- and Secure at sign-in and after a password change's rotation`, async () => {
    await withKv(async (kv) => {
      const manager = createSessionManager({
        kv,
        logger: silentLogger,
        trustProxy: true,
      });
      const send = async (
        cookie: string,
        change: (s: Awaited<ReturnType<typeof manager.loadSession>>) => void,
      ) => {
        const headers: Record<string, string> = {
          "x-forwarded-proto": "https",
        };
        if (cookie) headers.cookie = cookie;
        const session = await manager.loadSession(
          new Request("http://app.internal/", { headers }),
        );
        change(session);
        const out = new Headers();
        await manager.commitSession(session, out);
        return out.getSetCookie()[0] ?? "";
      };
      let set = await send("", (s) => s.set("x", 1));
      set = await send(set.split(";")[0], (s) => {
        s.login("user-1");
        s.keepSignedIn(keep);
      });
      const rotated = await send(set.split(";")[0], (s) => s.cycleId());
      for (const cookie of [set, rotated]) {
        ok(cookie.startsWith("__Host-sid="), cookie);
        ok(/;\s*Secure/i.test(cookie), cookie);
        ok(/;\s*HttpOnly/i.test(cookie), cookie);
        ok(/;\s*Path=\//i.test(cookie), cookie);
        ok(!/;\s*Domain=/i.test(cookie), cookie);
        strictEqual(/Max-Age=/i.test(cookie), keep, cookie);
      }
      ok(rotated.split(";")[0] !== set.split(";")[0], "a new token");
    });
  });
}

Deno.test("keepSignedIn(true) under persistent: false keeps the operator's browser-session cookie", async () => {
  await withKv(async (kv) => {
    const manager = createSessionManager({
      kv,
      logger: silentLogger,
      persistent: false,
    });
    let { cookie } = await roundTrip(manager, "", (s) => s.set("x", 1));
    let set: string;
    ({ cookie, set } = await roundTrip(manager, cookie, (s) => {
      s.login("user-1");
      s.keepSignedIn(true);
    }));
    ok(set, "signed in");
    strictEqual(/Max-Age=/.test(set), false, set);
    ({ set } = await roundTrip(manager, cookie, (s) => s.cycleId()));
    strictEqual(/Max-Age=/.test(set), false, set);
    for await (
      const entry of kv.list<{ idleTimeout: number }>({
        prefix: ["sessions"],
      })
    ) {
      // The box still chooses the normal idle timeout over the shorter one.
      strictEqual(entry.value.idleTimeout, 1209600);
    }
  });
});
