/**
 * The order as the review page renders it: lines with names, quantities and
 * prices, delivery, address and total. The page renders it from one value,
 * and embeds the same value in its "Place order" form; confirming rebuilds
 * it from the session and places it only when the two are equal, so the
 * order placed is exactly the one the shopper saw. When they differ,
 * {@linkcode describeChanges} says how, for the message.
 *
 * The embedded copy needs no signature: it is compared with what the
 * server computes, never trusted, so a forged one can only make the
 * confirmation fail.
 *
 * @module
 */
import { formatPrice } from "./catalog.ts";
import { isEmail } from "./contact.ts";
import { isPayment, type Payment, PAYMENT_METHODS } from "./payment.ts";
import type { PricedLine } from "./cart.ts";
import {
  type Address,
  isShippingMethod,
  parseAddress,
  SHIPPING,
  type ShippingMethod,
} from "./checkout.ts";

/** One line of an order: what was bought, how many, at what unit price. */
export type OrderLine = {
  id: string;
  name: string;
  qty: number;
  priceCents: number;
};

/** The order a review page shows, and that "Place order" places. */
export type OrderDraft = {
  lines: OrderLine[];
  /** Where the confirmation goes (absent on orders stored before checkout asked for it). */
  email?: string;
  /** How it will be paid (absent on orders stored before checkout asked for it). */
  payment?: Payment;
  address: Address;
  shipping: ShippingMethod;
  shippingCents: number;
  /** Lines plus delivery. */
  totalCents: number;
};

/**
 * Builds the draft from the priced cart and the checkout's contact,
 * address, delivery and payment.
 *
 * @param lines The cart, priced from the catalogue.
 * @param checkout The validated steps.
 */
export function draftOrder(
  lines: readonly PricedLine[],
  { email, address, shipping, payment }: {
    email: string;
    address: Address;
    shipping: ShippingMethod;
    payment: Payment;
  },
): OrderDraft {
  const orderLines = lines.map((line) => ({
    id: line.id,
    name: line.product.name,
    qty: line.qty,
    priceCents: line.product.priceCents,
  }));
  const shippingCents = SHIPPING[shipping].priceCents;
  return {
    lines: orderLines,
    email,
    payment: { method: payment.method },
    address: { ...address },
    shipping,
    shippingCents,
    totalCents: orderLines.reduce((sum, l) => sum + l.qty * l.priceCents, 0) +
      shippingCents,
  };
}

/** The draft as text, with its fields in one fixed order. */
export function encodeDraft(draft: OrderDraft): string {
  const { name, street, city, postcode, country } = draft.address;
  return JSON.stringify({
    lines: draft.lines.map(({ id, name, qty, priceCents }) => ({
      id,
      name,
      qty,
      priceCents,
    })),
    email: draft.email,
    payment: draft.payment && { method: draft.payment.method },
    address: { name, street, city, postcode, country },
    shipping: draft.shipping,
    shippingCents: draft.shippingCents,
    totalCents: draft.totalCents,
  });
}

function isCents(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Whether `value` is a well-formed order line. */
export function isOrderLine(value: unknown): value is OrderLine {
  if (typeof value !== "object" || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.id === "string" && line.id.length <= 64 &&
    typeof line.name === "string" && line.name.length <= 200 &&
    Number.isSafeInteger(line.qty) && (line.qty as number) > 0 &&
    isCents(line.priceCents);
}

/**
 * Checks a draft read from outside (a form field, or a stored order):
 * every field with its type, whole cents, and a total that adds up.
 * Returns it, or null.
 *
 * @param value The parsed value.
 */
export function parseDraft(value: unknown): OrderDraft | null {
  if (typeof value !== "object" || value === null) return null;
  const d = value as Record<string, unknown>;
  const address = parseAddress(d.address);
  if (
    !Array.isArray(d.lines) || !d.lines.every(isOrderLine) || !address ||
    typeof d.shipping !== "string" || !isShippingMethod(d.shipping) ||
    !isCents(d.shippingCents) || !isCents(d.totalCents) ||
    (d.email !== undefined && !isEmail(d.email)) ||
    (d.payment !== undefined && !isPayment(d.payment))
  ) {
    return null;
  }
  const lines = d.lines as OrderLine[];
  const sum = lines.reduce((s, l) => s + l.qty * l.priceCents, 0) +
    d.shippingCents;
  if (sum !== d.totalCents) return null;
  const draft: OrderDraft = {
    lines,
    address,
    shipping: d.shipping,
    shippingCents: d.shippingCents,
    totalCents: d.totalCents,
  };
  if (d.email !== undefined) draft.email = d.email as string;
  if (d.payment !== undefined) {
    draft.payment = { method: (d.payment as Payment).method };
  }
  return draft;
}

/** Reads the draft a review form carried; null when missing or malformed. */
export function decodeDraft(text: string): OrderDraft | null {
  try {
    return parseDraft(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * What changed from `before` (what the shopper reviewed) to `after` (what
 * the session holds now), in words for a message; empty when nothing did.
 */
export function describeChanges(
  before: OrderDraft,
  after: OrderDraft,
): string[] {
  const changes: string[] = [];
  const was = new Map(before.lines.map((line) => [line.id, line]));
  const now = new Map(after.lines.map((line) => [line.id, line]));
  for (const line of after.lines) {
    const old = was.get(line.id);
    if (!old) changes.push(`${line.qty} × ${line.name} added`);
    else {
      if (old.qty !== line.qty) {
        changes.push(`${line.name}: quantity from ${old.qty} to ${line.qty}`);
      }
      if (old.priceCents !== line.priceCents) {
        changes.push(
          `${line.name}: price from ${formatPrice(old.priceCents)} to ${
            formatPrice(line.priceCents)
          }`,
        );
      }
    }
  }
  for (const line of before.lines) {
    if (!now.has(line.id)) changes.push(`${line.name} removed`);
  }
  if (
    before.shipping !== after.shipping ||
    before.shippingCents !== after.shippingCents
  ) {
    changes.push(
      `delivery from ${SHIPPING[before.shipping].label} ${
        formatPrice(before.shippingCents)
      } to ${SHIPPING[after.shipping].label} ${
        formatPrice(after.shippingCents)
      }`,
    );
  }
  if (
    JSON.stringify(Object.entries(before.address)) !==
      JSON.stringify(Object.entries(after.address))
  ) {
    changes.push("the delivery address changed");
  }
  if (before.email !== after.email) changes.push("the email address changed");
  if (before.payment?.method !== after.payment?.method) {
    const label = (p?: Payment) => p ? PAYMENT_METHODS[p.method].label : "none";
    changes.push(
      `payment from ${label(before.payment)} to ${label(after.payment)}`,
    );
  }
  if (changes.length === 0 && encodeDraft(before) !== encodeDraft(after)) {
    changes.push("the order's details changed");
  }
  return changes;
}
