/**
 * Helpers usable both on the server and in islands: `asset`, `Head`,
 * `IS_BROWSER` and `useCSP` with its constants, as in Fresh 1.7's
 * `$fresh/runtime.ts`.
 *
 * This module is bundled for the browser, so it imports only Preact.
 *
 * @module
 */
import { type ComponentChildren, createContext } from "preact";
import { useContext } from "preact/hooks";

export * from "./src/csp.ts";

/** `true` in the browser, `false` while rendering on the server. */
export const IS_BROWSER: boolean = typeof document !== "undefined";

/**
 * Receives the children of every `<Head>` rendered on the server. The
 * renderer provides it; elsewhere (in the browser) `<Head>` renders nothing.
 */
export const HEAD_CONTEXT = createContext<ComponentChildren[] | undefined>(
  undefined,
);

/**
 * Moves its children into the document's `<head>`.
 *
 * @example
 * ```tsx
 * <Head><title>Cart</title></Head>
 * ```
 */
export function Head(props: { children?: ComponentChildren }): null {
  const collected = useContext(HEAD_CONTEXT);
  collected?.push(props.children);
  return null;
}

/**
 * Adds a cache-busting query to a path under `static/`, so the file can be
 * cached as immutable and still change on the next deployment.
 *
 * Absolute URLs and paths that already carry the query are left alone.
 *
 * @example
 * ```tsx
 * <link rel="stylesheet" href={asset("/styles.css")} />
 * ```
 */
export function asset(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//")) return path;
  const buildId = (globalThis as { __FRSH_BUILD_ID?: string }).__FRSH_BUILD_ID;
  if (!buildId) return path;
  // Layouts call this on every render with the same few paths, and URL
  // parsing showed up in profiles; the result only depends on the inputs.
  const key = buildId + " " + path;
  let busted = assetCache.get(key);
  if (busted === undefined) {
    const url = new URL(path, "http://localhost");
    if (!url.searchParams.has(ASSET_CACHE_BUST_KEY)) {
      url.searchParams.set(ASSET_CACHE_BUST_KEY, buildId);
    }
    busted = url.searchParams.get(ASSET_CACHE_BUST_KEY) === buildId
      ? url.pathname + url.search + url.hash
      : path;
    if (assetCache.size < 1000) assetCache.set(key, busted);
  }
  return busted;
}

const assetCache = new Map<string, string>();

/** The query parameter `asset()` adds, e.g. `/logo.svg?__frsh_c=abc`. */
export const ASSET_CACHE_BUST_KEY = "__frsh_c";
