import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CellLabel } from "../../components/CellLabel.tsx";
import { ProductPicture } from "../../components/ProductPicture.tsx";
import { keepSold, priceCart } from "../../utils/shop/cart.ts";
import { cartKey } from "../../utils/shop/session_keys.ts";
import { formatPrice } from "../../utils/shop/catalog.ts";
import { getCatalog } from "../../utils/shop/store.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

type CartData = ReturnType<typeof priceCart>;

export const handler: Handlers<CartData, State> = {
  async GET(_req, ctx) {
    const catalog = await getCatalog();
    const session = ctx.state.session;
    const isSold = (id: string) => catalog.get(id) !== undefined;
    let cart = cartKey.get(session);
    // Lines of products no longer sold leave, so the badge agrees.
    if (cart.some((line) => !isSold(line.id))) {
      cart = cartKey.update(session, (lines) => keepSold(lines, isSold)) ?? [];
    }
    return ctx.render(priceCart(cart, (id) => catalog.get(id)));
  },
};

export default function CartPage({ data }: PageProps<CartData, State>) {
  return (
    <>
      <Head>
        <title>Your cart · Deno Shop</title>
      </Head>
      <div class="page-head">
        <h1>Your cart</h1>
        <p class="muted">
          Items: <strong data-testid="cart-count">{data.count}</strong>
        </p>
      </div>
      {data.lines.length === 0
        ? (
          <section class="card empty">
            <p>Your cart is empty.</p>
            <p>
              <a class="button" href="/">Browse the catalogue</a>
            </p>
          </section>
        )
        : (
          <section class="card">
            <table class="table labelled-table">
              <thead>
                <tr>
                  <th scope="col">Product</th>
                  <th scope="col" class="num">Price</th>
                  <th scope="col">Quantity</th>
                  <th scope="col" class="num">Subtotal</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((line) => (
                  <tr key={line.id} data-testid={`line-${line.id}`}>
                    <td>
                      <a href={`/products/${line.id}`} class="product-link">
                        <ProductPicture
                          product={line.product}
                          alt=""
                          size={32}
                        />
                        <span>{line.product.name}</span>
                      </a>
                    </td>
                    <td class="num">
                      <CellLabel>Price</CellLabel>
                      {formatPrice(line.product.priceCents)}
                    </td>
                    <td>
                      <CellLabel>Quantity</CellLabel>
                      <form method="post" action="/cart/update">
                        <input
                          type="hidden"
                          name="product_id"
                          value={line.id}
                        />
                        <label class="visually-hidden" for={`qty-${line.id}`}>
                          Quantity of {line.product.name}
                        </label>
                        <input
                          id={`qty-${line.id}`}
                          type="number"
                          name="quantity"
                          min={0}
                          max={99}
                          value={line.qty}
                          data-testid={`qty-${line.id}`}
                        />
                        <button type="submit" class="button secondary small">
                          Update
                        </button>
                      </form>
                    </td>
                    <td class="num">
                      <CellLabel>Subtotal</CellLabel>
                      {formatPrice(line.subtotalCents)}
                    </td>
                    <td>
                      <form method="post" action="/cart/remove">
                        <input
                          type="hidden"
                          name="product_id"
                          value={line.id}
                        />
                        <button
                          type="submit"
                          class="button danger small"
                          aria-label={`Remove ${line.product.name}`}
                        >
                          Remove
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div class="totals">
              <form method="post" action="/cart/clear">
                <button type="submit" class="button secondary">
                  Clear cart
                </button>
              </form>
              <div class="actions">
                <span class="total" data-testid="cart-total">
                  Total {formatPrice(data.totalCents)}
                </span>
                <a class="button" href="/checkout/contact">Checkout</a>
              </div>
            </div>
          </section>
        )}
    </>
  );
}
