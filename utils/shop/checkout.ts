/**
 * The multi-step checkout, kept in the session under `checkout` so that
 * going back and forth between steps keeps what was typed. Validation is
 * pure: it returns field errors, and the step re-renders with them.
 *
 * @module
 */

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
  standard: { label: "Standard", priceCents: 500, days: "3–5 working days" },
  express: { label: "Express", priceCents: 1500, days: "next working day" },
};

/** What the session holds between steps. */
export type CheckoutState = {
  /** Identifies this checkout, so a double submit places one order. */
  id: string;
  address?: Address;
  shipping?: ShippingMethod;
};

export type FieldErrors = Partial<Record<string, string>>;

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

/** Reads the checkout state from session data; malformed becomes fresh. */
export function toCheckout(value: unknown): CheckoutState {
  if (
    typeof value === "object" && value !== null && !Array.isArray(value) &&
    typeof (value as CheckoutState).id === "string"
  ) {
    return value as CheckoutState;
  }
  return { id: crypto.randomUUID() };
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
