import { ok, rejects, strictEqual } from "node:assert";
import { isKvUnavailableError } from "../../../utils/kv/errors.ts";
import { retryingKv } from "../../../utils/kv/retry.ts";

/** A real KV whose first `n` commits and gets fail like a busy SQLite. */
function flaky(kv: Deno.Kv, n: number) {
  let failures = n;
  const fail = () => {
    if (failures-- > 0) throw new TypeError("database is locked");
  };
  return new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "get") {
        return async (...args: unknown[]) => {
          fail();
          return await value.apply(target, args);
        };
      }
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => Promise.resolve().then(fail).then(commit);
          return op;
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

Deno.test("retryingKv retries busy commits and reads, applying a commit once", async () => {
  using raw = await Deno.openKv(":memory:");
  const kv = retryingKv(flaky(raw, 3), { backoff: 1 });
  const result = await kv.atomic().check({ key: ["a"], versionstamp: null })
    .set(["a"], 1).sum(["n"], 1n).commit();
  ok(result.ok);
  strictEqual((await raw.get<Deno.KvU64>(["n"])).value?.value, 1n);
  strictEqual(
    (await retryingKv(flaky(raw, 2), { backoff: 1 }).get(["a"])).value,
    1,
  );
});

Deno.test("retryingKv gives up after its budget and leaves other errors alone", async () => {
  using raw = await Deno.openKv(":memory:");
  const kv = retryingKv(flaky(raw, 100), { retries: 3, backoff: 1 });
  await rejects(kv.get(["a"]), (e) => isKvUnavailableError(e));
  await rejects(
    retryingKv(raw).set(["a"], () => {}),
    (e: Error) => !isKvUnavailableError(e),
  );
});
