import {
  deepStrictEqual,
  notStrictEqual,
  ok,
  rejects,
  strictEqual,
  throws,
} from "node:assert";
import {
  generatePostId,
  isAuthor,
  isPostId,
  isVersionstamp,
  type Post,
  POST_ID_PATTERN,
} from "../../../utils/posts/post.ts";
import { PostStore } from "../../../utils/posts/posts.ts";

const alice = { id: "user-alice", name: "alice" };
const bob = { id: "user-bob", name: "bob" };

async function withStore(
  run: (store: PostStore, kv: Deno.Kv, clock: { now: number }) => Promise<void>,
): Promise<void> {
  const kv = await Deno.openKv(":memory:");
  const clock = { now: Date.UTC(2026, 0, 2, 3, 4, 5) };
  try {
    await run(new PostStore(kv, { now: () => clock.now }), kv, clock);
  } finally {
    kv.close();
  }
}

Deno.test("post ids: fixed width, time-sortable, random, validated", () => {
  const early = generatePostId(1_000);
  const late = generatePostId(Date.UTC(2026, 0, 1));
  ok(POST_ID_PATTERN.test(early) && POST_ID_PATTERN.test(late));
  strictEqual(early.length, late.length);
  ok(early < late, "string order is time order");
  const ids = new Set(
    Array.from({ length: 1000 }, () => generatePostId(1_000)),
  );
  strictEqual(ids.size, 1000, "same millisecond, still unique");
  throws(() => generatePostId(-1), RangeError);
  throws(() => generatePostId(36 ** 9), RangeError);
  throws(() => generatePostId(1.5), RangeError);
});

Deno.test("isPostId refuses malformed ids", () => {
  ok(isPostId(generatePostId(Date.now())));
  for (
    const bad of [
      "",
      "-1",
      "0",
      "1e309",
      "NaN",
      "99999999999999999999999",
      "..%2f..",
      "../..",
      "%2e%2e",
      "m0z5k2a1c-3f9x0q2k7b1\u0131", // dotless i
      "M0Z5K2A1C-3F9X0Q2K7B1D",
      "m0z5k2a1c-3f9x0q2k7b1d\n",
      " m0z5k2a1c-3f9x0q2k7b1d",
      "m0z5k2a1c3f9x0q2k7b1d",
      "m0z5k2a1c-3f9x0q2k7b1dd",
      "__proto__",
      null,
      undefined,
      123,
      ["m0z5k2a1c-3f9x0q2k7b1d"],
    ]
  ) {
    strictEqual(isPostId(bad), false, JSON.stringify(bad));
  }
  ok(isPostId("m0z5k2a1c-3f9x0q2k7b1d"));
});

Deno.test("store: create then get returns the post with author and times", async () => {
  await withStore(async (store, _kv, clock) => {
    const created = await store.create(
      { title: "Hello", body: "World" },
      alice,
    );
    ok(isPostId(created.post.id));
    ok(isVersionstamp(created.versionstamp));
    const expected: Post = {
      id: created.post.id,
      title: "Hello",
      body: "World",
      authorId: "user-alice",
      authorName: "alice",
      createdAt: clock.now,
      updatedAt: clock.now,
    };
    deepStrictEqual(created.post, expected);
    const read = await store.get(created.post.id);
    deepStrictEqual(read, created);
  });
});

Deno.test("store: get of unknown or malformed ids reads nothing", async () => {
  await withStore(async (store, kv) => {
    strictEqual(await store.get(generatePostId(5)), null);
    // A record under a key that is not a valid id is never reachable.
    await kv.set(["posts", "-1"], { title: "planted" });
    strictEqual(await store.get("-1"), null);
    strictEqual(await store.get("..%2f.."), null);
    strictEqual(await store.get(""), null);
  });
});

Deno.test("store: create refuses values validation would reject", async () => {
  await withStore(async (store) => {
    await rejects(
      () => store.create({ title: "", body: "" }, alice),
      RangeError,
    );
    await rejects(
      () => store.create({ title: "a".repeat(121), body: "" }, alice),
      RangeError,
    );
    await rejects(
      () => store.create({ title: "t", body: "b".repeat(10_001) }, alice),
      RangeError,
    );
    const largest = await store.create({
      title: "\u{1F600}".repeat(120),
      body: "\u{1F600}".repeat(10_000),
    }, alice);
    ok(largest.post.id, "the largest valid post fits in one KV value");
  });
});

Deno.test("store: list is newest first and pages with before", async () => {
  await withStore(async (store, _kv, clock) => {
    deepStrictEqual(await store.list(), { posts: [], next: null });
    const titles: string[] = [];
    for (let i = 0; i < 5; i++) {
      titles.push(`post ${i}`);
      // Same clock for all: ids must still keep creation order.
      await store.create({ title: `post ${i}`, body: "" }, alice);
    }
    clock.now += 1;
    const all = await store.list();
    deepStrictEqual(all.posts.map((p) => p.title), [...titles].reverse());
    strictEqual(all.next, null);
    const first = await store.list({ limit: 2 });
    deepStrictEqual(first.posts.map((p) => p.title), ["post 4", "post 3"]);
    ok(first.next);
    const second = await store.list({ limit: 2, before: first.next });
    deepStrictEqual(second.posts.map((p) => p.title), ["post 2", "post 1"]);
    const third = await store.list({ limit: 2, before: second.next! });
    deepStrictEqual(third.posts.map((p) => p.title), ["post 0"]);
    strictEqual(third.next, null);
  });
});

Deno.test("store: update changes title, body and updatedAt only", async () => {
  await withStore(async (store, _kv, clock) => {
    const { post, versionstamp } = await store.create(
      { title: "Old", body: "old" },
      alice,
    );
    clock.now += 60_000;
    const result = await store.update(
      post.id,
      { title: "New", body: "new" },
      versionstamp,
    );
    ok(result.ok, `update failed: ${JSON.stringify(result)}`);
    deepStrictEqual(result.post, {
      ...post,
      title: "New",
      body: "new",
      updatedAt: post.createdAt + 60_000,
    });
    notStrictEqual(result.versionstamp, versionstamp);
    deepStrictEqual(await store.get(post.id), {
      post: result.post,
      versionstamp: result.versionstamp,
    });
  });
});

Deno.test("store: a concurrent edit is a conflict, not an overwrite", async () => {
  await withStore(async (store) => {
    const { post, versionstamp } = await store.create(
      { title: "Start", body: "" },
      alice,
    );
    // Two tabs open the edit form at the same versionstamp.
    const first = await store.update(
      post.id,
      { title: "Tab one", body: "" },
      versionstamp,
    );
    ok(first.ok);
    const second = await store.update(
      post.id,
      { title: "Tab two", body: "" },
      versionstamp,
    );
    if (second.ok || second.reason !== "conflict") {
      throw new Error("expected a conflict");
    }
    strictEqual(second.current.post.title, "Tab one");
    strictEqual(second.current.versionstamp, first.ok && first.versionstamp);
    strictEqual((await store.get(post.id))?.post.title, "Tab one");
  });
});

Deno.test("store: racing updates from the same version, exactly one wins", async () => {
  await withStore(async (store) => {
    const { post, versionstamp } = await store.create(
      { title: "Start", body: "" },
      alice,
    );
    const results = await Promise.all(
      Array.from(
        { length: 8 },
        (_, i) =>
          store.update(post.id, { title: `edit ${i}`, body: "" }, versionstamp),
      ),
    );
    const winners = results.filter((r) => r.ok);
    strictEqual(winners.length, 1);
    ok(results.every((r) => r.ok || r.reason === "conflict"));
    const stored = await store.get(post.id);
    strictEqual(stored?.post.title, winners[0].ok && winners[0].post.title);
  });
});

Deno.test("store: update of a missing post or a bad versionstamp", async () => {
  await withStore(async (store) => {
    deepStrictEqual(
      await store.update(generatePostId(1), { title: "x", body: "" }, "0"),
      { ok: false, reason: "not_found" },
    );
    deepStrictEqual(
      await store.update("../x", { title: "x", body: "" }, "0"),
      { ok: false, reason: "not_found" },
    );
    const { post } = await store.create({ title: "A", body: "" }, alice);
    const result = await store.update(post.id, { title: "B", body: "" }, "");
    strictEqual(!result.ok && result.reason, "conflict");
    strictEqual((await store.get(post.id))?.post.title, "A");
  });
});

Deno.test("store: delete, with and without an expected version", async () => {
  await withStore(async (store) => {
    const a = await store.create({ title: "A", body: "" }, alice);
    deepStrictEqual(await store.delete(a.post.id), { ok: true });
    strictEqual(await store.get(a.post.id), null);
    deepStrictEqual(await store.delete(a.post.id), {
      ok: false,
      reason: "not_found",
    });
    deepStrictEqual(await store.delete("-1"), {
      ok: false,
      reason: "not_found",
    });

    const b = await store.create({ title: "B", body: "" }, alice);
    const edited = await store.update(
      b.post.id,
      { title: "B2", body: "" },
      b.versionstamp,
    );
    ok(edited.ok);
    deepStrictEqual(await store.delete(b.post.id, b.versionstamp), {
      ok: false,
      reason: "conflict",
    });
    ok(await store.get(b.post.id), "a stale delete keeps the post");
    deepStrictEqual(
      await store.delete(b.post.id, edited.ok ? edited.versionstamp : ""),
      { ok: true },
    );
  });
});

Deno.test("isAuthor", async () => {
  await withStore(async (store) => {
    const { post } = await store.create({ title: "A", body: "" }, alice);
    strictEqual(isAuthor(post, alice.id), true);
    strictEqual(isAuthor(post, bob.id), false);
    strictEqual(isAuthor(post, undefined), false);
  });
});
