import { liveCartCount } from "../utils/shop/live_cart.ts";

/**
 * The header's cart count on pages that can change it without a reload.
 * It renders the server's count until an add-to-cart island reports a
 * newer one through the shared signal.
 */
export default function CartBadge(props: { count: number }) {
  const count = liveCartCount.value ?? props.count;
  return (
    <>
      <span class="cart-badge" data-testid="cart-badge">{count}</span>
      <span class="visually-hidden">{count === 1 ? "item" : "items"}</span>
    </>
  );
}
