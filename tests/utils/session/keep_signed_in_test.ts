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
