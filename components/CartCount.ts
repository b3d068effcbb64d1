/**
 * The header's cart count, as the `cart-badge` element plus a word for
 * screen readers. Shared by the static header and the CartBadge island so
 * that both render the same markup.
 *
 * Written with `h()` rather than JSX: `components/` is compiled with the
 * server-only `precompile` JSX transform (components/deno.json), whose
 * output Preact cannot render in the browser, and the island ships this
 * module to the browser.
 */
import { Fragment, h, type VNode } from "preact";

export function CartCount(
  { count, hydrated }: { count: number; hydrated?: boolean },
): VNode {
  return h(
    Fragment,
    null,
    h("span", {
      class: "cart-badge",
      "data-testid": "cart-badge",
      // Set only inside the CartBadge island (see utils/hydration.ts).
      "data-hydrated": hydrated === undefined ? undefined : String(hydrated),
    }, count),
    h("span", { class: "visually-hidden" }, count === 1 ? "item" : "items"),
  );
}
