/**
 * The middleware that loads the catalogue before a page renders its cart
 * badge (`catalogLoaded` in utils/shop/store.ts): what waits for the load,
 * and how often a failing KV is asked again.
 */
import { strictEqual } from "node:assert";
import type { FreshContext } from "$fresh/server.ts";
import { Catalog } from "../../../utils/shop/catalog.ts";
import { catalogLoaded } from "../../../utils/shop/store.ts";

type Destination = FreshContext["destination"];

/** Sends one request of `destination` through `middleware`. */
async function pass(
  middleware: ReturnType<typeof catalogLoaded>,
  destination: Destination = "route",
): Promise<number> {
  const ctx = {
    destination,
    next: () => Promise.resolve(new Response("page")),
  } as unknown as FreshContext;
  const res = await middleware(new Request("http://localhost/about"), ctx);
  return res.status;
}

Deno.test("catalogLoaded: static files and internal assets never wait for the catalogue; pages and the 404 page do", async () => {
  const kv = await Deno.openKv(":memory:");
  try {
    let loads = 0;
    const load = () => {
      loads++;
      return Catalog.load(kv);
    };
    for (const destination of ["static", "internal"] as const) {
      const middleware = catalogLoaded({ load, isLoaded: () => false });
      strictEqual(await pass(middleware, destination), 200);
      strictEqual(loads, 0, destination);
    }
    for (const destination of ["route", "notFound"] as const) {
      loads = 0;
      const middleware = catalogLoaded({ load, isLoaded: () => false });
      strictEqual(await pass(middleware, destination), 200);
      strictEqual(loads, 1, destination);
    }
  } finally {
    kv.close();
  }
});

Deno.test("catalogLoaded: while KV fails, pages still answer and the load is tried again at most once per retry interval, not on every request", async () => {
  const kv = await Deno.openKv(":memory:");
  kv.close();
  let loads = 0;
  let now = 0;
  const middleware = catalogLoaded({
    load: () => {
      loads++;
      return Catalog.load(kv);
    },
    isLoaded: () => false,
    retryInterval: 5_000,
    now: () => now,
  });
  for (let i = 0; i < 10; i++) strictEqual(await pass(middleware), 200);
  strictEqual(loads, 1, "one attempt for 10 pages while KV is down");
  now += 5_000;
  for (let i = 0; i < 10; i++) strictEqual(await pass(middleware), 200);
  strictEqual(loads, 2, "tried again once the interval passed");
});
