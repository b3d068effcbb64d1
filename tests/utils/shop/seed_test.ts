import { deepStrictEqual, strictEqual } from "node:assert";
import {
  Catalog,
  SEED_PRODUCTS,
  seedProducts,
} from "../../../utils/shop/catalog.ts";

/** A real KV handle whose atomic commits are counted. */
function countingCommits(kv: Deno.Kv) {
  const counts = { commits: 0 };
  const handle = new Proxy(kv, {
    get(target, prop) {
      if (prop === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = () => {
            counts.commits++;
            return commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { handle, counts };
}

Deno.test("seedProducts seeds an empty database once, and a start on a seeded one writes nothing, not even a refused commit", async () => {
  using kv = await Deno.openKv(":memory:");
  const { handle, counts } = countingCommits(kv);
  strictEqual(await seedProducts(handle), true);
  strictEqual(counts.commits, 1);
  deepStrictEqual(
    (await Catalog.load(kv)).all().map((p) => p.id),
    SEED_PRODUCTS.map((p) => p.id),
  );
  strictEqual(await seedProducts(handle), false);
  strictEqual(counts.commits, 1, "the second start only reads the marker");
});

Deno.test("seedProducts: two processes starting at once seed once, and a product edited since is not overwritten", async () => {
  using kv = await Deno.openKv(":memory:");
  const results = await Promise.all([seedProducts(kv), seedProducts(kv)]);
  deepStrictEqual(results.toSorted(), [false, true]);
  const edited = { ...SEED_PRODUCTS[0], priceCents: 999 };
  await kv.set(["products", edited.id], edited);
  strictEqual(await seedProducts(kv), false);
  strictEqual(
    (await kv.get<{ priceCents: number }>(["products", edited.id])).value
      ?.priceCents,
    999,
  );
});
