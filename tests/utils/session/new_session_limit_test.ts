import { assertEquals } from "./_asserts.ts";
import {
  MAX_TRACKED_ADDRESSES,
  NewSessionLimiter,
} from "../../../utils/session/new_session_limit.ts";
import { fakeClock } from "./_helpers.ts";

Deno.test("a burst of the limit, then the limit per minute, per address", () => {
  const clock = fakeClock();
  const limiter = new NewSessionLimiter(3, clock.now);
  assertEquals([1, 2, 3].map(() => limiter.take("a")), [0, 0, 0]);
  // One session comes back every 20 s: wait that long.
  assertEquals(limiter.take("a"), 20);
  assertEquals(limiter.take("b"), 0);
  clock.advance(20_000);
  assertEquals(limiter.take("a"), 0);
  assertEquals(limiter.take("a"), 20);
  clock.advance(10 * 60_000);
  // A long pause refills to the burst, not beyond.
  assertEquals([1, 2, 3, 4].map(() => limiter.take("a")), [0, 0, 0, 20]);
});

Deno.test("memory stays bounded however many addresses take part", () => {
  const limiter = new NewSessionLimiter(1, fakeClock().now);
  for (let i = 0; i < MAX_TRACKED_ADDRESSES + 500; i++) {
    limiter.take(`10.0.${i >> 8}.${i & 255}`);
  }
  assertEquals(limiter.tracked, MAX_TRACKED_ADDRESSES);
});
