import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { verifyPassword } from "../../../utils/accounts/password.ts";
import {
  DEMO_PASSWORD,
  DEMO_USERNAME,
  ensureDemoUser,
  findUserByName,
  getUser,
  insertUser,
  isValidUsername,
  normalizeUsername,
  setPasswordHash,
} from "../../../utils/accounts/users.ts";
import { withKv } from "../../helpers/kv.ts";

// Users are stored with any hash string; these tests do no PBKDF2 except
// the one that checks the demo password.
const HASH = "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$x";

Deno.test("usernames: 3–32 of a-z, 0-9 and _, with ASCII case folded only", () => {
  const table: [string, boolean][] = [
    ["ada", true],
    ["a_1", true],
    ["x".repeat(32), true],
    ["ab", false],
    ["x".repeat(33), false],
    ["Ada", false],
    ["ad a", false],
    ["ad-a", false],
    ["\u00e9t\u00e9", false],
    ["__proto__", true],
  ];
  deepStrictEqual(
    table.map(([name]) => [name, isValidUsername(name)]),
    table,
  );
  strictEqual(normalizeUsername("  Ada_Lovelace "), "ada_lovelace");
  // The Kelvin sign lower-cases to "k" in Unicode; it must not become one.
  strictEqual(isValidUsername(normalizeUsername("\u212Aevin")), false);
});

Deno.test("insertUser stores both keys and finds the user by name and id", async () => {
  await withKv(async (kv) => {
    const user = await insertUser(kv, "ada", HASH, 1000);
    ok(user);
    deepStrictEqual(await getUser(kv, user.id), user);
    deepStrictEqual(await findUserByName(kv, "ada"), user);
    strictEqual(await findUserByName(kv, "bob"), null);
    strictEqual(await findUserByName(kv, "Not Valid"), null);
    strictEqual(user.createdAt, 1000);
  });
});

Deno.test("a taken name cannot be inserted again", async () => {
  await withKv(async (kv) => {
    ok(await insertUser(kv, "ada", HASH));
    strictEqual(await insertUser(kv, "ada", HASH), null);
  });
});

Deno.test("of many concurrent sign-ups for one name exactly one wins", async () => {
  await withKv(async (kv) => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => insertUser(kv, "race", HASH)),
    );
    const winners = results.filter((user) => user !== null);
    strictEqual(winners.length, 1);
    deepStrictEqual(await findUserByName(kv, "race"), winners[0]);
    // No orphan user records from the losers.
    const records = await Array.fromAsync(kv.list({ prefix: ["users"] }));
    strictEqual(records.length, 1);
  });
});

Deno.test("setPasswordHash replaces the hash; unknown ids give null", async () => {
  await withKv(async (kv) => {
    const user = (await insertUser(kv, "ada", HASH, 1000))!;
    const updated = await setPasswordHash(kv, user.id, "new-hash", 2000);
    strictEqual(updated?.user.passwordHash, "new-hash");
    strictEqual(updated?.user.passwordChangedAt, 2000);
    strictEqual((await getUser(kv, user.id))?.passwordHash, "new-hash");
    strictEqual(await setPasswordHash(kv, "missing", "x"), null);
  });
});

Deno.test("ensureDemoUser is idempotent, also when called concurrently", async () => {
  await withKv(async (kv) => {
    await Promise.all([ensureDemoUser(kv), ensureDemoUser(kv)]);
    await ensureDemoUser(kv);
    const demo = await findUserByName(kv, DEMO_USERNAME);
    ok(demo);
    const records = await Array.fromAsync(kv.list({ prefix: ["users"] }));
    strictEqual(records.length, 1);
    strictEqual(await verifyPassword(DEMO_PASSWORD, demo.passwordHash), true);
  });
});
