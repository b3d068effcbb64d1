/**
 * Sign-up is limited per client address (10 per hour): the eleventh
 * answers 429 with `Retry-After` and a clear message, before any password
 * hashing and without creating the account.
 */
import { match, ok, strictEqual } from "node:assert";
import { createHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { derivationCount } from "../../utils/accounts/password.ts";
import { findUserByName } from "../../utils/accounts/users.ts";
import { kv } from "../../utils/db.ts";
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

const handler = await createHandler(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});
const ORIGIN = "http://localhost";
const PASSWORD = "a long enough password";

function signUp(address: string, username: string) {
  const send = jarFetch(handler, new CookieJar(), { origin: ORIGIN, address });
  return send("/signup", {
    method: "POST",
    body: new URLSearchParams({ username, password: PASSWORD }),
    headers: { origin: ORIGIN },
  });
}

Deno.test("the eleventh sign-up from one address within the hour is refused before hashing", async () => {
  const address = "203.0.113.77";
  for (let i = 0; i < 10; i++) {
    const res = await signUp(address, `limited_${i}`);
    await res.body?.cancel();
    strictEqual(res.status, 303, `sign-up ${i + 1}`);
  }
  const before = derivationCount();
  const res = await signUp(address, "limited_10");
  strictEqual(res.status, 429);
  const retryAfter = Number(res.headers.get("retry-after"));
  ok(retryAfter > 0 && retryAfter <= 3600, `Retry-After ${retryAfter}`);
  const html = await res.text();
  match(html, /Too many accounts were created from your network recently/);
  match(html, /value="limited_10"/, "the form keeps the username");
  strictEqual(derivationCount(), before, "no password hashing");
  strictEqual(await findUserByName(kv, "limited_10"), null, "no account");

  // Another address is not affected.
  const other = await signUp("203.0.113.78", "limited_other");
  await other.body?.cancel();
  strictEqual(other.status, 303);
});

Deno.test("invalid or taken sign-ups use no slot", async () => {
  const address = "203.0.113.90";
  for (let i = 0; i < 12; i++) {
    const res = await signUp(address, "x"); // too short: 422, no hashing
    await res.body?.cancel();
    strictEqual(res.status, 422);
  }
  const res = await signUp(address, "fresh_name_90");
  await res.body?.cancel();
  strictEqual(res.status, 303);
});
