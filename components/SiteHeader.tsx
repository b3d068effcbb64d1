import CartBadge from "../islands/CartBadge.tsx";
import { CartCount } from "./CartCount.ts";
import { USERNAME_KEY } from "../utils/accounts/session_keys.ts";
import type { State } from "../utils/state.ts";
import { cartCount, type CartLine, keepSold } from "../utils/shop/cart.ts";
import { cartKey } from "../utils/shop/session_keys.ts";
import { loadedCatalog } from "../utils/shop/store.ts";

/** Units in the cart, leaving out products no longer sold. */
function badgeCount(lines: CartLine[]): number {
  const catalog = loadedCatalog();
  return cartCount(
    catalog ? keepSold(lines, (id) => catalog.get(id) !== undefined) : lines,
  );
}

/**
 * The site header shown on every page: navigation, the cart badge and the
 * login state. It reads only the session already loaded for the request,
 * so it costs no KV access.
 */
export function SiteHeader({ state }: { state: Partial<State> }) {
  const session = state.session;
  const count = session ? badgeCount(cartKey.get(session)) : 0;
  const username = session?.userId
    ? String(session.get(USERNAME_KEY, "") || "account")
    : undefined;
  return (
    <header class="site-header">
      <a class="brand" href="/">
        <img src="/favicon.svg" alt="" width={28} height={28} />
        Deno Shop
      </a>
      {
        /* A disclosure, so that the phone menu opens without JavaScript. On
        wide screens the CSS shows its content and hides the toggle. */
      }
      <details class="site-menu">
        <summary>
          {/* Three bars, drawn in the text colour. */}
          <svg
            class="menu-icon"
            viewBox="0 0 20 20"
            width="20"
            height="20"
            aria-hidden="true"
            focusable="false"
          >
            <path
              d="M3 5h14M3 10h14M3 15h14"
              stroke="currentColor"
              stroke-width="2"
              stroke-linecap="round"
            />
          </svg>
          <span class="menu-label">Menu</span>
        </summary>
        <nav class="site-nav" aria-label="Main">
          <a href="/">Catalogue</a>
          <a href="/posts">Posts</a>
          <a href="/about">How it works</a>
          {username
            ? (
              <>
                <a href="/account/sessions" class="user-chip">
                  Signed in as <strong>{username}</strong>
                </a>
                <form method="post" action="/logout">
                  <button type="submit" class="link-button">Sign out</button>
                </form>
              </>
            )
            : <a href="/login">Sign in</a>}
        </nav>
      </details>
      <a href="/cart" class="cart-link">
        Cart
        {state.liveCart
          ? <CartBadge count={count} />
          : <CartCount count={count} />}
      </a>
    </header>
  );
}
