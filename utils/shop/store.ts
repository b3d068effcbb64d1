/**
 * The shop's data in the app's KV: the catalogue, loaded once per process
 * after seeding it on first start.
 *
 * @module
 */
import type { MiddlewareHandler } from "$fresh/server.ts";
import { kv } from "../kv/db.ts";
import { Catalog, seedProducts } from "./catalog.ts";

let catalog: Promise<Catalog> | undefined;
let loaded: Catalog | undefined;

/** The catalogue, seeded on first use and then served from memory. */
export function getCatalog(): Promise<Catalog> {
  catalog ??= seedProducts(kv).then(() => Catalog.load(kv)).then((done) =>
    loaded = done
  );
  // A failed load (KV down) is not cached: the next request tries again.
  catalog.catch(() => catalog = undefined);
  return catalog;
}

/**
 * The catalogue if this process has loaded it, for code that cannot wait,
 * such as a component; {@linkcode catalogLoaded} sees to it before pages
 * render.
 */
export function loadedCatalog(): Catalog | undefined {
  return loaded;
}

/** Options of {@linkcode catalogLoaded}; tests pass their own loader. */
export interface CatalogLoadedOptions {
  /**
   * Loads the catalogue; a rejection means KV failed.
   * @default getCatalog
   */
  load?: () => Promise<unknown>;
  /**
   * Whether the catalogue is loaded, so that a request need not wait.
   * @default whether {@linkcode loadedCatalog} has it
   */
  isLoaded?: () => boolean;
  /**
   * Milliseconds after a failed load during which pages go on without
   * trying again, so that a KV that is down is not asked on every request.
   * @default 5000
   */
  retryInterval?: number;
  /**
   * The clock, in epoch milliseconds.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * Middleware that loads the catalogue before the first request goes on, so
 * that every page's header can leave products no longer sold out of its
 * cart badge. Once loaded, a request passes straight through, as static
 * files and internal assets always do. If the load fails (KV down), the
 * request goes on all the same (a page that needs the catalogue reports the
 * failure itself), and so do the pages of the next `retryInterval`, which
 * do not try again.
 */
export function catalogLoaded(
  options: CatalogLoadedOptions = {},
): MiddlewareHandler {
  const load = options.load ?? getCatalog;
  const isLoaded = options.isLoaded ?? (() => loaded !== undefined);
  const retryInterval = options.retryInterval ?? 5_000;
  const now = options.now ?? Date.now;
  let failedAt = -Infinity;
  return function catalogLoaded(_req, ctx) {
    // Static files and /_frsh/ assets render no header.
    if (ctx.destination === "static" || ctx.destination === "internal") {
      return ctx.next();
    }
    if (isLoaded() || now() - failedAt < retryInterval) return ctx.next();
    return load().then(() => ctx.next(), () => {
      failedAt = now();
      return ctx.next();
    });
  };
}
