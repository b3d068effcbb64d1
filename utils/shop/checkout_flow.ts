/**
 * Where each checkout step may be reached from: with an empty cart the
 * visitor goes back to the cart (with no session written for a visitor
 * who has none), and a step whose earlier step is missing,
 * or whose stored value no longer passes validation, sends them to that
 * step, each with a message saying why. Every step re-reads and re-checks
 * the session, so nothing a step stored earlier is trusted blindly.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import { seeOther } from "../http/redirect.ts";
import * as messages from "../messages/mod.ts";
import type { Session } from "../session/mod.ts";
import type { State } from "../state.ts";
import { priceCart, type PricedLine, subtractLines } from "./cart.ts";
import { type CheckoutState, readCheckout } from "./checkout.ts";
import { draftOrder, type OrderDraft } from "./order_draft.ts";
import { getOrder, LAST_ORDER_KEY, type Order } from "./orders.ts";
import { kv } from "../kv/db.ts";
import { cartKey, checkoutKey } from "./session_keys.ts";
import { getCatalog } from "./store.ts";

/** What every step needs: the priced cart and the checkout so far. */
export interface CheckoutContext {
  lines: PricedLine[];
  totalCents: number;
  checkout: CheckoutState;
}

/** What the review step and the confirmation need: the order to place. */
export interface ReviewContext extends CheckoutContext {
  draft: OrderDraft;
}

/** The steps in order; each needs what the ones before it collect. */
export const CHECKOUT_STEPS = [
  "contact",
  "address",
  "shipping",
  "payment",
  "review",
] as const;

/** A step of the checkout. */
export type Step = typeof CHECKOUT_STEPS[number];

/** What a step needs collected, and where and how to ask for it. */
const NEEDS: {
  part: "email" | "address" | "shipping" | "payment";
  from: Step;
  ask: string;
  invalid: string;
}[] = [
  {
    part: "email",
    from: "address",
    ask: "Please enter your email address first.",
    invalid:
      "We could not use the email address we had. Please enter it again.",
  },
  {
    part: "address",
    from: "shipping",
    ask: "Please enter your delivery address first.",
    invalid:
      "We could not use the delivery address we had. Please enter it again.",
  },
  {
    part: "shipping",
    from: "payment",
    ask: "Please choose a delivery option first.",
    invalid:
      "The delivery option you chose is no longer offered. Please choose another.",
  },
  {
    part: "payment",
    from: "review",
    ask: "Please choose how you will pay first.",
    invalid:
      "The payment method you chose is no longer offered. Please choose another.",
  },
];

/** The step that collects `part`. */
const COLLECTED_BY: Record<typeof NEEDS[number]["part"], Step> = {
  email: "contact",
  address: "address",
  shipping: "shipping",
  payment: "payment",
};

/**
 * Loads the cart and checkout for `step`, or returns the redirect that the
 * visitor needs instead: the first earlier step whose value is missing or
 * no longer valid.
 */
export async function enterStep(
  ctx: FreshContext<State>,
  step: Step,
): Promise<CheckoutContext | Response> {
  const catalog = await getCatalog();
  const session = ctx.state.session;
  const { lines, totalCents } = priceCart(
    cartKey.get(session),
    (id) => catalog.get(id),
  );
  if (lines.length === 0) {
    // Back from the thank-you page lands on a step of the checkout it just
    // closed: show that order again rather than warn about an empty cart.
    if (await justOrdered(session)) return seeOther("/checkout/complete");
    // A visitor without a session sees the empty cart page, which says
    // so; a warning would start a session just to say it.
    if (!session.isNew) {
      messages.warning(
        ctx,
        "Your cart is empty. Add something before checking out.",
      );
    }
    return seeOther("/cart");
  }
  const { checkout, invalid } = readCheckout(checkoutKey.get(session));
  const at = CHECKOUT_STEPS.indexOf(step);
  for (const need of NEEDS) {
    if (at < CHECKOUT_STEPS.indexOf(need.from)) break;
    if (checkout[need.part] !== undefined) continue;
    if (invalid.includes(need.part)) messages.warning(ctx, need.invalid);
    else messages.info(ctx, need.ask);
    return seeOther(`/checkout/${COLLECTED_BY[need.part]}`);
  }
  return { lines, totalCents, checkout };
}

/**
 * {@linkcode enterStep} for the review step, with the order draft built
 * from the checked cart, contact, address, delivery and payment.
 */
export async function enterReview(
  ctx: FreshContext<State>,
): Promise<ReviewContext | Response> {
  const step = await enterStep(ctx, "review");
  if (step instanceof Response) return step;
  const { email, address, shipping, payment } = step.checkout;
  // enterStep sent the visitor back to the step that collects any of them.
  if (!email || !address || !shipping || !payment) {
    return seeOther("/checkout/contact");
  }
  return {
    ...step,
    draft: draftOrder(step.lines, { email, address, shipping, payment }),
  };
}

/** How long after an order its checkout steps lead back to it. */
const RECENT_ORDER_MS = 60 * 60_000;

/** Whether the session's last order was placed in the past hour. */
async function justOrdered(session: Session): Promise<boolean> {
  const id = session.get(LAST_ORDER_KEY);
  if (typeof id !== "string" || session.has(checkoutKey.name)) {
    return false;
  }
  const order = await getOrder(kv, id);
  return order !== null && Date.now() - order.createdAt < RECENT_ORDER_MS;
}

/**
 * Closes the checkout that `order` completed, in one step of the session:
 * if the session still holds that checkout, it is forgotten, the ordered
 * lines leave the cart and the order becomes the one the "thank you" page
 * shows. If it was already closed (a racing or repeated confirmation that
 * saved first), nothing changes, so the lines leave the cart once; lines
 * that another tab added stay.
 */
export function completeCheckout(session: Session, order: Order): void {
  const ordered = order.lines.map(({ id, qty }) => ({ id, qty }));
  session.updateMany(
    [checkoutKey.name, cartKey.name, LAST_ORDER_KEY],
    (current) => {
      const open = checkoutKey.decode(session, current[checkoutKey.name]);
      if (open.id !== order.checkoutId) return {};
      const cart = cartKey.decode(session, current[cartKey.name]);
      return {
        [checkoutKey.name]: undefined,
        [cartKey.name]: cartKey.encode(subtractLines(cart, ordered)),
        [LAST_ORDER_KEY]: order.id,
      };
    },
  );
}
