import { assert, assertFalse, assertThrows } from "./session/_asserts.ts";
import { assertSessionState, isSignedIn } from "../../utils/state.ts";
import { createSessionManager } from "../../utils/session/manager.ts";
import { silentLogger } from "../../utils/session/logger.ts";

Deno.test("assertSessionState names the fix when the middleware is missing", () => {
  assertThrows(() => assertSessionState({}), Error, "routes/_middleware.ts");
  assertThrows(() => assertSessionState(null), Error, "session(");
});

Deno.test("isSignedIn narrows on the session's user", async () => {
  using kv = await Deno.openKv(":memory:");
  const manager = createSessionManager({ kv, logger: silentLogger });
  const session = await manager.loadSession(new Request("http://localhost/"));
  const state = { session };
  assertSessionState(state);
  assertFalse(isSignedIn(state));
  session.login("u1");
  assert(isSignedIn(state));
  const id: string = state.session.userId;
  assert(id === "u1");
});
