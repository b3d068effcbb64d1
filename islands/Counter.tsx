import type { Signal } from "@preact/signals-core";
import { useHydrated } from "../utils/hydration.ts";
import { useSignalValue } from "../utils/use_signal_value.ts";

/** A demonstration island: its count lives in a signal passed as a prop. */
export default function Counter(props: { count: Signal<number> }) {
  const hydrated = useHydrated();
  const count = useSignalValue(props.count);
  return (
    <div class="counter" data-hydrated={String(hydrated)}>
      {/* The minus sign comes from the stylesheet (.counter-decrease). */}
      <button
        type="button"
        class="counter-decrease"
        aria-label="Decrease"
        onClick={() => props.count.value--}
      />
      <output data-testid="counter-value">{count}</output>
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
