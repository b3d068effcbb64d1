/**
 * Account deletion through the real app on in-memory KV: the form, its
 * password confirmation and cross-site refusal, what is removed, the other
 * devices signed out, the user's posts, and a session whose user record is
 * gone by any route counting as signed out on its next request.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { createHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { findUserByName } from "../../utils/accounts/users.ts";
import { kv } from "../../utils/kv/db.ts";
import { posts } from "../../utils/posts/store.ts";
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

const handler = await createHandler(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});

const ORIGIN = "http://localhost";
const PASSWORD = "a long enough password";

let counter = 0;

function device() {
  const jar = new CookieJar();
  const n = ++counter;
  const send = jarFetch(handler, jar, {
    origin: ORIGIN,
    address: `10.13.${Math.floor(n / 250)}.${n % 250}`,
  });
  return {
    jar,
    post: (
      path: string,
      fields: Record<string, string> = {},
      headers: HeadersInit = { origin: ORIGIN },
    ) =>
      send(path, {
        method: "POST",
        body: new URLSearchParams(fields),
        headers,
      }),
    async page(path: string) {
      const res = await send(path);
      return { res, status: res.status, html: await res.text() };
    },
  };
}
type Device = ReturnType<typeof device>;

function signedInAs(html: string): string | null {
  return html.match(/Signed in as <strong>([^<]*)<\/strong>/)?.[1] ?? null;
}

function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

async function signUp(d: Device): Promise<string> {
  const username = `del_${++counter}`;
  const res = await d.post("/signup", { username, password: PASSWORD });
  strictEqual(res.status, 303);
  await res.body?.cancel();
  await d.page("/");
  return username;
}

async function logIn(d: Device, username: string): Promise<Response> {
  const res = await d.post("/login", { username, password: PASSWORD });
  await res.body?.cancel();
  return res;
}

async function keysUnder(prefix: Deno.KvKey): Promise<number> {
  return (await Array.fromAsync(kv.list({ prefix }))).length;
}

Deno.test("the account pages link to /account/delete, which shows a password form to signed-in users only", async () => {
  const anonymous = await device().page("/account/delete");
  strictEqual(anonymous.status, 303);
  strictEqual(
    anonymous.res.headers.get("location"),
    "/login?next=/account/delete",
  );
  const d = device();
  await signUp(d);
  for (const path of ["/account/sessions", "/account/password"]) {
    match((await d.page(path)).html, /href="\/account\/delete"/, path);
  }
  const page = await d.page("/account/delete");
  strictEqual(page.status, 200);
  match(page.html, /<form[^>]*method="post"[^>]*action="\/account\/delete"/);
  match(
    page.html,
    /name="password"[^>]*type="password"|type="password"[^>]*name="password"/,
  );
  strictEqual(page.res.headers.get("cache-control"), "no-store");
});

Deno.test("deleting the account removes its data, signs out every device, deletes its posts, and frees the name", async () => {
  const laptop = device();
  const username = await signUp(laptop);
  const user = (await findUserByName(kv, username))!;
  const phone = device();
  strictEqual((await logIn(phone, username)).status, 303);
  // A saved cart, from a sign-out with items in it.
  const tablet = device();
  await logIn(tablet, username);
  const add = await tablet.post("/cart/add", {
    product_id: "notebook",
    quantity: "1",
  });
  await add.body?.cancel();
  await (await tablet.post("/logout")).body?.cancel();
  strictEqual(
    (await kv.get(["user_carts", user.id])).versionstamp !== null,
    true,
  );
  const own = await posts.create(
    { title: "Mine", body: "by the leaver" },
    { id: user.id, name: username },
  );
  const others = await posts.create(
    { title: "Theirs", body: "stays" },
    { id: "someone-else", name: "someone" },
  );
  ok(await keysUnder(["user_sessions", user.id]) >= 2);
  ok(await keysUnder(["login_devices", user.id]) >= 2, "trusted browsers");

  const res = await laptop.post("/account/delete", { password: PASSWORD });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/");
  await res.body?.cancel();
  const home = await laptop.page("/");
  strictEqual(signedInAs(home.html), null);
  deepStrictEqual(flashes(home.html), ["Your account has been deleted."]);
  strictEqual(signedInAs((await phone.page("/")).html), null, "phone out");

  strictEqual((await kv.get(["users", user.id])).versionstamp, null);
  strictEqual((await kv.get(["users_by_name", username])).versionstamp, null);
  strictEqual((await kv.get(["user_carts", user.id])).versionstamp, null);
  strictEqual(await keysUnder(["user_sessions", user.id]), 0);
  strictEqual(await keysUnder(["login_devices", user.id]), 0);
  strictEqual(await posts.get(own.post.id), null, "their post is deleted");
  ok(await posts.get(others.post.id), "other posts stay");

  strictEqual((await logIn(device(), username)).status, 422);
  const again = await device().post("/signup", {
    username,
    password: PASSWORD,
  });
  strictEqual(again.status, 303, "the name is free again");
  await again.body?.cancel();
});

Deno.test("deletion needs the password and a same-site form; otherwise nothing changes", async () => {
  const d = device();
  const username = await signUp(d);
  const wrong = await d.post("/account/delete", { password: "not it at all" });
  strictEqual(wrong.status, 422);
  match(await wrong.text(), /not your password|not correct/i);
  const missing = await d.post("/account/delete", {});
  strictEqual(missing.status, 422);
  await missing.body?.cancel();
  const crossSite = await d.post("/account/delete", { password: PASSWORD }, {
    origin: "https://evil.example",
  });
  strictEqual(crossSite.status, 403);
  await crossSite.body?.cancel();
  ok(await findUserByName(kv, username), "still there");
  strictEqual(signedInAs((await d.page("/")).html), username);
});

Deno.test("a session whose user record is missing counts as signed out on its next request", async () => {
  const d = device();
  const username = await signUp(d);
  const user = (await findUserByName(kv, username))!;
  // Removed behind the app's back: an admin, a restore, another process.
  await kv.delete(["users", user.id]);
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), null);
  const account = await d.page("/account/sessions");
  strictEqual(account.status, 303);
  strictEqual(
    account.res.headers.get("location"),
    "/login?next=/account/sessions",
  );
  strictEqual(await keysUnder(["user_sessions", user.id]), 0);
});
