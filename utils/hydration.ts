/**
 * Whether an island is live in the browser yet, as an attribute the app
 * owns: `data-hydrated="false"` in the server's HTML, `"true"` once the
 * island's effects have run. CSS uses it to hide controls that need
 * JavaScript (a dismiss button does nothing without it), and browser
 * tests wait for it; neither depends on how a runtime boots its islands.
 *
 * Client-safe: islands import it.
 *
 * @module
 */
import { useLayoutEffect, useState } from "preact/hooks";

/** The attribute {@linkcode useHydrated} values go in. */
export const HYDRATED_ATTRIBUTE = "data-hydrated";

/**
 * `false` on the server and in an island's first browser render, `true`
 * from the render after its layout effects ran.
 *
 * @example
 * ```tsx
 * const hydrated = useHydrated();
 * return <div data-hydrated={String(hydrated)}>…</div>;
 * ```
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useLayoutEffect(() => setHydrated(true), []);
  return hydrated;
}
