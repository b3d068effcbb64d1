/**
 * Guessing limits against lockout, through the real app on in-memory KV:
 * wrong passwords sent by others never lock the owner out of a browser
 * that signed in to the account before (its device cookie), guessing from
 * anywhere stays limited, and simultaneous sign-ins with right passwords
 * are never throttled.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import { createHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { hashPassword } from "../../utils/accounts/password.ts";
import { insertUser } from "../../utils/accounts/users.ts";
import { kv } from "../../utils/kv/db.ts";
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

const handler = await createHandler(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});

const ORIGIN = "http://localhost";
const PASSWORD = "a long enough password";

let counter = 0;

/** One browser; by default from an address of its own. */
function browser(
  address = `10.44.${Math.floor(++counter / 250)}.${counter % 250}`,
) {
  const jar = new CookieJar();
  const send = jarFetch(handler, jar, { origin: ORIGIN, address });
  const post = async (path: string, fields: Record<string, string>) => {
    const res = await send(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { origin: ORIGIN },
    });
    await res.body?.cancel();
    return res;
  };
  return {
    jar,
    address,
    /** Sends a sign-in and returns the status. */
    logIn: async (username: string, password = PASSWORD) =>
      (await post("/login", { username, password })).status,
    logInResponse: (username: string, password = PASSWORD) =>
      post("/login", { username, password }),
    logOut: () => post("/logout", {}),
    signUp: (username: string) =>
      post("/signup", { username, password: PASSWORD }),
  };
}

async function newAccount(): Promise<string> {
  const username = `lock_${++counter}`;
  strictEqual((await browser().signUp(username)).status, 303);
  return username;
}

Deno.test("wrong passwords from others never lock the owner out of a browser that signed in before", async () => {
  const username = await newAccount();
  const laptop = browser();
  strictEqual(await laptop.logIn(username), 303);
  await laptop.logOut();

  // 40 wrong passwords from many addresses, and 20 from the laptop's own
  // network (an office NAT): the username and that address are locked.
  const guesses = [
    ...Array.from({ length: 40 }, () => browser()),
    ...Array.from({ length: 20 }, () => browser(laptop.address)),
  ].map((attacker, i) => attacker.logIn(username, `wrong guess ${i}`));
  const statuses = await Promise.all(guesses);
  ok(statuses.every((s) => s === 422 || s === 429), statuses.join());
  strictEqual(statuses.filter((s) => s === 422).length <= 5, true);
  // Guessing stays limited: a new browser with the right password is refused.
  strictEqual(await browser().logIn(username), 429);

  // The owner's laptop gets in, from the locked address too.
  strictEqual(await laptop.logIn(username), 303);
});

Deno.test("a known browser has its own limit: 5 wrong passwords lock that browser only", async () => {
  const username = await newAccount();
  const laptop = browser();
  const phone = browser();
  strictEqual(await laptop.logIn(username), 303);
  strictEqual(await phone.logIn(username), 303);
  for (let i = 0; i < 5; i++) {
    strictEqual(await laptop.logIn(username, `typo ${i}`), 422);
  }
  strictEqual(await laptop.logIn(username), 429, "the laptop is locked");
  strictEqual(await phone.logIn(username), 303, "the phone is not");
});

Deno.test("the device cookie is opaque, HttpOnly, SameSite=Lax, long-lived; a forged one is just untrusted", async () => {
  const username = await newAccount();
  const b = browser();
  const res = await b.logInResponse(username);
  strictEqual(res.status, 303);
  const header = res.headers.getSetCookie().find((c) =>
    c.startsWith("device=")
  );
  ok(header, res.headers.getSetCookie().join("\n"));
  match(header, /^device=[A-Za-z0-9_-]{43};/);
  ok(!header.includes(username));
  match(header, /HttpOnly/i);
  match(header, /SameSite=Lax/i);
  match(header, /Path=\//);
  ok(Number(header.match(/Max-Age=(\d+)/)?.[1]) >= 30 * 24 * 3600);
  // Stored only as a hash.
  const token = header.slice("device=".length, header.indexOf(";"));
  for await (const entry of kv.list({ prefix: ["login_devices"] })) {
    ok(!JSON.stringify(entry.key).includes(token));
  }

  // On https the cookie is Secure with the __Host- prefix.
  const secure = jarFetch(handler, new CookieJar(), {
    origin: "https://localhost",
  });
  const overTls = await secure("https://localhost/login", {
    method: "POST",
    body: new URLSearchParams({ username, password: PASSWORD }),
    headers: { origin: "https://localhost" },
  });
  await overTls.body?.cancel();
  strictEqual(overTls.status, 303);
  const tlsCookie = overTls.headers.getSetCookie().find((c) =>
    c.startsWith("__Host-device=")
  );
  ok(tlsCookie, overTls.headers.getSetCookie().join("\n"));
  match(tlsCookie, /; Secure/i);

  // A browser with a made-up (well-formed) device cookie is not trusted.
  for (let i = 0; i < 5; i++) {
    strictEqual(await browser().logIn(username, `wrong ${i}`), 422);
  }
  const forger = browser();
  forger.jar.set("device", "A".repeat(43));
  strictEqual(await forger.logIn(username), 429);
});

Deno.test("simultaneous sign-ins with the right password are never throttled", async () => {
  // 8 browsers at once for one account (more than its limit of 5), from
  // one address.
  const username = await newAccount();
  const address = "10.45.0.1";
  const same = await Promise.all(
    Array.from({ length: 8 }, () => browser(address).logIn(username)),
  );
  deepStrictEqual(same, Array(8).fill(303));

  // 22 accounts at once from one address (more than its limit of 20). One
  // hash for all of them, to spare the machine 22 sign-ups.
  const hash = await hashPassword(PASSWORD);
  const names = Array.from({ length: 22 }, () => `lock_${++counter}`);
  for (const name of names) ok(await insertUser(kv, name, hash));
  const office = "10.45.0.2";
  const many = await Promise.all(
    names.map((name) => browser(office).logIn(name)),
  );
  deepStrictEqual(many, Array(22).fill(303));
});

Deno.test("the browser an account was created in is trusted by it", async () => {
  const username = `lock_${++counter}`;
  const home = browser();
  strictEqual((await home.signUp(username)).status, 303);
  await home.logOut();
  for (let i = 0; i < 5; i++) {
    strictEqual(await browser().logIn(username, `wrong ${i}`), 422);
  }
  strictEqual(await browser().logIn(username), 429);
  strictEqual(await home.logIn(username), 303);
});
