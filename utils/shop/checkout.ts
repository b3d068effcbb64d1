/**
 * The multi-step checkout, kept in the session under `checkout` so that
 * going back and forth between steps keeps what was typed. Validation is
 * pure: it returns field errors, and the step re-renders with them.
 *
 * @module
 */

import { isEmail } from "./contact.ts";
import { isPayment, type Payment } from "./payment.ts";
import { isShippingCountry } from "./countries.ts";
import type { FieldErrors } from "./field_errors.ts";

export const CHECKOUT_KEY = "checkout";

/** Step 1. */
export type Address = {
  name: string;
  street: string;
  city: string;
  postcode: string;
  country: string;
};

/** Step 2. */
export type ShippingMethod = "standard" | "express";

export const SHIPPING: Record<
  ShippingMethod,
  { label: string; priceCents: number; days: string }
> = {
  standard: { label: "Standard", priceCents: 500, days: "3 to 5 working days" },
  express: { label: "Express", priceCents: 1500, days: "next working day" },
};

/** The option a first visit to the delivery step finds checked. */
export const DEFAULT_SHIPPING: ShippingMethod = "standard";

/** What the session holds between steps. */
export type CheckoutState = {
  /** Identifies this checkout, so a double submit places one order. */
  id: string;
  email?: string;
  address?: Address;
  shipping?: ShippingMethod;
  payment?: Payment;
};

export type { FieldErrors } from "./field_errors.ts";

const ADDRESS_FIELDS: Record<keyof Address, { label: string; max: number }> = {
  name: { label: "Full name", max: 100 },
  street: { label: "Street and number", max: 200 },
  city: { label: "City", max: 100 },
  postcode: { label: "Postcode", max: 20 },
  country: { label: "Country", max: 60 },
};

/** The address fields in form order, with labels. */
export const ADDRESS_FORM = Object.entries(ADDRESS_FIELDS) as [
  keyof Address,
  { label: string; max: number },
][];

/** Checkout ids are UUIDs (they become part of a KV key). */
const CHECKOUT_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Whether `value` is a checkout id. */
export function isCheckoutId(value: unknown): value is string {
  return typeof value === "string" && CHECKOUT_ID.test(value);
}

/** A step's stored value that failed validation and was dropped. */
export type InvalidCheckoutPart = "email" | "address" | "shipping" | "payment";

/**
 * Reads the checkout state from session data, checking every part again:
 * the session may hold what an older version stored, or a delivery method
 * no longer offered. What fails is dropped (and named in `invalid`), so the
 * step that collects it asks again; a malformed whole becomes a fresh
 * checkout.
 *
 * @param value The session's `checkout` value, as stored.
 */
export function readCheckout(
  value: unknown,
): { checkout: CheckoutState; invalid: InvalidCheckoutPart[] } {
  if (
    typeof value !== "object" || value === null || Array.isArray(value) ||
    !isCheckoutId((value as { id?: unknown }).id)
  ) {
    return { checkout: { id: crypto.randomUUID() }, invalid: [] };
  }
  const stored = value as Record<string, unknown>;
  const checkout: CheckoutState = { id: stored.id as string };
  const invalid: InvalidCheckoutPart[] = [];
  if (stored.email !== undefined) {
    if (isEmail(stored.email)) checkout.email = stored.email;
    else invalid.push("email");
  }
  if (stored.payment !== undefined) {
    if (isPayment(stored.payment)) {
      checkout.payment = { method: stored.payment.method };
    } else invalid.push("payment");
  }
  if (stored.address !== undefined) {
    const address = parseAddress(stored.address);
    if (address) checkout.address = address;
    else invalid.push("address");
  }
  if (stored.shipping !== undefined) {
    if (
      typeof stored.shipping === "string" && isShippingMethod(stored.shipping)
    ) {
      checkout.shipping = stored.shipping;
    } else invalid.push("shipping");
  }
  return { checkout, invalid };
}

/** Reads the checkout state from session data; what is invalid is dropped. */
export function toCheckout(value: unknown): CheckoutState {
  return readCheckout(value).checkout;
}

/**
 * Checks an address that was stored (in the session or an order) against
 * the same rules as the form. Returns the address, or null.
 *
 * @param value The stored value.
 */
export function parseAddress(value: unknown): Address | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return null;
  }
  const stored = value as Record<string, unknown>;
  const input = {} as Record<keyof Address, string>;
  for (const [name] of ADDRESS_FORM) {
    const field = stored[name];
    if (typeof field !== "string") return null;
    input[name] = field;
  }
  const { address, errors } = validateAddress(input);
  return Object.keys(errors).length === 0 ? address : null;
}

/** Validates an address; returns the cleaned value or field errors. */
export function validateAddress(
  input: Record<keyof Address, string>,
): { address: Address; errors: FieldErrors } {
  const errors: FieldErrors = {};
  for (const [name, { label, max }] of ADDRESS_FORM) {
    const value = input[name];
    if (value === "") errors[name] = `${label} is required.`;
    else if (value.length > max) {
      errors[name] = `${label} must be at most ${max} characters.`;
    }
  }
  if (!errors.country && !isShippingCountry(input.country)) {
    errors.country = "Choose your country from the list.";
  }
  if (!errors.postcode && !/^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(input.postcode)) {
    errors.postcode =
      "Postcode may contain only letters, digits, spaces and dashes.";
  }
  return { address: input, errors };
}

/** Whether `value` names a shipping method. */
export function isShippingMethod(value: string): value is ShippingMethod {
  return Object.hasOwn(SHIPPING, value);
}
