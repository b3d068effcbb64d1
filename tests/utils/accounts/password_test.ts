import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  constantTimeEqual,
  derivationCount,
  DUMMY_PASSWORD_HASH,
  hashPassword,
  needsRehash,
  parsePasswordHash,
  PBKDF2_ITERATIONS,
  verifyPassword,
} from "../../../utils/accounts/password.ts";

// Most tests use a cheap cost; one checks the real default.
const CHEAP = 1000;

Deno.test("new hashes use PBKDF2-SHA256 with at least 600,000 iterations and a 16-byte salt", async () => {
  const before = derivationCount();
  const stored = await hashPassword("correct horse battery");
  strictEqual(derivationCount() - before, 1);
  const [algorithm, iterations] = stored.split("$");
  strictEqual(algorithm, "pbkdf2-sha256");
  ok(Number(iterations) >= 600_000);
  strictEqual(Number(iterations), PBKDF2_ITERATIONS);
  const parts = parsePasswordHash(stored)!;
  strictEqual(parts.salt.length, 16);
  strictEqual(parts.hash.length, 32);
  strictEqual(needsRehash(stored), false);
});

Deno.test("verify accepts the password and refuses others", async () => {
  const stored = await hashPassword("correct horse battery", CHEAP);
  strictEqual(await verifyPassword("correct horse battery", stored), true);
  strictEqual(await verifyPassword("correct horse batterY", stored), false);
  strictEqual(await verifyPassword("", stored), false);
});

Deno.test("the same password gets a different salt each time", async () => {
  const a = await hashPassword("same password", CHEAP);
  const b = await hashPassword("same password", CHEAP);
  ok(a !== b);
});

Deno.test("composed and decomposed accents are the same password", async () => {
  const stored = await hashPassword("caf\u00e9 au lait!", CHEAP);
  strictEqual(await verifyPassword("cafe\u0301 au lait!", stored), true);
});

Deno.test("the iteration count is read from the stored hash, and weak ones need a rehash", async () => {
  const stored = await hashPassword("old and cheap", CHEAP);
  strictEqual(parsePasswordHash(stored)?.iterations, CHEAP);
  strictEqual(await verifyPassword("old and cheap", stored), true);
  strictEqual(needsRehash(stored), true);
});

Deno.test("malformed stored hashes never match, and still cost one derivation", async () => {
  const valid = await hashPassword("pw", CHEAP);
  const [, , salt, hash] = valid.split("$");
  const bad = [
    "",
    "plain-text-password",
    `md5$${CHEAP}$${salt}$${hash}`,
    `pbkdf2-sha256$0$${salt}$${hash}`,
    `pbkdf2-sha256$99999999999$${salt}$${hash}`,
    `pbkdf2-sha256$${CHEAP}$${salt}$${hash.slice(0, 10)}`,
    `pbkdf2-sha256$${CHEAP}$!!!$${hash}`,
    `pbkdf2-sha256$${CHEAP}$${salt}$${hash}$extra`,
  ];
  for (const stored of bad) {
    strictEqual(parsePasswordHash(stored), null, stored);
  }
  // One full-cost check is enough to show the dummy path is taken.
  const before = derivationCount();
  strictEqual(await verifyPassword("pw", "plain-text-password"), false);
  strictEqual(derivationCount() - before, 1);
});

Deno.test("the dummy hash is well formed, full cost, and matches nothing", async () => {
  const parts = parsePasswordHash(DUMMY_PASSWORD_HASH);
  strictEqual(parts?.iterations, PBKDF2_ITERATIONS);
  strictEqual(await verifyPassword("", DUMMY_PASSWORD_HASH), false);
});

Deno.test("constantTimeEqual compares whole arrays", () => {
  const a = new Uint8Array([1, 2, 3, 4]);
  const table: [Uint8Array, boolean][] = [
    [new Uint8Array([1, 2, 3, 4]), true],
    [new Uint8Array([0, 2, 3, 4]), false],
    [new Uint8Array([1, 2, 3, 5]), false],
    [new Uint8Array([1, 2, 3]), false],
    [new Uint8Array([1, 2, 3, 4, 0]), false],
  ];
  deepStrictEqual(
    table.map(([b]) => constantTimeEqual(a, b)),
    table.map(([, expected]) => expected),
  );
  strictEqual(constantTimeEqual(new Uint8Array(), new Uint8Array()), true);
});

Deno.test("constantTimeEqual reads every byte, whether the first or the last one differs", () => {
  // Counted, not timed: an early-exit compare would stop at the first
  // difference. Timing this on a shared machine proves nothing.
  const size = 64;
  const a = new Uint8Array(size).fill(7);
  for (const at of [0, size - 1]) {
    const differing = a.slice();
    differing[at] = 8;
    const read = new Set<PropertyKey>();
    const watched = new Proxy(differing, {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) read.add(key);
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    ok(!constantTimeEqual(a, watched));
    ok(
      read.size === size,
      `read ${read.size} of ${size} bytes (diff at ${at})`,
    );
  }
});
