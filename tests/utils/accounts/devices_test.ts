import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert";
import { TrustedDevices } from "../../../utils/accounts/devices.ts";
import { hashToken, type SessionToken } from "../../../utils/session/token.ts";

async function withDevices(
  run: (
    d: TrustedDevices,
    clock: { now: number },
    kv: Deno.Kv,
  ) => Promise<void>,
) {
  const kv = await Deno.openKv(":memory:");
  const clock = { now: Date.UTC(2026, 0, 1) };
  try {
    await run(
      new TrustedDevices(kv, { lifetimeSeconds: 3600, now: () => clock.now }),
      clock,
      kv,
    );
  } finally {
    kv.close();
  }
}

Deno.test("a remembered browser is trusted by that account only, until its lifetime ends", async () => {
  await withDevices(async (devices, clock) => {
    const token = await devices.remember("u1", undefined);
    strictEqual(
      await devices.trustedId("u1", token),
      hashToken(token as SessionToken),
    );
    strictEqual(await devices.trustedId("u2", token), null);
    clock.now += 3600_000 - 1;
    ok(await devices.trustedId("u1", token));
    // Expired by its own date, though KV may not have deleted it yet.
    clock.now += 1;
    strictEqual(await devices.trustedId("u1", token), null);
  });
});

Deno.test("a browser keeps its token across accounts and sign-ins; a malformed one is replaced", async () => {
  await withDevices(async (devices, clock, kv) => {
    const token = await devices.remember("u1", undefined);
    clock.now += 1000;
    strictEqual(await devices.remember("u2", token), token);
    strictEqual(await devices.remember("u1", token), token);
    const record = await kv.get<{ createdAt: number; lastSignInAt: number }>(
      ["login_devices", "u1", hashToken(token as SessionToken)],
    );
    deepStrictEqual(
      [record.value?.createdAt, record.value?.lastSignInAt],
      [clock.now - 1000, clock.now],
    );
    const replaced = await devices.remember("u1", "not a token");
    notStrictEqual(replaced, "not a token");
    strictEqual(await devices.trustedId("u1", "not a token"), null);
    strictEqual(await devices.trustedId("u1", undefined), null);
  });
});

Deno.test("forgetUser removes every device of the account, and only those", async () => {
  await withDevices(async (devices) => {
    const a = await devices.remember("u1", undefined);
    const b = await devices.remember("u1", undefined);
    await devices.remember("u2", a);
    await devices.forgetUser("u1");
    strictEqual(await devices.trustedId("u1", a), null);
    strictEqual(await devices.trustedId("u1", b), null);
    ok(await devices.trustedId("u2", a));
  });
});
