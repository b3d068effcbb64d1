import { CartCount } from "../components/CartCount.ts";
import { useHydrated } from "../utils/hydration.ts";
import { liveCartCount } from "../utils/shop/live_cart.ts";
import { useSignalValue } from "../utils/use_signal_value.ts";

/**
 * The header's cart count on pages that can change it without a reload.
 * It renders the server's count until an add-to-cart island reports a
 * newer one through the shared signal.
 */
export default function CartBadge(props: { count: number }) {
  const hydrated = useHydrated();
  const liveCount = useSignalValue(liveCartCount);
  return <CartCount count={liveCount ?? props.count} hydrated={hydrated} />;
}
