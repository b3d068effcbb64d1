/**
 * Sign-up without HTTP, on a real in-memory KV and a real session: a new
 * account signs the session in; bad input, a taken name and the limits per
 * address create nothing, and a taken name or a limit costs no hashing.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { NameCheckLimit } from "../../../utils/accounts/name_check_limit.ts";
import { derivationCount } from "../../../utils/accounts/password.ts";
import { signUp, USERNAME_TAKEN } from "../../../utils/accounts/signup.ts";
import { SignupLimit } from "../../../utils/accounts/signup_limit.ts";
import { findUserByName } from "../../../utils/accounts/users.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import { createSessionManager } from "../../../utils/session/manager.ts";
import { request } from "../session/_helpers.ts";

const PASSWORD = "a long enough password";

function setup(
  kv: Deno.Kv,
  limits: { signups?: number; checks?: number } = {},
) {
  const manager = createSessionManager({ kv, logger: silentLogger });
  const services = {
    kv,
    signupLimit: new SignupLimit(kv, { maxPerAddress: limits.signups ?? 10 }),
    nameCheckLimit: new NameCheckLimit(kv, {
      maxPerAddress: limits.checks ?? 20,
    }),
  };
  return {
    services,
    session: () => manager.loadSession(request()),
  };
}

Deno.test("signUp creates the account under the normalized name and signs the session in", async () => {
  using kv = await Deno.openKv(":memory:");
  const { services, session } = setup(kv);
  const visitor = await session();
  const outcome = await signUp(services, visitor, {
    username: "  Ada_L ",
    password: PASSWORD,
    address: "10.0.0.1",
  });
  ok(outcome.ok);
  strictEqual(outcome.user.username, "ada_l");
  strictEqual(visitor.userId, outcome.user.id);
  strictEqual((await findUserByName(kv, "ada_l"))?.id, outcome.user.id);
});

Deno.test("signUp refuses bad input and a taken name, creating nothing and hashing nothing", async (t) => {
  using kv = await Deno.openKv(":memory:");
  const { services, session } = setup(kv);
  ok(
    (await signUp(services, await session(), {
      username: "taken",
      password: PASSWORD,
      address: "10.0.0.2",
    })).ok,
  );
  const cases: [string, string, string, (keyof typeof expected)[]][] = [
    ["a taken name", "TAKEN", PASSWORD, ["username"]],
    ["a short password", "fresh_name", "short", ["password"]],
    ["a bad name", "no spaces allowed", PASSWORD, ["username"]],
  ];
  const expected = { username: "", password: "" };
  for (const [name, username, password, fields] of cases) {
    await t.step(name, async () => {
      const visitor = await session();
      const hashed = derivationCount();
      const outcome = await signUp(services, visitor, {
        username,
        password,
        address: "10.0.0.2",
      });
      ok(!outcome.ok && outcome.reason === "invalid");
      deepStrictEqual(Object.keys(outcome.errors), fields);
      strictEqual(derivationCount(), hashed);
      strictEqual(visitor.userId, undefined);
    });
  }
  const taken = await signUp(services, await session(), {
    username: "taken",
    password: PASSWORD,
    address: "10.0.0.3",
  });
  ok(!taken.ok && taken.reason === "invalid");
  strictEqual(taken.errors.username, USERNAME_TAKEN);
});

Deno.test("signUp answers the per-address limits with their wait, before any lookup or hashing", async () => {
  using kv = await Deno.openKv(":memory:");
  const { services, session } = setup(kv, { signups: 1, checks: 1 });
  ok(
    (await signUp(services, await session(), {
      username: "first",
      password: PASSWORD,
      address: "10.0.0.4",
    })).ok,
  );
  const hashed = derivationCount();
  const second = await signUp(services, await session(), {
    username: "second",
    password: PASSWORD,
    address: "10.0.0.4",
  });
  ok(!second.ok && second.reason === "signups-limited");
  ok(second.retryAfter > 0);
  strictEqual(derivationCount(), hashed);
  strictEqual(await findUserByName(kv, "second"), null);

  const third = await signUp(services, await session(), {
    username: "third",
    password: PASSWORD,
    address: "10.0.0.4",
  });
  ok(!third.ok && third.reason === "name-checks-limited");
  ok(third.retryAfter > 0);
  strictEqual(third.username, "third");
});
