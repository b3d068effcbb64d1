import { deepStrictEqual, strictEqual, throws } from "node:assert";
import { positiveOption } from "../../utils/positive_option.ts";
import { LoginThrottle } from "../../utils/accounts/throttle.ts";
import { SignupLimit } from "../../utils/accounts/signup_limit.ts";
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
