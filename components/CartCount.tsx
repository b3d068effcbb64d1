/**
 * The header's cart count, as the `cart-badge` element plus a word for
 * screen readers. Shared by the static header and the CartBadge island so
 * that both render the same markup.
 */
export function CartCount({ count }: { count: number }) {
  return (
    <>
      <span class="cart-badge" data-testid="cart-badge">{count}</span>
      <span class="visually-hidden">{count === 1 ? "item" : "items"}</span>
    </>
  );
}
