import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { Field } from "../../components/Field.tsx";
import { field, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import { type FieldErrors, toCheckout } from "../../utils/shop/checkout.ts";
import { enterStep } from "../../utils/shop/checkout_flow.ts";
import { validateEmail } from "../../utils/shop/contact.ts";
import type { State } from "../../utils/state.ts";
import { checkoutKey } from "../../utils/shop/session_keys.ts";

export const config: RouteConfig = { csp: true };

interface ContactData {
  email: string;
  errors: FieldErrors;
}

/** Step 1: the email address the order confirmation goes to. */
export const handler: Handlers<ContactData, State> = {
  async GET(_req, ctx) {
    const step = await enterStep(ctx, "contact");
    if (step instanceof Response) return step;
    return ctx.render({ email: step.checkout.email ?? "", errors: {} });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const step = await enterStep(ctx, "contact");
    if (step instanceof Response) return step;
    const { email, errors } = validateEmail(field(form, "email"));
    if (Object.keys(errors).length > 0) {
      messages.error(ctx, "Please correct the highlighted field.", {
        now: true,
      });
      return ctx.render({ email, errors }, { status: 422 });
    }
    checkoutKey.update(
      ctx.state.session,
      (current) => ({ ...toCheckout(current), email }),
    );
    return seeOther("/checkout/address");
  },
};

export default function ContactStep({ data }: PageProps<ContactData, State>) {
  return (
    <>
      <Head>
        <title>Checkout: contact · Deno Shop</title>
      </Head>
      <h1>Checkout</h1>
      <CheckoutSteps current="contact" />
      <section class="card">
        <h2>Contact</h2>
        <form method="post" class="form" noValidate>
          <Field
            name="email"
            label="Email"
            type="email"
            inputMode="email"
            autocomplete="email"
            value={data.email}
            error={data.errors.email}
            autofocus={data.errors.email !== undefined}
            hint="We send the order confirmation here, and nothing else."
            required
            maxLength={254}
          />
          <div class="actions">
            <a class="button secondary" href="/cart">Back to cart</a>
            <button type="submit" class="button">Continue to address</button>
          </div>
        </form>
      </section>
    </>
  );
}
