import { deepStrictEqual, strictEqual, throws } from "node:assert";
import { positiveOption } from "../../utils/positive_option.ts";
import { LoginThrottle } from "../../utils/accounts/throttle.ts";
import { SignupLimit } from "../../utils/accounts/signup_limit.ts";
import { NameCheckLimit } from "../../utils/accounts/name_check_limit.ts";
import { publicPageCache } from "../../utils/http/public_page_cache.ts";

Deno.test("positiveOption: whole numbers above zero, up to the bound given (table)", () => {
  const cases: [number, number | undefined, boolean][] = [
    [1, undefined, true],
    [Number.MAX_SAFE_INTEGER, undefined, true],
    [0, undefined, false],
    [-1, undefined, false],
    [1.5, undefined, false],
    [NaN, undefined, false],
    [Number.MAX_SAFE_INTEGER + 1, undefined, false],
    [10, 10, true],
    [11, 10, false],
  ];
  for (const [value, max, ok] of cases) {
    if (ok) deepStrictEqual(positiveOption("X", "n", value, max), value);
    else {throws(
        () => positiveOption("X", "n", value, max),
        (error) =>
          error instanceof TypeError && error.message.includes("X option n"),
      );}
  }
});

Deno.test("positiveOption names the unit and the reason for the bound when given", () => {
  throws(
    () => positiveOption("Session", "idleTimeout", 0, 10, { unit: "seconds" }),
    {
      name: "TypeError",
      message:
        "Session option idleTimeout must be a positive whole number of seconds, got 0.",
    },
  );
  throws(
    () =>
      positiveOption("Session", "idleTimeout", 11, 10, {
        unit: "seconds",
        why: "a browser's limit",
      }),
    {
      name: "TypeError",
      message:
        "Session option idleTimeout must be at most 10 seconds (a browser's limit), got 11.",
    },
  );
  // Anything not a number is refused with the same message, not a crash.
  for (const value of ["5", null, undefined, {}]) {
    throws(() => positiveOption("Messages", "ttl", value), {
      name: "TypeError",
      message: `Messages option ttl must be a positive whole number, got ${
        String(value)
      }.`,
    });
  }
});

Deno.test("windows KV cannot store as an expiry are refused when the limiter is made (table)", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    const bad: [() => unknown, string][] = [
      [
        () => new LoginThrottle(kv, { windowSeconds: 9999999999999 }),
        "windowSeconds",
      ],
      [
        () => new SignupLimit(kv, { windowSeconds: 9999999999999 }),
        "windowSeconds",
      ],
      [
        () => new NameCheckLimit(kv, { windowSeconds: 9999999999999 }),
        "windowSeconds",
      ],
      [() => new LoginThrottle(kv, { maxPerAddress: 0 }), "maxPerAddress"],
      [() => new SignupLimit(kv, { maxPerAddress: 2.5 }), "maxPerAddress"],
      [() => publicPageCache({ maxEntries: 0 }), "maxEntries"],
    ];
    for (const [make, name] of bad) {
      throws(
        make,
        (error) => error instanceof TypeError && error.message.includes(name),
      );
    }
    // The largest accepted window still records attempts in real KV.
    const limit = new SignupLimit(kv, { windowSeconds: 8_000_000_000_000 });
    strictEqual((await limit.begin("192.0.2.1")).allowed, true);
  } finally {
    kv.close();
  }
});
