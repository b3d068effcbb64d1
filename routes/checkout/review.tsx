import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { formatPrice } from "../../utils/shop/catalog.ts";
import { SHIPPING } from "../../utils/shop/checkout.ts";
import { PAYMENT_METHODS } from "../../utils/shop/payment.ts";
import {
  enterReview,
  type ReviewContext,
} from "../../utils/shop/checkout_flow.ts";
import { encodeDraft } from "../../utils/shop/order_draft.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

export const handler: Handlers<ReviewContext, State> = {
  async GET(_req, ctx) {
    const step = await enterReview(ctx);
    if (step instanceof Response) return step;
    return ctx.render(step);
  },
};

/**
 * Renders the order draft, and embeds that same draft in the form, so
 * that "Place order" places exactly what this page showed.
 */
export default function ReviewStep(
  { data }: PageProps<ReviewContext, State>,
) {
  const { draft } = data;
  const { address } = draft;
  const option = SHIPPING[draft.shipping];
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
            {draft.lines.map((line) => (
              <tr key={line.id}>
                <td>{line.qty} × {line.name}</td>
                <td class="num">{formatPrice(line.qty * line.priceCents)}</td>
              </tr>
            ))}
            <tr>
              <td>Delivery: {option.label}</td>
              <td class="num">{formatPrice(draft.shippingCents)}</td>
            </tr>
            <tr>
              <th scope="row">Total</th>
              <td class="num" data-testid="order-total">
                <strong>
                  {formatPrice(draft.totalCents)}
                </strong>
              </td>
            </tr>
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Delivering to</h2>
        <p data-testid="review-address">
          {address.name}
          <br />
          {address.street}
          <br />
          {address.postcode} {address.city}
          <br />
          {address.country}
        </p>
        <p>
          <a href="/checkout/address">Change address</a> ·{" "}
          <a href="/checkout/shipping">Change delivery</a>
        </p>
      </section>
      <section class="card">
        <h2>Contact and payment</h2>
        <p data-testid="review-email">
          Confirmation to <strong>{draft.email}</strong>
        </p>
        {draft.payment && (
          <p data-testid="review-payment">
            <strong>{PAYMENT_METHODS[draft.payment.method].label}</strong>:{" "}
            {PAYMENT_METHODS[draft.payment.method].note}
          </p>
        )}
        <p>
          <a href="/checkout/contact">Change email</a> ·{" "}
          <a href="/checkout/payment">Change payment</a>
        </p>
      </section>
      <form method="post" action="/checkout/confirm" class="actions">
        <input type="hidden" name="checkout_id" value={data.checkout.id} />
        <input type="hidden" name="order" value={encodeDraft(draft)} />
        <a class="button secondary" href="/checkout/payment">Back</a>
        <button type="submit" class="button">Place order</button>
      </form>
    </>
  );
}
