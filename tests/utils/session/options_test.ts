import { deepStrictEqual, match, strictEqual, throws } from "node:assert";
import { roundTrip } from "./_helpers.ts";
import {
  DEFAULT_ABSOLUTE_TIMEOUT,
  DEFAULT_IDLE_TIMEOUT,
  resolveSessionOptions,
} from "../../../utils/session/options.ts";
import { sessionOptionsFromEnv } from "../../../utils/session/options_env.ts";
import { createSessionManager } from "../../../utils/session/manager.ts";

Deno.test("defaults are filled in once, as documented", () => {
  const o = resolveSessionOptions();
  deepStrictEqual(o.idleTimeout, 14 * 24 * 3600);
  deepStrictEqual(o.absoluteTimeout, 30 * 24 * 3600);
  deepStrictEqual(DEFAULT_IDLE_TIMEOUT, o.idleTimeout);
  deepStrictEqual(DEFAULT_ABSOLUTE_TIMEOUT, o.absoluteTimeout);
  strictEqual(o.secure, "auto");
  strictEqual(o.trustProxy, false);
  strictEqual(o.persistent, true);
  strictEqual(o.cookieName, null);
  deepStrictEqual(o.now, Date.now);
});

Deno.test("misconfiguration throws early and names the fix (table)", () => {
  const bad: [Record<string, unknown>, string][] = [
    [{ idleTimeout: 0 }, "idleTimeout"],
    [{ idleTimeout: -5 }, "idleTimeout"],
    [{ idleTimeout: 1.5 }, "idleTimeout"],
    [{ absoluteTimeout: "30" }, "absoluteTimeout"],
    [{ secure: "yes" }, "secure"],
    [{ cookieName: "bad name" }, "cookieName"],
    [{ cookieName: "a;b" }, "cookieName"],
    [{ cookieName: "__Host-x", secure: false }, "needs Secure"],
    [{ maxConflictRetries: -1 }, "maxConflictRetries"],
    [{ now: 5 }, "now"],
  ];
  for (const [options, mention] of bad) {
    throws(
      () => resolveSessionOptions(options),
      (error) => error instanceof TypeError && error.message.includes(mention),
    );
  }
  throws(
    () => createSessionManager({}),
    (error) =>
      error instanceof TypeError && error.message.includes("utils/kv/db.ts"),
  );
});

Deno.test("sessionOptionsFromEnv reads and validates variables", () => {
  const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
  deepStrictEqual(sessionOptionsFromEnv(env({})), {});
  deepStrictEqual(
    sessionOptionsFromEnv(env({
      SESSION_COOKIE_NAME: "app_sid",
      SESSION_IDLE_TIMEOUT: "3600",
      SESSION_ABSOLUTE_TIMEOUT: "86400",
      SESSION_SECURE: "TRUE",
      SESSION_PERSISTENT: "0",
      TRUST_PROXY: "true",
    })),
    {
      cookieName: "app_sid",
      idleTimeout: 3600,
      absoluteTimeout: 86400,
      secure: true,
      persistent: false,
      trustProxy: true,
    },
  );
  deepStrictEqual(sessionOptionsFromEnv(env({ SESSION_SECURE: "auto" })), {
    secure: "auto",
  });
  const bad: [Record<string, string>, string][] = [
    [{ SESSION_IDLE_TIMEOUT: "14d" }, "SESSION_IDLE_TIMEOUT"],
    [{ SESSION_IDLE_TIMEOUT: "0" }, "SESSION_IDLE_TIMEOUT"],
    [{ SESSION_ABSOLUTE_TIMEOUT: "-1" }, "SESSION_ABSOLUTE_TIMEOUT"],
    [{ SESSION_SECURE: "maybe" }, "SESSION_SECURE"],
    [{ TRUST_PROXY: "yes" }, "TRUST_PROXY"],
    [{ SESSION_PERSISTENT: "2" }, "SESSION_PERSISTENT"],
    [{ SESSION_COOKIE_NAME: "a b" }, "SESSION_COOKIE_NAME"],
    [
      { SESSION_COOKIE_NAME: "__Host-s", SESSION_SECURE: "false" },
      "SESSION_SECURE",
    ],
  ];
  for (const [vars, name] of bad) {
    throws(
      () => sessionOptionsFromEnv(env(vars)),
      (error) => error instanceof Error && error.message.includes(name),
    );
  }
});

// What each timeout may be: the cookie's Max-Age is the idle timeout, and
// browsers cap Max-Age at 400 days (RFC 6265bis, section 5.6.2); the
// absolute timeout becomes a KV expiry, which Deno KV refuses past its
// latest storable instant.
const DAYS_400 = 400 * 24 * 60 * 60;

Deno.test("timeouts the cookie or KV cannot honour are refused, naming the variable (table)", () => {
  const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
  const cases: [string, string, boolean][] = [
    ["SESSION_IDLE_TIMEOUT", "1", true],
    ["SESSION_IDLE_TIMEOUT", String(DAYS_400), true],
    ["SESSION_IDLE_TIMEOUT", String(DAYS_400 + 1), false],
    ["SESSION_IDLE_TIMEOUT", "9999999999999", false],
    ["SESSION_IDLE_TIMEOUT", "0", false],
    ["SESSION_IDLE_TIMEOUT", "9007199254740993", false],
    ["SESSION_ABSOLUTE_TIMEOUT", "1", true],
    ["SESSION_ABSOLUTE_TIMEOUT", String(DAYS_400 * 100), true],
    ["SESSION_ABSOLUTE_TIMEOUT", "8000000000000", true],
    ["SESSION_ABSOLUTE_TIMEOUT", "9999999999999", false],
    ["SESSION_ABSOLUTE_TIMEOUT", "0", false],
    ["SESSION_PROVISIONAL_TIMEOUT", String(DAYS_400), true],
    ["SESSION_PROVISIONAL_TIMEOUT", String(DAYS_400 + 1), false],
  ];
  for (const [name, value, accepted] of cases) {
    if (accepted) {
      sessionOptionsFromEnv(env({ [name]: value }));
    } else {
      throws(
        () => sessionOptionsFromEnv(env({ [name]: value })),
        (error) => error instanceof Error && error.message.includes(name),
      );
    }
  }
  throws(
    () => resolveSessionOptions({ idleTimeout: DAYS_400 + 1 }),
    (error) => error instanceof TypeError && error.message.includes("400 days"),
  );
  throws(
    () => resolveSessionOptions({ absoluteTimeout: 9999999999999 }),
    (error) =>
      error instanceof TypeError && error.message.includes("absoluteTimeout"),
  );
});

Deno.test("the largest accepted timeouts still save sessions in real KV", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const manager = createSessionManager({
      kv,
      ...sessionOptionsFromEnv(
        new Map([
          ["SESSION_IDLE_TIMEOUT", String(DAYS_400)],
          ["SESSION_PROVISIONAL_TIMEOUT", String(DAYS_400)],
          ["SESSION_ABSOLUTE_TIMEOUT", "8000000000000"],
        ]),
      ),
    });
    const first = await roundTrip(manager, undefined, (s) => s.set("a", 1));
    match(first.headers.get("set-cookie")!, /Max-Age=34560000(;|$)/);
    const second = await roundTrip(manager, first.cookie, (s) => {
      strictEqual(s.get("a"), 1);
      s.login("u1");
    });
    strictEqual(second.headers.has("set-cookie"), true);
  } finally {
    kv.close();
  }
});

Deno.test("setExpiry refuses an idle timeout the cookie cannot carry", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const manager = createSessionManager({ kv });
    await roundTrip(manager, undefined, (s) => {
      throws(
        () => s.setExpiry(DAYS_400 + 1),
        (error) =>
          error instanceof TypeError && error.message.includes("400 days"),
      );
      s.setExpiry(DAYS_400);
    });
  } finally {
    kv.close();
  }
});
