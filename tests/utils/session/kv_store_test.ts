import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert";
import { KvSessionStore } from "../../../utils/session/kv_store.ts";
import {
  SessionTooLargeError,
  SessionUnavailableError,
} from "../../../utils/session/errors.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import type { SessionRecord } from "../../../utils/session/store.ts";
import { generateToken, hashToken } from "../../../utils/session/token.ts";
import {
  countingKv,
  lockingKv,
  recordingLogger,
  tempKvPath,
} from "./_helpers.ts";
import { storeContract } from "./store_contract.ts";

storeContract("KvSessionStore on :memory:", async () => {
  const kv = await Deno.openKv(":memory:");
  return {
    store: new KvSessionStore(kv, { logger: silentLogger }),
    close: () => kv.close(),
  };
});

storeContract("KvSessionStore on a file", async () => {
  const tmp = await tempKvPath();
  const kv = await Deno.openKv(tmp.path);
  return {
    store: new KvSessionStore(kv, { logger: silentLogger }),
    close: async () => {
      kv.close();
      await tmp.cleanup();
    },
  };
});

function record(data: string): SessionRecord {
  const now = Date.now();
  return {
    v: 1,
    data,
    createdAt: now,
    lastActiveAt: now,
    absoluteExpiresAt: now + 60_000,
    expiresAt: now + 60_000,
    idleTimeout: 60,
    persistent: true,
    ref: "r",
    userAgent: "x",
  };
}

Deno.test("KvSessionStore refuses a missing KV handle, naming the fix", () => {
  throws(
    () => new KvSessionStore(undefined as unknown as Deno.Kv),
    (error) =>
      error instanceof TypeError && error.message.includes("utils/kv/db.ts"),
  );
});

Deno.test("records are stored under [sessions, hash] with expireIn", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = new KvSessionStore(kv, { logger: silentLogger });
  const hash = hashToken(generateToken());
  await store.commit({
    put: { hash, record: record("{}"), expected: null, expireIn: 60_000 },
  });
  const raw = await kv.get<SessionRecord>(["sessions", hash]);
  strictEqual(raw.value?.data, "{}");
});

Deno.test("'database is locked' is retried with backoff, then succeeds", async () => {
  using real = await Deno.openKv(":memory:");
  const locking = lockingKv(real, 3);
  const counting = countingKv(locking.kv);
  const store = new KvSessionStore(counting.kv, {
    logger: silentLogger,
    lockedBackoff: 1,
  });
  const hash = hashToken(generateToken());
  const version = await store.commit({
    put: { hash, record: record('{"a":1}'), expected: null, expireIn: 60_000 },
  });
  ok(version, "commit lands after the lock clears");
  strictEqual(locking.thrown(), 3);
  strictEqual(counting.counts.commit, 4);
  const loaded = await store.load(hash);
  deepStrictEqual(loaded?.data, { a: 1 });
});

Deno.test("a store that stays locked gives SessionUnavailableError and writes nothing", async () => {
  using real = await Deno.openKv(":memory:");
  const locking = lockingKv(real, 1000);
  const logger = recordingLogger();
  const store = new KvSessionStore(locking.kv, {
    logger,
    lockedBackoff: 1,
    lockedRetries: 4,
  });
  const hash = hashToken(generateToken());
  await rejects(
    () =>
      store.commit({
        put: { hash, record: record("{}"), expected: null, expireIn: 60_000 },
      }),
    (error) => {
      ok(error instanceof SessionUnavailableError);
      ok(error.retryAfter >= 1);
      return true;
    },
  );
  strictEqual(locking.thrown(), 5, "1 try + 4 retries");
  ok(logger.text().includes("stayed locked"));
  strictEqual((await real.get(["sessions", hash])).versionstamp, null);
  await rejects(() => store.load(hash), SessionUnavailableError);
});

Deno.test("the locked-retry budget bounds the time spent", async () => {
  using real = await Deno.openKv(":memory:");
  const locking = lockingKv(real, 1000);
  const store = new KvSessionStore(locking.kv, {
    logger: silentLogger,
    lockedRetries: 1000,
    lockedBackoff: 5,
    lockedBudget: 50,
  });
  const started = Date.now();
  await rejects(
    () => store.load(hashToken(generateToken())),
    SessionUnavailableError,
  );
  ok(Date.now() - started < 1000);
});

Deno.test("other KV errors are not retried", async () => {
  using real = await Deno.openKv(":memory:");
  let calls = 0;
  const kv = new Proxy(real, {
    get(target, prop) {
      if (prop === "get") {
        return () => {
          calls++;
          return Promise.reject(new Error("disk I/O error"));
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const store = new KvSessionStore(kv, { logger: silentLogger });
  await rejects(
    () => store.load(hashToken(generateToken())),
    (error) => error instanceof Error && error.message.includes("disk I/O"),
  );
  strictEqual(calls, 1);
});

Deno.test("KV's own 'Value too large' becomes SessionTooLargeError", async () => {
  using kv = await Deno.openKv(":memory:");
  const store = new KvSessionStore(kv, { logger: silentLogger });
  const hash = hashToken(generateToken());
  await rejects(
    () =>
      store.commit({
        put: {
          hash,
          record: record(JSON.stringify({ a: "x".repeat(70_000) })),
          expected: null,
          expireIn: 60_000,
        },
      }),
    SessionTooLargeError,
  );
  strictEqual((await kv.get(["sessions", hash])).versionstamp, null);
});

Deno.test("a real lock held by another process: 503-worthy error after SQLite's wait", async () => {
  // Another process holds an exclusive SQLite lock on the KV file; Deno KV
  // waits (SQLite busy timeout), then reports "database is locked".
  const tmp = await tempKvPath();
  try {
    using kv = await Deno.openKv(tmp.path);
    await kv.set(["warm"], 1);
    const holder = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-write",
        new URL("./_lock_holder.ts", import.meta.url).pathname,
        tmp.path,
        "8000",
      ],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    const reader = holder.stdout.getReader();
    await reader.read(); // "locked"
    const store = new KvSessionStore(kv, {
      logger: silentLogger,
      lockedBudget: 100,
    });
    const hash = hashToken(generateToken());
    await rejects(
      () =>
        store.commit({
          put: { hash, record: record("{}"), expected: null, expireIn: 60_000 },
        }),
      (error) => {
        ok(error instanceof SessionUnavailableError);
        ok(String(error.cause).includes("database is locked"));
        return true;
      },
    );
    reader.releaseLock();
    await holder.stdout.cancel();
    holder.kill(); // the child this test started; its lock dies with it
    await holder.status;
    strictEqual((await kv.get(["sessions", hash])).versionstamp, null);
  } finally {
    await tmp.cleanup();
  }
});

Deno.test("a corrupt user session index entry stays listed (to be cleaned) and is logged once with its key", async () => {
  using kv = await Deno.openKv(":memory:");
  const logger = recordingLogger();
  const store = new KvSessionStore(kv, { logger });
  await kv.set(["user_sessions", "alice", "ref-1"], "garbage");
  for (let i = 0; i < 2; i++) {
    const listed = await store.listUser("alice");
    deepStrictEqual(listed.map((s) => [s.ref, s.session]), [["ref-1", null]]);
  }
  const lines = logger.lines.filter((l) => l.includes("corrupt user session"));
  strictEqual(lines.length, 1);
  ok(
    lines[0].includes('"key":["user_sessions","alice","ref-1"]'),
    lines[0],
  );
});
