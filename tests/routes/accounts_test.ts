/**
 * The accounts part of the shop, through the real app (`createHandler`
 * with the app's manifest) on in-memory KV: sign-up, login and its
 * guessing limits, logout, the cart across sign-ins, the sessions page,
 * password changes, redirects and cross-site refusal.
 *
 * Each PBKDF2 run costs ~0.1–0.3 s, so tests create few users and use
 * distinct usernames and client addresses to stay independent.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { createHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { derivationCount } from "../../utils/accounts/password.ts";
import { LoginThrottle } from "../../utils/accounts/throttle.ts";
import { kv } from "../../utils/kv/db.ts";
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

const handler = await createHandler(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});

const ORIGIN = "http://localhost";
const SESSION_COOKIE = "sid";
const PASSWORD = "a long enough password";

let counter = 0;
/** A username no other test uses. */
function uniqueName(prefix: string): string {
  return `${prefix}_${++counter}`;
}

/** One browser: its own cookies and, unless given, its own address. */
function device(
  options: { jar?: CookieJar; address?: string } = {},
) {
  const jar = options.jar ?? new CookieJar();
  const n = ++counter;
  const address = options.address ?? `10.9.${Math.floor(n / 250)}.${n % 250}`;
  const send = jarFetch(handler, jar, { origin: ORIGIN, address });
  return {
    jar,
    address,
    get: (path: string, headers?: HeadersInit) => send(path, { headers }),
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
    /** GETs a page and returns its status and HTML. */
    async page(path: string) {
      const res = await send(path);
      return { status: res.status, html: await res.text() };
    },
  };
}
type Device = ReturnType<typeof device>;

function signedInAs(html: string): string | null {
  return html.match(/Signed in as <strong>([^<]*)<\/strong>/)?.[1] ?? null;
}

/** The flash banners' texts in a page. */
function flashes(html: string): string[] {
  return [...html.matchAll(/<p class="flash__text">([^<]*)<\/p>/g)].map((m) =>
    m[1]
  );
}

function cartBadge(html: string): number {
  return Number(html.match(/data-testid="cart-badge"[^>]*>(\d+)</)?.[1]);
}

async function signUp(d: Device, username = uniqueName("user")) {
  const res = await d.post("/signup", { username, password: PASSWORD });
  strictEqual(res.status, 303);
  await d.page("/"); // shows (and so clears) the welcome message
  return username;
}

async function logIn(
  d: Device,
  username: string,
  password = PASSWORD,
  extra: Record<string, string> = {},
) {
  return await d.post("/login", { username, password, ...extra });
}

// ---------------------------------------------------------------- sign-up

Deno.test("sign-up creates the account, signs in and says so once", async () => {
  const d = device();
  const username = uniqueName("ada");
  const res = await d.post("/signup", { username, password: PASSWORD });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/");
  ok(d.jar.get(SESSION_COOKIE));
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), username);
  deepStrictEqual(flashes(home.html), [
    `Welcome, ${username}! Your account is ready and you are signed in.`,
  ]);
  deepStrictEqual(flashes((await d.page("/")).html), []);
});

Deno.test("sign-up refuses invalid input with 422, field errors, and keeps the username", async () => {
  const before = derivationCount();
  const table: [string, string, RegExp][] = [
    ["", PASSWORD, /Please choose a username\./],
    ["ab", PASSWORD, /at least 3 characters/],
    ["x".repeat(33), PASSWORD, /at most 32 characters/],
    [
      "bad name!",
      PASSWORD,
      /Use only lowercase letters, digits and underscores/,
    ],
    ["<script>x", PASSWORD, /Use only lowercase letters/],
    [uniqueName("ok"), "", /Please choose a password\./],
    [uniqueName("ok"), "too-short", /at least 10 characters/],
    [uniqueName("ok"), "p".repeat(1025), /at most 1024 characters/],
  ];
  for (const [username, password, error] of table) {
    const d = device();
    const res = await d.post("/signup", { username, password });
    strictEqual(res.status, 422, username);
    const html = await res.text();
    match(html, error);
    match(html, /data-invalid/);
    match(html, /Please correct the errors below\./);
    strictEqual(signedInAs(html), null);
    strictEqual(d.jar.get(SESSION_COOKIE), undefined);
    // The username comes back (escaped); the password never does.
    if (username === "<script>x") match(html, /value="&lt;script>x"/);
    else if (username && username.length < 40) {
      ok(html.includes(`value="${username}"`), username);
    }
    if (password) ok(!html.includes(password), "password echoed");
  }
  strictEqual(derivationCount(), before, "no hashing for invalid input");
});

Deno.test("a taken username is a 422, whatever its case", async () => {
  const username = await signUp(device());
  for (const attempt of [username, username.toUpperCase()]) {
    const res = await device().post("/signup", {
      username: attempt,
      password: PASSWORD,
    });
    strictEqual(res.status, 422);
    match(await res.text(), /That username is taken/);
  }
  // The demo account's name is reserved even before anyone logs in.
  const res = await device().post("/signup", {
    username: "demo",
    password: PASSWORD,
  });
  strictEqual(res.status, 422);
});

// ------------------------------------------------------------------ login

Deno.test("login rotates the session cookie; the old one is dead afterwards", async () => {
  const username = await signUp(device());
  const d = device();
  // A guest session first, so that there is a cookie to rotate.
  await d.post("/cart/add", { product_id: "notebook", quantity: "1" });
  const guestCookie = d.jar.get(SESSION_COOKIE);
  ok(guestCookie);
  const res = await logIn(d, username);
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/");
  const userCookie = d.jar.get(SESSION_COOKIE);
  ok(userCookie && userCookie !== guestCookie);
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), username);
  deepStrictEqual(flashes(home.html), [
    "Added 1 × Dot-grid notebook to your cart.",
    `Welcome back, ${username}!`,
  ]);

  const replay = new CookieJar();
  replay.set(SESSION_COOKIE, guestCookie);
  const old = await device({ jar: replay }).page("/");
  strictEqual(signedInAs(old.html), null);
  strictEqual(cartBadge(old.html), 0);
});

Deno.test("login failure: the same answer for an unknown user and a wrong password", async () => {
  const username = await signUp(device());
  const unknown = "z".repeat(username.length);
  const d = device();
  const before = derivationCount();
  const wrong = await logIn(d, username, "not the password");
  const missing = await logIn(d, unknown, "not the password");
  strictEqual(derivationCount() - before, 2, "one PBKDF2 run each");
  strictEqual(wrong.status, 422);
  strictEqual(missing.status, 422);
  deepStrictEqual(wrong.headers.getSetCookie(), []);
  deepStrictEqual(missing.headers.getSetCookie(), []);
  const normalize = (html: string, name: string) =>
    html.replaceAll(name, "NAME").replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
      "ID",
    ).replace(/nonce="[^"]+"/g, 'nonce="N"');
  const a = normalize(await wrong.text(), username);
  const b = normalize(await missing.text(), unknown);
  strictEqual(a, b);
  deepStrictEqual(flashes(a), ["Wrong username or password."]);
  strictEqual(signedInAs(a), null);
});

Deno.test("five failures for a username lock it (429, Retry-After) without hashing", async () => {
  const username = await signUp(device());
  for (let i = 0; i < 5; i++) {
    // Different addresses: only the username limit is at work.
    strictEqual(
      (await logIn(device(), username, "wrong password")).status,
      422,
    );
  }
  const before = derivationCount();
  const res = await logIn(device(), username, PASSWORD);
  strictEqual(derivationCount(), before, "no PBKDF2 when throttled");
  strictEqual(res.status, 429);
  const retryAfter = Number(res.headers.get("retry-after"));
  ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
  const html = await res.text();
  match(html, /Too many failed sign-in attempts\. Please wait 15 minutes/);
  ok(html.includes(`value="${username}"`));
  strictEqual(signedInAs(html), null);
});

Deno.test("an unknown username is throttled just like a real one", async () => {
  const throttle = new LoginThrottle(kv);
  const unknown = uniqueName("ghost");
  for (let i = 0; i < 5; i++) {
    const d = await throttle.begin(unknown, `10.200.0.${i}`);
    if (d.allowed) await throttle.failed(d.slot);
  }
  const before = derivationCount();
  const res = await logIn(device(), unknown, "whatever it is");
  strictEqual(res.status, 429);
  strictEqual(derivationCount(), before);
  await res.body?.cancel();
});

Deno.test("twenty failures from one address lock it, and X-Forwarded-For is not believed", async () => {
  const username = await signUp(device());
  const address = "192.0.2.77";
  const throttle = new LoginThrottle(kv);
  for (let i = 0; i < 20; i++) {
    const d = await throttle.begin(uniqueName("guess"), address);
    if (d.allowed) await throttle.failed(d.slot);
  }
  const before = derivationCount();
  const res = await device({ address }).post("/login", {
    username,
    password: PASSWORD,
  }, { origin: ORIGIN, "x-forwarded-for": "203.0.113.5" });
  strictEqual(res.status, 429);
  ok(Number(res.headers.get("retry-after")) > 0);
  strictEqual(derivationCount(), before);
  await res.body?.cancel();
  // The same user from another address is fine.
  strictEqual((await logIn(device(), username)).status, 303);
});

Deno.test("next: same-site paths are followed, anything else is ignored", async () => {
  const username = await signUp(device());
  const d = device();
  const table: [string, string][] = [
    ["/cart?from=login", "/cart?from=login"],
    ["https://evil.example/", "/"],
    ["//evil.example/", "/"],
    ["/\\evil.example/", "/"],
    ["javascript:alert(1)", "/"],
  ];
  for (const [next, expected] of table) {
    const res = await logIn(d, username, PASSWORD, { next });
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), expected, next);
  }
  // The login page drops a bad next instead of carrying it in the form.
  const page = await device().page("/login?next=//evil.example/");
  ok(!page.html.includes("evil.example"));
  const good = await device().page("/login?next=/account/sessions");
  match(good.html, /name="next" value="\/account\/sessions"/);
});

Deno.test("cross-site POSTs are refused with 403 before any work", async () => {
  const username = await signUp(device());
  const d = device();
  const before = derivationCount();
  const res = await d.post("/login", { username, password: PASSWORD }, {
    origin: "https://evil.example",
  });
  strictEqual(res.status, 403);
  strictEqual(derivationCount(), before);
  deepStrictEqual(res.headers.getSetCookie(), []);
  await res.body?.cancel();
  // And a signed-in user cannot be signed out from another site.
  const victim = device();
  await logIn(victim, username);
  const logout = await victim.post("/logout", {}, {
    origin: "https://evil.example",
  });
  strictEqual(logout.status, 403);
  await logout.body?.cancel();
  strictEqual(signedInAs((await victim.page("/")).html), username);
});

// ----------------------------------------------------------------- logout

Deno.test("logout flushes the session, says so once, and kills the old cookie", async () => {
  const d = device();
  const username = await signUp(d);
  const cookie = d.jar.get(SESSION_COOKIE);
  ok(cookie);
  const res = await d.post("/logout");
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/");
  // The old cookie is replaced (the message lives in a fresh session).
  ok(!res.headers.getSetCookie().some((c) => c.includes(cookie)));
  ok(d.jar.get(SESSION_COOKIE) !== cookie);
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), null);
  deepStrictEqual(flashes(home.html), ["You have been signed out."]);
  deepStrictEqual(flashes((await d.page("/")).html), []);

  const replay = new CookieJar();
  replay.set(SESSION_COOKIE, cookie);
  strictEqual(signedInAs((await device({ jar: replay }).page("/")).html), null);
  ok(username);
});

Deno.test("logout without a session still answers 303 with the message", async () => {
  const d = device();
  const res = await d.post("/logout");
  strictEqual(res.status, 303);
  deepStrictEqual(flashes((await d.page("/")).html), [
    "You have been signed out.",
  ]);
});

// ------------------------------------------------------------------- cart

Deno.test("the cart is saved at logout and merged with the guest cart at login", async () => {
  const d = device();
  const username = await signUp(d);
  await d.post("/cart/add", { product_id: "ceramic-mug", quantity: "2" });
  strictEqual(cartBadge((await d.page("/")).html), 2);
  await d.post("/logout");
  // The signed-out visitor does not see the user's cart.
  strictEqual(cartBadge((await d.page("/")).html), 0);
  await d.post("/cart/add", { product_id: "ceramic-mug", quantity: "1" });
  await d.post("/cart/add", { product_id: "notebook", quantity: "3" });
  strictEqual(cartBadge((await d.page("/")).html), 4);
  strictEqual((await logIn(d, username)).status, 303);
  const html = (await d.page("/cart")).html;
  strictEqual(cartBadge(html), 6);
  // Signing in again on the same session does not count the cart twice.
  strictEqual((await logIn(d, username)).status, 303);
  strictEqual(cartBadge((await d.page("/")).html), 6);
});

// --------------------------------------------------------------- sessions

function sessionRefs(html: string): { ref: string; current: boolean }[] {
  return [...html.matchAll(/<tr\s+data-ref="([^"]+)">([\s\S]*?)<\/tr>/g)].map((
    m,
  ) => ({ ref: m[1], current: m[2].includes("This device") }));
}

Deno.test("anonymous visitors are sent to the login page and back", async () => {
  for (const path of ["/account/sessions", "/account/password"]) {
    const d = device();
    const res = await d.get(path);
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), `/login?next=${path}`);
    const login = await d.page(res.headers.get("location")!);
    deepStrictEqual(flashes(login.html), ["Please sign in first."]);
    ok(login.html.includes(`name="next" value="${path}"`));
  }
  for (
    const path of [
      "/account/sessions/revoke",
      "/account/sessions/revoke-others",
    ]
  ) {
    const res = await device().post(path, { ref: "x" });
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), "/login?next=/account/sessions");
  }
});

Deno.test("sessions page lists both devices; revoking the other signs it out", async () => {
  const laptop = device();
  const username = await signUp(laptop);
  const phone = device();
  await logIn(phone, username);
  const page = await laptop.page("/account/sessions");
  strictEqual(page.status, 200);
  const rows = sessionRefs(page.html);
  strictEqual(rows.length, 2);
  strictEqual(rows.filter((r) => r.current).length, 1);
  const other = rows.find((r) => !r.current)!;

  const res = await laptop.post("/account/sessions/revoke", { ref: other.ref });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/account/sessions");
  const after = await laptop.page("/account/sessions");
  deepStrictEqual(flashes(after.html), ["That session has been signed out."]);
  strictEqual(sessionRefs(after.html).length, 1);
  strictEqual(signedInAs((await phone.page("/")).html), null);
  strictEqual(signedInAs((await laptop.page("/")).html), username);
});

Deno.test("revoking an unknown or another user's session changes nothing", async () => {
  const mine = device();
  await signUp(mine);
  const theirs = device();
  const them = await signUp(theirs);
  const theirRef = sessionRefs((await theirs.page("/account/sessions")).html)[0]
    .ref;
  for (const ref of ["", "no-such-ref", theirRef]) {
    const res = await mine.post("/account/sessions/revoke", { ref });
    strictEqual(res.status, 303);
    strictEqual(res.headers.get("location"), "/account/sessions");
    deepStrictEqual(flashes((await mine.page("/account/sessions")).html), [
      "That session was not found. It may have ended already.",
    ]);
  }
  strictEqual(signedInAs((await theirs.page("/")).html), them);
});

Deno.test("revoking the current session signs out here", async () => {
  const d = device();
  await signUp(d);
  const rows = sessionRefs((await d.page("/account/sessions")).html);
  const res = await d.post("/account/sessions/revoke", { ref: rows[0].ref });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/");
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), null);
  deepStrictEqual(flashes(home.html), ["You have been signed out."]);
});

Deno.test("sign out everywhere else keeps this device and reports the count", async () => {
  const main = device();
  const username = await signUp(main);
  const phone = device();
  const tablet = device();
  await logIn(phone, username);
  await logIn(tablet, username);
  const res = await main.post("/account/sessions/revoke-others");
  strictEqual(res.status, 303);
  const page = await main.page("/account/sessions");
  deepStrictEqual(flashes(page.html), ["Signed out 2 other sessions."]);
  strictEqual(sessionRefs(page.html).length, 1);
  strictEqual(signedInAs((await phone.page("/")).html), null);
  strictEqual(signedInAs((await tablet.page("/")).html), null);
  strictEqual(signedInAs((await main.page("/")).html), username);
  await main.post("/account/sessions/revoke-others");
  deepStrictEqual(flashes((await main.page("/account/sessions")).html), [
    "You were not signed in anywhere else.",
  ]);
});

// --------------------------------------------------------------- password

Deno.test("changing the password checks the current one, then signs out the other sessions", async () => {
  const main = device();
  const username = await signUp(main);
  const phone = device();
  await logIn(phone, username);
  strictEqual((await main.page("/account/password")).status, 200);

  const short = await main.post("/account/password", {
    current_password: PASSWORD,
    new_password: "short",
  });
  strictEqual(short.status, 422);
  match(await short.text(), /at least 10 characters/);

  const wrong = await main.post("/account/password", {
    current_password: "not my password",
    new_password: "a brand new password",
  });
  strictEqual(wrong.status, 422);
  const wrongHtml = await wrong.text();
  deepStrictEqual(flashes(wrongHtml), [
    "Your current password is not correct.",
  ]);
  ok(!wrongHtml.includes("a brand new password"));

  const cookie = main.jar.get(SESSION_COOKIE);
  const res = await main.post("/account/password", {
    current_password: PASSWORD,
    new_password: "a brand new password",
  });
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/account/sessions");
  // This session stays signed in under a new token.
  ok(main.jar.get(SESSION_COOKIE) !== cookie);
  const page = await main.page("/account/sessions");
  strictEqual(signedInAs(page.html), username);
  deepStrictEqual(flashes(page.html), [
    "Your password has been changed, and 1 other session was signed out.",
  ]);
  strictEqual(signedInAs((await phone.page("/")).html), null);
  strictEqual(
    (await logIn(device(), username, "a brand new password")).status,
    303,
  );
});

/** The undo form in a page's banner: its hidden fields. */
function undoFields(html: string): Record<string, string> | null {
  const form =
    /<form method="post" action="\/undo" class="flash__action">(.*?)<\/form>/s
      .exec(html)?.[1];
  if (!form) return null;
  return Object.fromEntries(
    [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)]
      .map(([, k, v]) => [k, v]),
  );
}

Deno.test("revoking another device offers Undo, which signs that device in again, once", async () => {
  const laptop = device();
  const username = await signUp(laptop);
  const phone = device();
  await logIn(phone, username);
  const other = sessionRefs((await laptop.page("/account/sessions")).html)
    .find((r) => !r.current)!;
  await laptop.post("/account/sessions/revoke", { ref: other.ref });
  const after = await laptop.page("/account/sessions");
  const fields = undoFields(after.html);
  ok(fields, "the banner offers Undo");
  // Revoked (the phone itself is not asked: its next page would drop the
  // dead cookie, and then there is nothing in that browser to restore).
  strictEqual(sessionRefs(after.html).length, 1, "revoked");

  const undone = await laptop.post("/undo", fields);
  strictEqual(undone.headers.get("location"), "/account/sessions");
  const page = await laptop.page("/account/sessions");
  deepStrictEqual(flashes(page.html), ["That device is signed in again."]);
  strictEqual(sessionRefs(page.html).length, 2);
  strictEqual(signedInAs((await phone.page("/")).html), username, "restored");

  await laptop.post("/undo", fields);
  deepStrictEqual(flashes((await laptop.page("/account/sessions")).html), [
    "That can no longer be undone.",
  ]);
});

Deno.test("an undo of a revocation is refused after a password change", async () => {
  const laptop = device();
  const username = await signUp(laptop);
  const phone = device();
  await logIn(phone, username);
  const other = sessionRefs((await laptop.page("/account/sessions")).html)
    .find((r) => !r.current)!;
  await laptop.post("/account/sessions/revoke", { ref: other.ref });
  const fields = undoFields((await laptop.page("/account/sessions")).html);
  ok(fields);
  const changed = await laptop.post("/account/password", {
    current_password: PASSWORD,
    new_password: "an even longer new password",
  });
  strictEqual(changed.status, 303);
  await laptop.page("/account/sessions"); // shows the change's message
  await laptop.post("/undo", fields);
  deepStrictEqual(flashes((await laptop.page("/account/sessions")).html), [
    "That can no longer be undone.",
  ]);
  strictEqual(signedInAs((await phone.page("/")).html), null);
});

Deno.test("a revoked device is told it was signed out, once; a stranger's stale cookie is not", async () => {
  const laptop = device();
  const username = await signUp(laptop);
  const phone = device();
  await logIn(phone, username);
  await phone.page("/"); // shows the welcome
  const other = sessionRefs((await laptop.page("/account/sessions")).html)
    .find((r) => !r.current)!;
  await laptop.post("/account/sessions/revoke", { ref: other.ref });

  const first = await phone.page("/");
  strictEqual(signedInAs(first.html), null);
  deepStrictEqual(flashes(first.html), [
    "You were signed out on this browser. Sign in again to continue.",
  ]);
  deepStrictEqual(flashes((await phone.page("/")).html), [], "once");

  // A browser that never signed in, sending a dead cookie: no notice.
  const stranger = device();
  stranger.jar.set(SESSION_COOKIE, "x".repeat(43));
  deepStrictEqual(flashes((await stranger.page("/")).html), []);
});

/** The session cookie's attributes in a response, lower-cased names. */
function sessionCookieAttributes(res: Response): Record<string, string> {
  const set = res.headers.getSetCookie().find((c) =>
    c.startsWith(`${SESSION_COOKIE}=`)
  );
  ok(set, "a session cookie is set");
  return Object.fromEntries(
    set.split(";").slice(1).map((part) => {
      const [k, v = ""] = part.trim().split("=");
      return [k.toLowerCase(), v];
    }),
  );
}

Deno.test("remember me: checked keeps a persistent cookie and the normal timeout; unchecked a browser-session cookie and 12 hours", async () => {
  const setup = device();
  const username = await signUp(setup);

  // A sign-in from a browser without a session starts provisional (1 h);
  // the next page, with the cookie back, gives it its full lifetime.
  const kept = device();
  strictEqual(
    (await logIn(kept, username, PASSWORD, { remember: "on" })).status,
    303,
  );
  const keptNext = await kept.get("/");
  strictEqual(sessionCookieAttributes(keptNext)["max-age"], "1209600");

  const brief = device();
  const briefRes = await logIn(brief, username);
  strictEqual(briefRes.status, 303);
  strictEqual(
    sessionCookieAttributes(briefRes)["max-age"],
    undefined,
    "no Max-Age: the cookie ends with the browser",
  );
  const briefNext = await brief.get("/");
  strictEqual(sessionCookieAttributes(briefNext)["max-age"], undefined);

  // The sessions page says which is which, per device.
  const list = await kept.page("/account/sessions");
  const rows = [
    ...list.html.matchAll(/<tr\s+data-ref="[^"]+">([\s\S]*?)<\/tr>/g),
  ]
    .map((m) => m[1]);
  ok(
    rows.some((r) => r.includes("This device") && r.includes("Kept signed in")),
  );
  ok(rows.some((r) => r.includes("Until the browser closes")));

  // The choice survives a token rotation (a password change cycles it).
  const changed = await brief.post("/account/password", {
    current_password: PASSWORD,
    new_password: "another long enough password",
  });
  strictEqual(changed.status, 303);
  strictEqual(sessionCookieAttributes(changed)["max-age"], undefined);
});

Deno.test("remember me at sign-up: the form offers the same unchecked box as sign-in, and a new account stays signed in past the browser only when it is ticked", async () => {
  const form = await device().page("/signup");
  match(
    form.html,
    /<input type="checkbox" name="remember" value="on"\s*\/?>/,
    "an unchecked Keep me signed in box",
  );

  const brief = device();
  const briefRes = await brief.post("/signup", {
    username: uniqueName("brief"),
    password: PASSWORD,
  });
  strictEqual(briefRes.status, 303);
  strictEqual(
    sessionCookieAttributes(briefRes)["max-age"],
    undefined,
    "no Max-Age: a shared computer forgets the new account with the browser",
  );
  strictEqual(
    sessionCookieAttributes(await brief.get("/"))["max-age"],
    undefined,
  );

  const kept = device();
  const keptRes = await kept.post("/signup", {
    username: uniqueName("kept"),
    password: PASSWORD,
    remember: "on",
  });
  strictEqual(keptRes.status, 303);
  strictEqual(
    sessionCookieAttributes(await kept.get("/"))["max-age"],
    "1209600",
  );
});

Deno.test("remember me: 'sign out everywhere else' keeps this device's choice, and a forged remember value counts as unchecked", async () => {
  const setup = device();
  const username = await signUp(setup);
  for (const remember of ["ON", "1", "true", "on "]) {
    const forged = device();
    const res = await logIn(forged, username, PASSWORD, { remember });
    strictEqual(res.status, 303);
    // "on " is trimmed like every field: a browser sends exactly "on".
    const kept = remember.trim() === "on";
    const next = await forged.get("/");
    strictEqual(
      sessionCookieAttributes(next)["max-age"] !== undefined,
      kept,
      remember,
    );
  }
  for (const remember of ["on", ""]) {
    const here = device();
    await logIn(here, username, PASSWORD, remember ? { remember } : {});
    await here.get("/");
    const other = device();
    await logIn(other, username);
    const revoked = await here.post("/account/sessions/revoke-others", {});
    strictEqual(revoked.status, 303);
    const list = await here.page("/account/sessions");
    strictEqual(list.status, 200, "still signed in");
    const row = [
      ...list.html.matchAll(/<tr\s+data-ref="[^"]+">([\s\S]*?)<\/tr>/g),
    ].map((m) => m[1]).find((r) => r.includes("This device"));
    ok(row, "this device is listed");
    ok(
      row.includes(remember ? "Kept signed in" : "Until the browser closes"),
      row,
    );
    strictEqual((await other.page("/account/sessions")).status, 303);
  }
});

Deno.test("remember me: the sign-in form offers the checkbox, unchecked by default", async () => {
  const { html } = await device().page("/login");
  const box = /<input[^>]*name="remember"[^>]*>/.exec(html)?.[0];
  ok(box, "a remember checkbox");
  ok(box.includes('type="checkbox"'));
  ok(!/\schecked/.test(box));
  ok(html.includes("Keep me signed in"));
});

Deno.test("remember me: a form that fails (422) comes back with the box as the visitor left it, on sign-in and sign-up alike", async () => {
  const setup = device();
  const username = await signUp(setup);
  const box = (html: string) =>
    /<input[^>]*name="remember"[^>]*>/.exec(html)?.[0] ?? "";
  for (const remember of ["on", "", "ON"]) {
    const fields: Record<string, string> = remember ? { remember } : {};
    // "ON" is forged: it counts as unchecked, so it comes back unchecked.
    const ticked = remember === "on";
    const login = await logIn(device(), username, "wrong password", fields);
    strictEqual(login.status, 422);
    strictEqual(/\schecked/.test(box(await login.text())), ticked, remember);

    const signup = await device().post("/signup", {
      username: uniqueName("short"),
      password: "short",
      ...fields,
    });
    strictEqual(signup.status, 422);
    strictEqual(/\schecked/.test(box(await signup.text())), ticked, remember);
  }
});

Deno.test("remember me at sign-up: a guest's cart joins the new account, and signing up over another account's kept session neither keeps that choice nor brings its cart", async () => {
  const d = device();
  strictEqual(
    (await d.post("/cart/add", { product_id: "notebook", quantity: "2" }))
      .status,
    303,
  );
  const first = uniqueName("first");
  const kept = await d.post("/signup", {
    username: first,
    password: PASSWORD,
    remember: "on",
  });
  strictEqual(kept.status, 303);
  const home = await d.page("/");
  strictEqual(signedInAs(home.html), first);
  strictEqual(cartBadge(home.html), 2, "the guest cart joined the account");

  const second = uniqueName("second");
  const over = await d.post("/signup", {
    username: second,
    password: PASSWORD,
  });
  strictEqual(over.status, 303);
  strictEqual(
    sessionCookieAttributes(over)["max-age"],
    undefined,
    "unticked: the first account's kept choice does not carry over",
  );
  const now = await d.page("/");
  strictEqual(signedInAs(now.html), second);
  strictEqual(cartBadge(now.html), 0, "the first account's cart stays its own");
  const list = await d.page("/account/sessions");
  ok(
    list.html.includes("Until the browser closes"),
    "the sessions page says so",
  );
  ok(!list.html.includes("Kept signed in"));

  const elsewhere = device();
  strictEqual((await logIn(elsewhere, first)).status, 303);
  strictEqual(cartBadge((await elsewhere.page("/")).html), 2, "saved for it");
});
