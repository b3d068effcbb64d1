/**
 * The checkout's payment step. The shop takes no money: it offers "Pay on
 * delivery" and a card form in test mode, which checks the number (Luhn),
 * the expiry and the security code and then forgets them. Only the chosen
 * method is kept, in the session and in the order. Pure.
 *
 * @module
 */
import type { FieldErrors } from "./field_errors.ts";

/** How an order is paid. */
export type PaymentMethod = "cod" | "test-card";

/** What is kept of a payment: the method, never card data. */
export type Payment = { method: PaymentMethod };

/** The methods, in the order the form offers them. */
export const PAYMENT_METHODS: Record<
  PaymentMethod,
  { label: string; note: string }
> = {
  cod: {
    label: "Pay on delivery",
    note: "Pay the courier in cash or by card when the parcel arrives.",
  },
  "test-card": {
    label: "Card (test mode)",
    note:
      "For trying the checkout: the number is checked, then forgotten, and nothing is charged.",
  },
};

/** Whether `value` names a payment method. */
export function isPaymentMethod(value: unknown): value is PaymentMethod {
  return typeof value === "string" && Object.hasOwn(PAYMENT_METHODS, value);
}

/** Whether a stored value is a {@linkcode Payment}. */
export function isPayment(value: unknown): value is Payment {
  return typeof value === "object" && value !== null &&
    !Array.isArray(value) &&
    isPaymentMethod((value as { method?: unknown }).method);
}

/**
 * The Luhn checksum of a card number (ISO/IEC 7812-1): catches any one
 * mistyped digit and most swapped pairs.
 *
 * @see https://en.wikipedia.org/wiki/Luhn_algorithm
 * @param digits Digits only.
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Checks the payment form. A test card's fields are checked and dropped:
 * the result holds only the method.
 *
 * @param input The posted fields: `method`, and for a card `card_number`,
 *   `card_expiry` (MM/YY) and `card_cvc`.
 * @param now Today, for the expiry.
 */
export function validatePayment(
  input: Record<string, string | undefined>,
  now: Date,
): { payment?: Payment; errors: FieldErrors } {
  const method = input.method ?? "";
  if (!isPaymentMethod(method)) {
    return { errors: { method: "Choose how you will pay." } };
  }
  if (method === "cod") return { payment: { method }, errors: {} };
  const errors: FieldErrors = {};
  const number = (input.card_number ?? "").replace(/[\s-]/g, "");
  if (!/^\d+$/.test(number) || !luhnValid(number)) {
    errors.card_number =
      "Enter a valid card number, such as the test number 4242 4242 4242 4242.";
  }
  const expiry = /^(\d{2})\s*\/\s*(\d{2})$/.exec(input.card_expiry ?? "");
  const month = expiry ? Number(expiry[1]) : 0;
  const year = expiry ? 2000 + Number(expiry[2]) : 0;
  if (!expiry || month < 1 || month > 12) {
    errors.card_expiry = "Enter the expiry date as MM/YY, such as 12/30.";
  } else if (
    year < now.getUTCFullYear() ||
    (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)
  ) {
    errors.card_expiry = "That card has expired.";
  }
  if (!/^\d{3,4}$/.test(input.card_cvc ?? "")) {
    errors.card_cvc = "Enter the 3 or 4 digits on the back of the card.";
  }
  return Object.keys(errors).length > 0
    ? { errors }
    : { payment: { method }, errors };
}
