import { deepStrictEqual, strictEqual } from "node:assert";
import {
  limitKey,
  MAX_TRACKED_ADDRESSES,
  NewSessionLimiter,
} from "../../../utils/session/new_session_limit.ts";
import { fakeClock } from "./_helpers.ts";

Deno.test("a burst of the limit, then the limit per minute, per address", () => {
  const clock = fakeClock();
  const limiter = new NewSessionLimiter(3, clock.now);
  deepStrictEqual([1, 2, 3].map(() => limiter.take("a")), [0, 0, 0]);
  // One session comes back every 20 s: wait that long.
  strictEqual(limiter.take("a"), 20);
  strictEqual(limiter.take("b"), 0);
  clock.advance(20_000);
  strictEqual(limiter.take("a"), 0);
  strictEqual(limiter.take("a"), 20);
  clock.advance(10 * 60_000);
  // A long pause refills to the burst, not beyond.
  deepStrictEqual([1, 2, 3, 4].map(() => limiter.take("a")), [0, 0, 0, 20]);
});

Deno.test("memory stays bounded however many addresses take part", () => {
  const limiter = new NewSessionLimiter(1, fakeClock().now);
  for (let i = 0; i < MAX_TRACKED_ADDRESSES + 500; i++) {
    limiter.take(`10.0.${i >> 8}.${i & 255}`);
  }
  deepStrictEqual(limiter.tracked, MAX_TRACKED_ADDRESSES);
});

Deno.test("IPv6 addresses count by their /64; IPv4-mapped ones as IPv4", () => {
  const same = [
    "2001:db8:1:2:a::1",
    "2001:0db8:0001:0002:ffff:ffff:ffff:fffe",
    "2001:DB8:1:2::",
    "2001:db8:1:2::1%eth0",
  ];
  for (const address of same) {
    strictEqual(limitKey(address), "2001:db8:1:2::/64", address);
  }
  strictEqual(limitKey("2001:db8:1:3::1"), "2001:db8:1:3::/64");
  strictEqual(limitKey("::1"), "0:0:0:0::/64");
  strictEqual(limitKey("::ffff:203.0.113.9"), "203.0.113.9");
  strictEqual(limitKey("203.0.113.9"), "203.0.113.9");
  // Rotating through one /64 gains nothing.
  const limiter = new NewSessionLimiter(2, fakeClock().now);
  strictEqual(limiter.take("2001:db8:1:2::a"), 0);
  strictEqual(limiter.take("2001:db8:1:2::b"), 0);
  strictEqual(limiter.take("2001:db8:1:2::c"), 30);
  strictEqual(limiter.take("2001:db8:1:3::a"), 0);
});
