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
import { addToHead } from "./src/head_sink.ts";

export {
  type ContentSecurityPolicy,
  type ContentSecurityPolicyDirectives,
  CSP_CONTEXT,
  nonce,
  NONE,
  SELF,
  STRICT_DYNAMIC,
  UNSAFE_EVAL,
  UNSAFE_HASHES,
  UNSAFE_INLINE,
  useCSP,
} from "./src/csp.ts";

/** `true` in the browser, `false` while rendering on the server. */
export const IS_BROWSER: boolean = typeof document !== "undefined";

/**
 * Receives the children of a `<Head>` rendered outside a page render, such
 * as in a `renderToString` of your own inside its Provider. Pages need none:
 * the renderer collects their `<Head>` content itself. In the browser
 * `<Head>` renders nothing.
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
  if (!addToHead(props.children)) {
    useContext(HEAD_CONTEXT)?.push(props.children);
  }
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
