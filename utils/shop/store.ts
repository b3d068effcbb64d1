/**
 * The shop's data in the app's KV: the catalogue, loaded once per process
 * after seeding it on first start.
 *
 * @module
 */
import { kv } from "../kv/db.ts";
import { Catalog, seedProducts } from "./catalog.ts";

let catalog: Promise<Catalog> | undefined;

/** The catalogue, seeded on first use and then served from memory. */
export function getCatalog(): Promise<Catalog> {
  catalog ??= seedProducts(kv).then(() => Catalog.load(kv));
  // A failed load (KV down) is not cached: the next request tries again.
  catalog.catch(() => catalog = undefined);
  return catalog;
}
