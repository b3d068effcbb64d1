import { assertEquals, assertMatch, assertThrows } from "./_asserts.ts";
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
  assertEquals(o.idleTimeout, 14 * 24 * 3600);
  assertEquals(o.absoluteTimeout, 30 * 24 * 3600);
  assertEquals(DEFAULT_IDLE_TIMEOUT, o.idleTimeout);
  assertEquals(DEFAULT_ABSOLUTE_TIMEOUT, o.absoluteTimeout);
  assertEquals(o.secure, "auto");
  assertEquals(o.trustProxy, false);
  assertEquals(o.persistent, true);
  assertEquals(o.cookieName, null);
  assertEquals(o.now, Date.now);
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
    assertThrows(() => resolveSessionOptions(options), TypeError, mention);
  }
  assertThrows(() => createSessionManager({}), TypeError, "utils/kv/db.ts");
});

Deno.test("sessionOptionsFromEnv reads and validates variables", () => {
  const env = (vars: Record<string, string>) => new Map(Object.entries(vars));
  assertEquals(sessionOptionsFromEnv(env({})), {});
  assertEquals(
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
  assertEquals(sessionOptionsFromEnv(env({ SESSION_SECURE: "auto" })), {
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
    assertThrows(() => sessionOptionsFromEnv(env(vars)), Error, name);
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
  for (const [name, value, ok] of cases) {
    if (ok) {
      sessionOptionsFromEnv(env({ [name]: value }));
    } else {
      assertThrows(
        () => sessionOptionsFromEnv(env({ [name]: value })),
        Error,
        name,
      );
    }
  }
  assertThrows(
    () => resolveSessionOptions({ idleTimeout: DAYS_400 + 1 }),
    TypeError,
    "400 days",
  );
  assertThrows(
    () => resolveSessionOptions({ absoluteTimeout: 9999999999999 }),
    TypeError,
    "absoluteTimeout",
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
    assertMatch(first.headers.get("set-cookie")!, /Max-Age=34560000(;|$)/);
    const second = await roundTrip(manager, first.cookie, (s) => {
      assertEquals(s.get("a"), 1);
      s.login("u1");
    });
    assertEquals(second.headers.has("set-cookie"), true);
  } finally {
    kv.close();
  }
});

Deno.test("setExpiry refuses an idle timeout the cookie cannot carry", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const manager = createSessionManager({ kv });
    await roundTrip(manager, undefined, (s) => {
      assertThrows(() => s.setExpiry(DAYS_400 + 1), TypeError, "400 days");
      s.setExpiry(DAYS_400);
    });
  } finally {
    kv.close();
  }
});
