/**
 * The contract every {@linkcode SessionStore} must pass (Django runs its
 * `SessionTestsMixin` against each backend the same way). Call
 * `storeContract(name, open)` from a `_test.ts` file for each backend.
 *
 * @module
 */
import {
  deepStrictEqual,
  notDeepStrictEqual,
  ok,
  rejects,
  strictEqual,
} from "node:assert";
import { SessionGuardError } from "../../../utils/session/errors.ts";
import type {
  SessionRecord,
  SessionStore,
} from "../../../utils/session/store.ts";
import {
  generateToken,
  hashToken,
  type TokenHash,
} from "../../../utils/session/token.ts";

/** A store for one test, and how to dispose of it. */
export interface StoreFixture {
  store: SessionStore;
  close(): Promise<void> | void;
}

function record(
  data: Record<string, unknown>,
  extra: Partial<SessionRecord> = {},
): SessionRecord {
  const now = Date.now();
  return {
    v: 1,
    data: JSON.stringify(data),
    createdAt: now,
    lastActiveAt: now,
    absoluteExpiresAt: now + 60_000,
    expiresAt: now + 60_000,
    idleTimeout: 60,
    persistent: true,
    ref: "ref-" + crypto.randomUUID(),
    userAgent: "Chrome on Linux",
    ...extra,
  };
}

const newHash = (): TokenHash => hashToken(generateToken());

/** Registers the contract tests for one backend. */
export function storeContract(
  name: string,
  open: () => Promise<StoreFixture>,
): void {
  const test = (title: string, fn: (store: SessionStore) => Promise<void>) =>
    Deno.test(`${name}: ${title}`, async () => {
      const fixture = await open();
      try {
        await fn(fixture.store);
      } finally {
        await fixture.close();
      }
    });

  test("a guard that holds lets the commit through; one that fails throws SessionGuardError and writes nothing", async (store) => {
    const absent = ["contract_guard", crypto.randomUUID()];
    const kept = newHash();
    ok(
      await store.commit({
        guards: [{ key: absent, version: null }],
        put: {
          hash: kept,
          record: record({ a: 1 }),
          expected: null,
          expireIn: 60_000,
        },
      }),
    );
    ok(await store.load(kept));
    const refused = newHash();
    await rejects(
      () =>
        store.commit({
          // A version the (absent) record never had: it changed.
          guards: [{ key: absent, version: "00000000000000000001" }],
          put: {
            hash: refused,
            record: record({ a: 2 }),
            expected: null,
            expireIn: 60_000,
          },
        }),
      SessionGuardError,
    );
    strictEqual(await store.load(refused), null);
  });

  test("load of an unknown hash is null", async (store) => {
    strictEqual(await store.load(newHash()), null);
  });

  test("put with expected null creates once", async (store) => {
    const hash = newHash();
    const rec = record({ cart: [1] });
    const version = await store.commit({
      put: { hash, record: rec, expected: null, expireIn: 60_000 },
    });
    ok(version);
    const loaded = await store.load(hash);
    deepStrictEqual(loaded?.version, version);
    deepStrictEqual(loaded?.data, { cart: [1] });
    deepStrictEqual(loaded?.record.ref, rec.ref);
    strictEqual(
      await store.commit({
        put: { hash, record: rec, expected: null, expireIn: 60_000 },
      }),
      null,
      "second create must fail",
    );
  });

  test("put is guarded by the version read", async (store) => {
    const hash = newHash();
    const v1 = await store.commit({
      put: { hash, record: record({ n: 1 }), expected: null, expireIn: 60_000 },
    });
    const v2 = await store.commit({
      put: { hash, record: record({ n: 2 }), expected: v1, expireIn: 60_000 },
    });
    ok(v2);
    ok(v2 > v1!, "versions grow in commit order");
    strictEqual(
      await store.commit({
        put: { hash, record: record({ n: 3 }), expected: v1, expireIn: 60_000 },
      }),
      null,
    );
    deepStrictEqual((await store.load(hash))?.data, { n: 2 });
  });

  test("a commit is all or nothing", async (store) => {
    const oldHash = newHash();
    const v1 = await store.commit({
      put: {
        hash: oldHash,
        record: record({ a: 1 }),
        expected: null,
        expireIn: 60_000,
      },
    });
    // Someone else writes the old session...
    await store.commit({
      put: {
        hash: oldHash,
        record: record({ a: 2 }),
        expected: v1,
        expireIn: 60_000,
      },
    });
    // ...so a rotation guarded by the stale version must change nothing.
    const newH = newHash();
    const result = await store.commit({
      put: {
        hash: newH,
        record: record({ a: 1 }),
        expected: null,
        expireIn: 60_000,
      },
      remove: [{ hash: oldHash, expected: v1 }],
    });
    strictEqual(result, null);
    strictEqual(await store.load(newH), null);
    deepStrictEqual((await store.load(oldHash))?.data, { a: 2 });
  });

  test("remove, unconditional and guarded", async (store) => {
    const a = newHash();
    const b = newHash();
    const va = await store.commit({
      put: { hash: a, record: record({}), expected: null, expireIn: 60_000 },
    });
    await store.commit({
      put: { hash: b, record: record({}), expected: null, expireIn: 60_000 },
    });
    ok(
      await store.commit({ remove: [{ hash: a, expected: va }, { hash: b }] }),
    );
    strictEqual(await store.load(a), null);
    strictEqual(await store.load(b), null);
  });

  test("user index: put, list joined with sessions, guarded remove", async (store) => {
    const userId = "user-" + crypto.randomUUID();
    const hashes = [newHash(), newHash()];
    for (const [i, hash] of hashes.entries()) {
      const rec = record({ i }, { userId, ref: `r${i}` });
      ok(
        await store.commit({
          put: { hash, record: rec, expected: null, expireIn: 60_000 },
          indexPut: {
            userId,
            ref: `r${i}`,
            entry: { hash, createdAt: rec.createdAt, userAgent: rec.userAgent },
            expireIn: 60_000,
          },
        }),
      );
    }
    // A dangling entry: its session does not exist.
    await store.commit({
      indexPut: {
        userId,
        ref: "r9",
        entry: { hash: newHash(), createdAt: 0, userAgent: "x" },
        expireIn: 60_000,
      },
    });
    const listed = await store.listUser(userId);
    deepStrictEqual(listed.map((x) => x.ref), ["r0", "r1", "r9"]);
    deepStrictEqual(listed[0].session?.data, { i: 0 });
    strictEqual(listed[2].session, null);
    deepStrictEqual(await store.listUser("someone-else"), []);
    // Removal guarded by a stale index version fails.
    const stale = listed[0].version;
    await store.commit({
      indexPut: { userId, ref: "r0", entry: listed[0].entry, expireIn: 60_000 },
    });
    strictEqual(
      await store.commit({
        indexRemove: [{ userId, ref: "r0", expected: stale }],
      }),
      null,
    );
    const fresh = (await store.listUser(userId))[0];
    notDeepStrictEqual(fresh.version, stale);
    ok(
      await store.commit({
        indexRemove: [{ userId, ref: "r0", expected: fresh.version }],
      }),
    );
    deepStrictEqual((await store.listUser(userId)).map((x) => x.ref), [
      "r1",
      "r9",
    ]);
  });
}
