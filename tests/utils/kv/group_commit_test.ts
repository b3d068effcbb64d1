import { deepStrictEqual, ok, rejects, strictEqual, throws } from "node:assert";
import {
  GroupCommitter,
  type PlannedCommit,
} from "../../../utils/kv/group_commit.ts";
import { withKv } from "../../helpers/kv.ts";

function set(key: Deno.KvKey, value: unknown): Deno.KvMutation {
  return { type: "set", key, value };
}

Deno.test("group commit: a lone operation commits at once, as commit() would", async () => {
  await withKv(async (kv) => {
    const committer = new GroupCommitter(kv);
    const result = await committer.commit({
      checks: [{ key: ["a"], versionstamp: null }],
      mutations: [set(["a"], 1)],
    });
    ok(result.ok);
    strictEqual((await kv.get(["a"])).versionstamp, result.versionstamp);
    const again = await committer.commit({
      checks: [{ key: ["a"], versionstamp: null }],
      mutations: [set(["a"], 2)],
    });
    strictEqual(again.ok, false);
    strictEqual((await kv.get(["a"])).value, 1);
  });
});

Deno.test("group commit: concurrent operations on different keys share transactions", async () => {
  await withKv(async (kv) => {
    const committer = new GroupCommitter(kv, { maxBatch: 8 });
    const results = await Promise.all(
      Array.from({ length: 17 }, (_, i) =>
        committer.commit({
          checks: [{ key: ["k", i], versionstamp: null }],
          mutations: [set(["k", i], i)],
        })),
    );
    ok(results.every((r) => r.ok));
    const stamps = new Set(
      results.map((r) => (r as Deno.KvCommitResult).versionstamp),
    );
    // The first commits alone; the 16 queued behind it go in batches of 8.
    strictEqual(stamps.size, 3);
    for (let i = 0; i < 17; i++) strictEqual((await kv.get(["k", i])).value, i);
  });
});

Deno.test("group commit: two racing check-and-sets of one key never both win", async () => {
  await withKv(async (kv) => {
    await kv.set(["cart"], 0);
    const committer = new GroupCommitter(kv);
    const base = await kv.get<number>(["cart"]);
    const blocker = committer.commit({
      checks: [],
      mutations: [set(["x"], 1)],
    });
    // Both queue behind the blocker with the same expectation: sharing a
    // transaction would let both checks pass against the old row.
    const [a, b] = await Promise.all([
      committer.commit({ checks: [base], mutations: [set(["cart"], 1)] }),
      committer.commit({ checks: [base], mutations: [set(["cart"], 2)] }),
    ]);
    await blocker;
    deepStrictEqual([a.ok, b.ok], [true, false]);
    strictEqual((await kv.get(["cart"])).value, 1);
  });
});

Deno.test("group commit: keys that KV stores as one are never batched as two", async () => {
  await withKv(async (kv) => {
    // KV writes strings as UTF-8, where any lone surrogate becomes U+FFFD:
    // these two keys are one row, still absent.
    const high: Deno.KvKey = ["s", "\ud800"];
    const low: Deno.KvKey = ["s", "\udc00"];
    const committer = new GroupCommitter(kv);
    const blocker = committer.commit({
      checks: [],
      mutations: [set(["b"], 0)],
    });
    const [a, b] = await Promise.all([
      committer.commit({
        checks: [{ key: high, versionstamp: null }],
        mutations: [set(high, "A")],
      }),
      committer.commit({
        checks: [{ key: low, versionstamp: null }],
        mutations: [set(low, "B")],
      }),
    ]);
    await blocker;
    deepStrictEqual([a.ok, b.ok], [true, false]);
    strictEqual((await kv.get(["s", "\ufffd"])).value, "A");
  });
});

Deno.test("group commit: a failed check fails only its own operation", async () => {
  await withKv(async (kv) => {
    const stale = await kv.get(["x"]);
    await kv.set(["x"], "moved on");
    const committer = new GroupCommitter(kv);
    const blocker = committer.commit({
      checks: [],
      mutations: [set(["b"], 0)],
    });
    const plans: PlannedCommit[] = [
      { checks: [], mutations: [set(["p"], 1)] },
      { checks: [stale], mutations: [set(["x"], "lost")] },
      { checks: [], mutations: [set(["q"], 2)] },
    ];
    const results = await Promise.all(plans.map((p) => committer.commit(p)));
    await blocker;
    deepStrictEqual(results.map((r) => r.ok), [true, false, true]);
    strictEqual((await kv.get(["x"])).value, "moved on");
    strictEqual((await kv.get(["p"])).value, 1);
    strictEqual((await kv.get(["q"])).value, 2);
  });
});

Deno.test("group commit: a batch over KV's size limit is committed part by part; an oversized part fails alone", async () => {
  await withKv(async (kv) => {
    const committer = new GroupCommitter(kv);
    const blocker = committer.commit({
      checks: [],
      mutations: [set(["b"], 0)],
    });
    const big = "x".repeat(60_000);
    // 15 × 60 KB exceeds the 800 KiB a single commit may write.
    const fine = Array.from(
      { length: 15 },
      (_, i) =>
        committer.commit({ checks: [], mutations: [set(["big", i], big)] }),
    );
    const tooLarge = committer.commit({
      checks: [],
      mutations: [set(["huge"], "y".repeat(70_000))],
    });
    await rejects(tooLarge, /too large/i);
    ok((await Promise.all(fine)).every((r) => r.ok));
    await blocker;
    strictEqual((await kv.get(["big", 14])).value, big);
    strictEqual((await kv.get(["huge"])).versionstamp, null);
  });
});

Deno.test("group commit: writes to one key land in arrival order", async () => {
  await withKv(async (kv) => {
    const committer = new GroupCommitter(kv);
    await Promise.all(
      Array.from(
        { length: 10 },
        (_, i) => committer.commit({ checks: [], mutations: [set(["n"], i)] }),
      ),
    );
    strictEqual((await kv.get(["n"])).value, 9);
  });
});

Deno.test("group commit: concurrent read-modify-write loops lose no update", async () => {
  const path = await Deno.makeTempFile({ suffix: ".kv" });
  const kv = await Deno.openKv(path);
  try {
    const committer = new GroupCommitter(kv);
    const increment = async (key: Deno.KvKey) => {
      for (;;) {
        const entry = await kv.get<number>(key);
        const result = await committer.commit({
          checks: [entry],
          mutations: [set(key, (entry.value ?? 0) + 1)],
        });
        if (result.ok) return;
      }
    };
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => increment(["counter", i % 5])),
    );
    for (let i = 0; i < 5; i++) {
      strictEqual((await kv.get(["counter", i])).value, 40);
    }
  } finally {
    kv.close();
    await Deno.remove(path);
  }
});

Deno.test("group commit: bad options are refused", async () => {
  await withKv((kv) => {
    throws(() => new GroupCommitter(kv, { maxBatch: 0 }), /maxBatch/);
    return Promise.resolve();
  });
});
