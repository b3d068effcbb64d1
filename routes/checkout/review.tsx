import type { Handlers, PageProps } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { formatPrice } from "../../utils/shop/catalog.ts";
import { SHIPPING } from "../../utils/shop/checkout.ts";
import {
  type CheckoutContext,
  enterStep,
} from "../../utils/shop/checkout_flow.ts";
import type { State } from "../../utils/state.ts";

export const handler: Handlers<CheckoutContext, State> = {
  async GET(_req, ctx) {
    const step = await enterStep(ctx, "review");
    if (step instanceof Response) return step;
    return ctx.render(step);
  },
};

export default function ReviewStep(
  { data }: PageProps<CheckoutContext, State>,
) {
  const { address, shipping, id } = data.checkout;
  const option = SHIPPING[shipping!];
  return (
    <>
      <Head>
        <title>Checkout: review · Deno Shop</title>
      </Head>
      <h1>Checkout</h1>
      <CheckoutSteps current="review" />
      <section class="card">
        <h2>Your order</h2>
        <table class="table">
          <tbody>
            {data.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.qty} × {line.product.name}</td>
                <td class="num">{formatPrice(line.subtotalCents)}</td>
              </tr>
            ))}
            <tr>
              <td>Delivery: {option.label}</td>
              <td class="num">{formatPrice(option.priceCents)}</td>
            </tr>
            <tr>
              <th scope="row">Total</th>
              <td class="num" data-testid="order-total">
                <strong>
                  {formatPrice(data.totalCents + option.priceCents)}
                </strong>
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Delivering to</h2>
        <p data-testid="review-address">
          {address!.name}
          <br />
          {address!.street}
          <br />
          {address!.postcode} {address!.city}
          <br />
          {address!.country}
        </p>
        <p>
          <a href="/checkout/address">Change address</a> ·{" "}
          <a href="/checkout/shipping">Change delivery</a>
        </p>
      </section>
      <form method="post" action="/checkout/confirm" class="actions">
        <input type="hidden" name="checkout_id" value={id} />
        <a class="button secondary" href="/checkout/shipping">Back</a>
        <button type="submit" class="button">Place order</button>
      </form>
    </>
  );
}
