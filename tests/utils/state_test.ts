import { ok, strictEqual, throws } from "node:assert";
import { assertSessionState, isSignedIn } from "../../utils/state.ts";
import { createSessionManager } from "../../utils/session/manager.ts";
import { silentLogger } from "../../utils/session/logger.ts";

Deno.test("assertSessionState names the fix when the middleware is missing", () => {
  throws(
    () => assertSessionState({}),
    (error) =>
      error instanceof Error && error.message.includes("routes/_middleware.ts"),
  );
  throws(
    () => assertSessionState(null),
    (error) => error instanceof Error && error.message.includes("session("),
  );
});

Deno.test("isSignedIn narrows on the session's user", async () => {
  using kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session = await manager.loadSession(new Request("http://localhost/"));
  const state = { session };
  assertSessionState(state);
  ok(!isSignedIn(state));
  session.login("u1");
  ok(isSignedIn(state));
  const id: string = state.session.userId;
  strictEqual(id, "u1");
});
