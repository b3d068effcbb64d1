import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { field, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { formatPrice } from "../../utils/shop/catalog.ts";
import {
  DEFAULT_SHIPPING,
  isShippingMethod,
  SHIPPING,
  type ShippingMethod,
  toCheckout,
} from "../../utils/shop/checkout.ts";
import { enterStep } from "../../utils/shop/checkout_flow.ts";
import type { State } from "../../utils/state.ts";
import { checkoutKey } from "../../utils/shop/session_keys.ts";

export const config: RouteConfig = { csp: true };

interface ShippingData {
  selected?: ShippingMethod;
  error?: string;
}

export const handler: Handlers<ShippingData, State> = {
  async GET(_req, ctx) {
    const step = await enterStep(ctx, "shipping");
    if (step instanceof Response) return step;
    return ctx.render({ selected: step.checkout.shipping });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const step = await enterStep(ctx, "shipping");
    if (step instanceof Response) return step;
    const choice = field(form, "shipping");
    if (!isShippingMethod(choice)) {
      messages.error(ctx, "Please choose a delivery option.", { now: true });
      return ctx.render(
        { error: "Choose one of the delivery options." },
        { status: 422 },
      );
    }
    checkoutKey.update(
      ctx.state.session,
      (current) => ({ ...toCheckout(current), shipping: choice }),
    );
    return seeOther("/checkout/payment");
  },
};

export default function ShippingStep({ data }: PageProps<ShippingData, State>) {
  const selected = data.selected ?? DEFAULT_SHIPPING;
  return (
    <>
      <Head>
        <title>Checkout: delivery · Deno Shop</title>
      </Head>
      <h1>Checkout</h1>
      <CheckoutSteps current="shipping" />
      <section class="card">
        <form method="post" class="form">
          <fieldset
            aria-describedby={data.error ? "shipping-error" : undefined}
          >
            <legend>Delivery option</legend>
            {Object.entries(SHIPPING).map(([value, option], index) => (
              <label class="choice" key={value}>
                <input
                  type="radio"
                  name="shipping"
                  value={value}
                  checked={selected === value}
                  autofocus={data.error !== undefined && index === 0}
                  required
                />
                <span>
                  <strong>{option.label}</strong>{" "}
                  {formatPrice(option.priceCents)}{" "}
                  <span class="muted">({option.days})</span>
                </span>
              </label>
            ))}
          </fieldset>
          {data.error && (
            <p class="field-error" id="shipping-error">{data.error}</p>
          )}
          <div class="actions">
            <a class="button secondary" href="/checkout/address">Back</a>
            <button type="submit" class="button">Continue to payment</button>
          </div>
        </form>
      </section>
    </>
  );
}
