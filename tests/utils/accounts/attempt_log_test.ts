import { rejects, strictEqual } from "node:assert";
import { AttemptLog } from "../../../utils/accounts/attempt_log.ts";

Deno.test("an attempt whose counting fails does not stay counted", async () => {
  using kv = await Deno.openKv(":memory:");
  let failNextList = true;
  // The real KV, with one `list` failing as a busy database would.
  const flaky = new Proxy(kv, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === "list" && failNextList) {
        return () => {
          failNextList = false;
          throw new Error("database is locked");
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const log = new AttemptLog(flaky, 60_000, Date.now);
  const prefix = ["attempts", "10.0.0.1"];
  await rejects(log.take([{ prefix, max: 5 }]), /database is locked/);
  strictEqual(await log.count(prefix), 0);
  strictEqual((await log.take([{ prefix, max: 5 }])).allowed, true);
  strictEqual(await log.count(prefix), 1);
});
