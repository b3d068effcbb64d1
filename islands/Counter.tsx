import type { Signal } from "@preact/signals-core";
import { useHydrated } from "../utils/hydration.ts";
import { useSignalValue } from "../utils/use_signal_value.ts";

const MINUS_SIGN = { __html: "&#x2212;" };

/** A demonstration island: its count lives in a signal passed as a prop. */
export default function Counter(props: { count: Signal<number> }) {
  const hydrated = useHydrated();
  const count = useSignalValue(props.count);
  return (
    <div class="counter" data-hydrated={String(hydrated)}>
      {
        /* The minus sign as a character reference: the page stays a one-byte
          string (tests/routes/latin1_pages_test.ts), and the sign still shows
          when the stylesheet does not load. */
      }
      <button
        type="button"
        aria-label="Decrease"
        onClick={() => props.count.value--}
        dangerouslySetInnerHTML={MINUS_SIGN}
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
