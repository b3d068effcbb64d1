import type { Signal } from "@preact/signals";
import { useHydrated } from "../utils/hydration.ts";

/** A demonstration island: its count lives in a signal passed as a prop. */
export default function Counter(props: { count: Signal<number> }) {
  const hydrated = useHydrated();
  return (
    <div class="counter" data-hydrated={String(hydrated)}>
      <button
        type="button"
        aria-label="Decrease"
        onClick={() => props.count.value--}
      >
        −
      </button>
      <output data-testid="counter-value">{props.count}</output>
      <button
        type="button"
        aria-label="Increase"
        onClick={() => props.count.value++}
      >
        +
      </button>
    </div>
  );
}
