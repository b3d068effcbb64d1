import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { CheckoutSteps } from "../../components/CheckoutSteps.tsx";
import { AddressFields } from "../../components/AddressFields.tsx";
import { field, readForm } from "../../utils/http/forms.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import * as messages from "../../utils/messages/mod.ts";
import {
  type Address,
  ADDRESS_FORM,
  type FieldErrors,
  toCheckout,
  validateAddress,
} from "../../utils/shop/checkout.ts";
import { enterStep } from "../../utils/shop/checkout_flow.ts";
import type { State } from "../../utils/state.ts";
import { checkoutKey } from "../../utils/shop/session_keys.ts";

export const config: RouteConfig = { csp: true };

interface AddressData {
  values: Partial<Address>;
  errors: FieldErrors;
}

export const handler: Handlers<AddressData, State> = {
  async GET(_req, ctx) {
    const step = await enterStep(ctx, "address");
    if (step instanceof Response) return step;
    return ctx.render({ values: step.checkout.address ?? {}, errors: {} });
  },

  async POST(req, ctx) {
    const form = await readForm(req);
    const step = await enterStep(ctx, "address");
    if (step instanceof Response) return step;
    const input = Object.fromEntries(
      ADDRESS_FORM.map(([name]) => [name, field(form, name)]),
    ) as Record<keyof Address, string>;
    const { address, errors } = validateAddress(input);
    if (Object.keys(errors).length > 0) {
      messages.error(ctx, "Please correct the highlighted fields.", {
        now: true,
      });
      return ctx.render({ values: input, errors }, { status: 422 });
    }
    checkoutKey.update(
      ctx.state.session,
      (current) => ({ ...toCheckout(current), address }),
    );
    return seeOther("/checkout/shipping");
  },
};

export default function AddressStep({ data }: PageProps<AddressData, State>) {
  return (
    <>
      <Head>
        <title>Checkout: address · Deno Shop</title>
      </Head>
      <h1>Checkout</h1>
      <CheckoutSteps current="address" />
      <section class="card">
        <h2>Delivery address</h2>
        <form method="post" class="form" noValidate>
          <AddressFields values={data.values} errors={data.errors} />
          <div class="actions">
            <a class="button secondary" href="/checkout/contact">Back</a>
            <button type="submit" class="button">Continue to delivery</button>
          </div>
        </form>
      </section>
    </>
  );
}
