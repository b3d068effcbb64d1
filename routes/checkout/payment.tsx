import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { Field, firstInvalid } from "../../components/Field.tsx";
import { field, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { type FieldErrors, toCheckout } from "../../utils/shop/checkout.ts";
import { enterStep } from "../../utils/shop/checkout_flow.ts";
import {
  PAYMENT_METHODS,
  type PaymentMethod,
  validatePayment,
} from "../../utils/shop/payment.ts";
import type { State } from "../../utils/state.ts";
import { checkoutKey } from "../../utils/shop/session_keys.ts";

export const config: RouteConfig = { csp: true };

interface PaymentData {
  method: PaymentMethod;
  errors: FieldErrors;
}

/**
 * Step 4: how the order will be paid. The shop charges nothing: "Pay on
 * delivery", or a card form in test mode whose fields are checked and then
 * dropped; neither the session nor the order keeps any card data.
 */
export const handler: Handlers<PaymentData, State> = {
  async GET(_req, ctx) {
    const step = await enterStep(ctx, "payment");
    if (step instanceof Response) return step;
    return ctx.render({
      method: step.checkout.payment?.method ?? "cod",
      errors: {},
    });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const step = await enterStep(ctx, "payment");
    if (step instanceof Response) return step;
    const input = Object.fromEntries(
      ["method", "card_number", "card_expiry", "card_cvc"].map((
        name,
      ) => [name, field(form, name)]),
    );
    const { payment, errors } = validatePayment(input, new Date());
    if (!payment) {
      messages.error(ctx, "Please correct the highlighted fields.", {
        now: true,
      });
      const method = input.method === "test-card" ? "test-card" : "cod";
      // The card fields are not sent back: nothing of a card is echoed.
      return ctx.render({ method, errors }, { status: 422 });
    }
    checkoutKey.update(
      ctx.state.session,
      (current) => ({ ...toCheckout(current), payment }),
    );
    return seeOther("/checkout/review");
  },
};

// The card form's fields, in order; each is checked by validatePayment.
const CARD_FIELDS = [
  {
    name: "card_number",
    label: "Card number",
    autocomplete: "cc-number",
    maxLength: 23,
  },
  {
    name: "card_expiry",
    label: "Expiry (MM/YY)",
    autocomplete: "cc-exp",
    maxLength: 7,
  },
  {
    name: "card_cvc",
    label: "Security code",
    autocomplete: "cc-csc",
    maxLength: 4,
  },
] as const;

export default function PaymentStep({ data }: PageProps<PaymentData, State>) {
  const { errors } = data;
  const focus = firstInvalid(CARD_FIELDS.map((f) => f.name), errors);
  return (
    <>
      <Head>
        <title>Checkout: payment · Deno Shop</title>
      </Head>
      <h1>Checkout</h1>
      <CheckoutSteps current="payment" />
      <section class="card">
        <form method="post" class="form" noValidate>
          <fieldset
            aria-describedby={errors.method ? "payment-error" : undefined}
          >
            <legend>How you will pay</legend>
            {Object.entries(PAYMENT_METHODS).map(([value, option]) => (
              <label class="choice" key={value}>
                <input
                  type="radio"
                  name="method"
                  value={value}
                  checked={data.method === value}
                  required
                />
                <span>
                  <strong>{option.label}</strong>{" "}
                  <span class="muted">{option.note}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {errors.method && (
            <p class="field-error" id="payment-error">{errors.method}</p>
          )}
          <fieldset class="card-fields">
            <legend>Test card (only for "Card (test mode)")</legend>
            <p class="hint">
              Test mode: nothing is charged and nothing you type here is stored.
              Use 4242 4242 4242 4242, any future date and any 3 digits.
            </p>
            {CARD_FIELDS.map(({ name, label, autocomplete, maxLength }) => (
              <Field
                key={name}
                name={name}
                label={label}
                inputMode="numeric"
                autocomplete={autocomplete}
                error={errors[name]}
                autofocus={focus === name}
                maxLength={maxLength}
              />
            ))}
          </fieldset>
          <div class="actions">
            <a class="button secondary" href="/checkout/shipping">Back</a>
            <button type="submit" class="button">Review order</button>
          </div>
        </form>
      </section>
    </>
  );
}
