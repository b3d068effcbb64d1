/**
 * A signal's value in an island, with the subscription made explicit.
 *
 * Islands share state through `@preact/signals-core` signals but never
 * import `@preact/signals`, the Preact integration that lets a render read
 * `signal.value` and re-render on change: importing it wraps Preact's global
 * option hooks, so every component the server renders would get an effect
 * built and disposed, although a server render never updates. On a
 * signed-in page that was 4–5% of its throughput (A/B in the README's
 * Performance section).
 *
 * Client-safe: islands import it.
 *
 * @module
 */
import type { ReadonlySignal } from "@preact/signals-core";
import { useEffect, useState } from "preact/hooks";

/**
 * The current value of `signal`, re-rendering the component when it
 * changes. On the server it is the value at render time.
 *
 * @example
 * ```tsx
 * const count = useSignalValue(liveCartCount);
 * return <span>{count}</span>;
 * ```
 */
export function useSignalValue<T>(signal: ReadonlySignal<T>): T {
  const [value, setValue] = useState(() => signal.peek());
  // `subscribe` calls back at once with the current value, so a change
  // between this render and the effect is not missed. The updater form keeps
  // a function-valued signal from being called as one.
  useEffect(() => signal.subscribe((next) => setValue(() => next)), [signal]);
  return value;
}
