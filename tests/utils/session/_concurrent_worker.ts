/**
 * A second process for the two-process concurrency test. Usage:
 *
 *   deno run --unstable-kv --allow-read --allow-write _concurrent_worker.ts \
 *     <kv path> <cookie pair> <first id> <count>
 *
 * Opens the shared KV file, runs `count` concurrent requests that each
 * append one id to the cart with `update`, and prints a JSON summary:
 * how many "database is locked" errors the real KV raised (and the store
 * retried) and how many saves failed.
 *
 * @module
 */
import { createSessionManager } from "../../../utils/session/manager.ts";
import { silentLogger } from "../../../utils/session/logger.ts";
import { request } from "./_helpers.ts";

const [path, cookie, first, count] = Deno.args;
const real = await Deno.openKv(path);
let locked = 0;
// Observe (not alter) the real KV: count the lock errors it raises.
const kv = new Proxy(real, {
  get(target, prop) {
    const value = Reflect.get(target, prop, target);
    if (prop === "atomic") {
      return () => {
        const op = target.atomic();
        const commit = op.commit.bind(op);
        op.commit = () =>
          commit().catch((error) => {
            if (/database is locked/.test(String(error))) locked++;
            throw error;
          });
        return op;
      };
    }
    if (prop === "get") {
      return (...args: Parameters<Deno.Kv["get"]>) =>
        target.get(...args).catch((error) => {
          if (/database is locked/.test(String(error))) locked++;
          throw error;
        });
    }
    return typeof value === "function" ? value.bind(target) : value;
  },
});
const manager = createSessionManager({ kv, logger: silentLogger });
let failed = 0;
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    const session = await manager.loadSession(request(cookie));
    session.update<number[]>(
      "cart",
      (cart) => [...cart, Number(first) + i],
      [],
    );
    try {
      await manager.commitSession(session, new Headers());
    } catch (error) {
      failed++;
      console.error(String(error));
    }
  }),
);
real.close();
console.log(JSON.stringify({ locked, failed }));
