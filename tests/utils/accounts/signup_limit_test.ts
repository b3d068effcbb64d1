import { deepStrictEqual, strictEqual, throws } from "node:assert";
import { SignupLimit } from "../../../utils/accounts/signup_limit.ts";

Deno.test("SignupLimit: the window's slots, then Retry-After, then the oldest slot frees", async () => {
  using kv = await Deno.openKv(":memory:");
  let now = 1_700_000_000_000;
  const limit = new SignupLimit(kv, {
    maxPerAddress: 2,
    windowSeconds: 60,
    now: () => now,
  });
  strictEqual((await limit.begin("198.51.100.1")).allowed, true);
  now += 10_000;
  strictEqual((await limit.begin("198.51.100.1")).allowed, true);
  deepStrictEqual(await limit.begin("198.51.100.1"), {
    allowed: false,
    retryAfter: 50,
  });
  // Addresses are counted apart.
  strictEqual((await limit.begin("198.51.100.2")).allowed, true);
  now += 50_000;
  strictEqual((await limit.begin("198.51.100.1")).allowed, true);
  // The window slides: the sign-up made 10 s in still counts.
  strictEqual(await limit.count("198.51.100.1"), 2);
});

Deno.test("SignupLimit: a parallel burst gets exactly the allowed slots", async () => {
  using kv = await Deno.openKv(":memory:");
  const limit = new SignupLimit(kv, { maxPerAddress: 5 });
  const decisions = await Promise.all(
    Array.from({ length: 20 }, () => limit.begin("198.51.100.9")),
  );
  strictEqual(decisions.filter((d) => d.allowed).length, 5);
  strictEqual(await limit.count("198.51.100.9"), 5);
});

Deno.test("SignupLimit: bad options fail at construction", async () => {
  using kv = await Deno.openKv(":memory:");
  throws(() => new SignupLimit(kv, { maxPerAddress: 0 }), /maxPerAddress/);
  throws(() => new SignupLimit(kv, { windowSeconds: 1.5 }), /windowSeconds/);
});
