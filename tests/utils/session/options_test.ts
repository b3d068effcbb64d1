import { assertEquals, assertThrows } from "./_asserts.ts";
import {
  DEFAULT_ABSOLUTE_TIMEOUT,
  DEFAULT_IDLE_TIMEOUT,
  resolveSessionOptions,
  sessionOptionsFromEnv,
} from "../../../utils/session/options.ts";
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
  assertThrows(() => createSessionManager({}), TypeError, "utils/db.ts");
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
