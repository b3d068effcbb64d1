import { deepStrictEqual, ok, strictEqual, throws } from "node:assert";
import { LoginThrottle } from "../../../utils/accounts/throttle.ts";

async function withThrottle(
  run: (t: LoginThrottle, clock: { now: number }, kv: Deno.Kv) => Promise<void>,
  options: {
    maxPerUsername?: number;
    maxPerAddress?: number;
    maxPerDevice?: number;
    maxWaitMs?: number;
  } = {},
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  const clock = { now: Date.UTC(2026, 0, 1) };
  try {
    await run(
      new LoginThrottle(kv, {
        maxPerUsername: 3,
        maxPerAddress: 5,
        windowSeconds: 600,
        ...options,
        now: () => clock.now,
      }),
      clock,
      kv,
    );
  } finally {
    kv.close();
  }
}

/** A failed login: its slot is taken, then settled as a failure. */
async function fail(
  t: LoginThrottle,
  username: string | null,
  address: string,
) {
  const decision = await t.begin(username, address);
  if (decision.allowed) await t.failed(decision.slot);
  return decision;
}

Deno.test("a username is refused after its limit, with the seconds left", async () => {
  await withThrottle(async (t, clock) => {
    for (let i = 0; i < 3; i++) {
      strictEqual((await fail(t, "ada", `10.0.0.${i}`)).allowed, true);
    }
    clock.now += 60_000;
    deepStrictEqual(await t.begin("ada", "10.0.0.9"), {
      allowed: false,
      retryAfter: 540,
    });
    // Other names are unaffected.
    strictEqual((await t.begin("bob", "10.0.0.9")).allowed, true);
  });
});

Deno.test("an address is refused after its limit, whatever the usernames", async () => {
  await withThrottle(async (t) => {
    for (let i = 0; i < 5; i++) {
      strictEqual((await fail(t, `user${i}`, "10.0.0.1")).allowed, true);
    }
    strictEqual((await t.begin("fresh", "10.0.0.1")).allowed, false);
    strictEqual((await t.begin(null, "10.0.0.1")).allowed, false);
    strictEqual((await t.begin("fresh", "10.0.0.2")).allowed, true);
  });
});

Deno.test("a refused attempt is not counted", async () => {
  await withThrottle(async (t) => {
    for (let i = 0; i < 5; i++) await fail(t, "ada", `10.0.0.${i}`);
    strictEqual(await t.failures("username", "ada"), 3);
    strictEqual(await t.failures("address", "10.0.0.4"), 0);
  });
});

Deno.test("each failure counts for the window from when it was made, even if KV has not deleted it yet", async () => {
  await withThrottle(async (t, clock, kv) => {
    for (let i = 0; i < 3; i++) await fail(t, "ada", "10.0.0.1");
    strictEqual((await t.begin("ada", "10.0.0.1")).allowed, false);
    clock.now += 600_000 - 1;
    strictEqual((await t.begin("ada", "10.0.0.1")).allowed, false);
    clock.now += 1;
    // The entries are still in KV (expireIn is real time), but stale.
    let stored = 0;
    for await (
      const _ of kv.list({ prefix: ["login_attempts", "username", "ada"] })
    ) stored++;
    strictEqual(stored, 3);
    strictEqual(await t.failures("username", "ada"), 0);
    strictEqual((await fail(t, "ada", "10.0.0.1")).allowed, true);
    strictEqual(await t.failures("username", "ada"), 1);
  });
});

Deno.test("a success clears the username and gives the address its slot back", async () => {
  await withThrottle(async (t) => {
    await fail(t, "ada", "10.0.0.1");
    await fail(t, "ada", "10.0.0.1");
    const third = await t.begin("ada", "10.0.0.1");
    strictEqual(await t.failures("address", "10.0.0.1"), 3);
    ok(third.allowed);
    await t.succeeded("ada", third.slot);
    strictEqual(await t.failures("username", "ada"), 0);
    strictEqual(await t.failures("address", "10.0.0.1"), 2);
  });
});

Deno.test("a burst of parallel attempts gets exactly the limit", async () => {
  await withThrottle(async (t) => {
    const decisions = await Promise.all(
      Array.from({ length: 30 }, () => fail(t, "ada", "10.0.0.1")),
    );
    strictEqual(decisions.filter((d) => d.allowed).length, 3);
    strictEqual(await t.failures("username", "ada"), 3);
    strictEqual(await t.failures("address", "10.0.0.1"), 3);
  }, { maxPerAddress: 100 });
});

Deno.test("a burst of parallel right passwords waits for the attempts in flight and is never refused", async () => {
  await withThrottle(async (t) => {
    const decisions = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const decision = await t.begin("ada", "10.0.0.1");
        // Some hashing time, during which later attempts find the limit full.
        await new Promise((r) => setTimeout(r, 5 + (i % 3)));
        if (decision.allowed) await t.succeeded("ada", decision.slot);
        return decision.allowed;
      }),
    );
    deepStrictEqual(decisions.filter((allowed) => !allowed), []);
    strictEqual(await t.failures("username", "ada"), 0);
    strictEqual(await t.failures("address", "10.0.0.1"), 0);
  });
});

Deno.test("an attempt left in flight (its process died) delays the next ones at most maxWaitMs, then they are refused", async () => {
  await withThrottle(async (t) => {
    for (let i = 0; i < 3; i++) await t.begin("ada", "10.0.0.1");
    const started = performance.now();
    const decision = await t.begin("ada", "10.0.0.2");
    strictEqual(decision.allowed, false);
    ok(performance.now() - started >= 200);
  }, { maxWaitMs: 200 });
});

Deno.test("a trusted device counts only against its own limit", async () => {
  await withThrottle(async (t) => {
    // The username and the address are locked by others' failures.
    for (let i = 0; i < 5; i++) await fail(t, "ada", "10.0.0.1");
    strictEqual((await t.begin("ada", "10.0.0.1")).allowed, false);
    const owner = await t.beginTrusted("u-ada", "laptop");
    ok(owner.allowed);
    await t.trustedSucceeded("u-ada", "laptop", owner.slot);
    // Its own failures lock it, and only it.
    for (let i = 0; i < 2; i++) {
      const d = await t.beginTrusted("u-ada", "laptop");
      ok(d.allowed);
      await t.failed(d.slot);
    }
    strictEqual((await t.beginTrusted("u-ada", "laptop")).allowed, false);
    strictEqual((await t.beginTrusted("u-ada", "phone")).allowed, true);
  }, { maxPerDevice: 2 });
});

Deno.test("many honest logins from one address at once are never refused for contention", async () => {
  // Two handles on one KV file behave like two app processes.
  const path = await Deno.makeTempFile({ suffix: ".kv" });
  const kvs = [await Deno.openKv(path), await Deno.openKv(path)];
  try {
    const throttles = kvs.map((kv) => new LoginThrottle(kv));
    // 20 at a time from one address (the default limit), 10 rounds: each
    // succeeds and gives its slot back.
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const throttle = throttles[i % 2];
          const decision = await throttle.begin(`user${i}`, "10.0.0.1");
          if (decision.allowed) {
            await throttle.succeeded(`user${i}`, decision.slot);
          }
          return decision.allowed;
        }),
      );
      deepStrictEqual(results.filter((allowed) => !allowed), []);
    }
    strictEqual(await throttles[0].failures("address", "10.0.0.1"), 0);
  } finally {
    for (const kv of kvs) kv.close();
    await Deno.remove(path);
  }
});

Deno.test("bad options are refused at construction, naming the option", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    throws(
      () => new LoginThrottle(kv, { maxPerUsername: 0 }),
      /maxPerUsername/,
    );
    throws(
      () => new LoginThrottle(kv, { windowSeconds: 1.5 }),
      /windowSeconds/,
    );
  } finally {
    kv.close();
  }
});
