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
import { kv } from "../../utils/kv/db.ts";
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

Deno.test("which names exist: sign-up answers only 20 name checks per address per 15 minutes, then 429 for taken and free names alike", async () => {
  const address = "203.0.113.120";
  const taken = "probe_target_120";
  const made = await signUp("203.0.113.121", taken);
  await made.body?.cancel();
  strictEqual(made.status, 303);
  const probe = async (username: string) => {
    const send = jarFetch(handler, new CookieJar(), {
      origin: ORIGIN,
      address,
    });
    // A short password: a free name then fails on the password, so the
    // prober learns the answer without creating anything.
    const res = await send("/signup", {
      method: "POST",
      body: new URLSearchParams({ username, password: "short" }),
      headers: { origin: ORIGIN },
    });
    return { res, html: await res.text() };
  };
  const answers: string[] = [];
  for (let i = 0; i < 40; i++) {
    const { res, html } = await probe(i % 2 ? taken : `probe_free_${i}`);
    answers.push(
      res.status === 429
        ? "429"
        : /username is taken/.test(html)
        ? "taken"
        : "free",
    );
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("retry-after"));
      ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
      ok(!/username is taken/.test(html), "a 429 tells nothing about the name");
    }
  }
  const count = (a: string) => answers.filter((x) => x === a).length;
  strictEqual(count("taken") + count("free"), 20, answers.join(","));
  strictEqual(count("429"), 20);
  strictEqual(answers.slice(20).every((a) => a === "429"), true);

  // An honest sign-up from elsewhere is not affected; one that succeeds
  // gives its check back.
  const fresh = "203.0.113.122";
  for (let i = 0; i < 25; i++) {
    const res = await signUp(fresh, `probe_ok_${i}`);
    await res.body?.cancel();
    strictEqual(res.status, i < 10 ? 303 : 429, `sign-up ${i + 1}`);
  }
});
