/**
 * The checkout's contact and payment checks, pure: the email address, the
 * test-mode card (Luhn, expiry, security code) and what is kept of it
 * (nothing but the method).
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import {
  luhnValid,
  PAYMENT_METHODS,
  validatePayment,
} from "../../../utils/shop/payment.ts";
import { validateEmail } from "../../../utils/shop/contact.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

Deno.test("email addresses: ordinary ones pass, malformed or oversized ones get a field error", async (t) => {
  for (const ok of ["ada@example.com", "A.Lovelace+shop@mail.example.co.uk"]) {
    await t.step(ok, () => deepStrictEqual(validateEmail(ok).errors, {}));
  }
  for (
    const bad of [
      "",
      "ada",
      "ada@",
      "@example.com",
      "ada@example",
      "ada @example.com",
      "ada@exa mple.com",
      "<ada@example.com>",
      `${"a".repeat(250)}@x.io`,
    ]
  ) {
    await t.step(JSON.stringify(bad), () => {
      strictEqual(typeof validateEmail(bad).errors.email, "string");
    });
  }
  strictEqual(validateEmail("  ada@example.com ").email, "ada@example.com");
});

Deno.test("Luhn: test numbers pass, one wrong digit fails", () => {
  for (
    const n of ["4242424242424242", "4000056655665556", "5555555555554444"]
  ) {
    strictEqual(luhnValid(n), true, n);
  }
  for (const n of ["4242424242424241", "1234567812345678", "", "42", "abc"]) {
    strictEqual(luhnValid(n), false, n);
  }
});

Deno.test("pay on delivery needs no card, and keeps nothing but the method", () => {
  deepStrictEqual(validatePayment({ method: "cod" }, NOW), {
    payment: { method: "cod" },
    errors: {},
  });
});

Deno.test("the test card is checked and never kept", async (t) => {
  const good = {
    method: "test-card",
    card_number: "4242 4242 4242 4242",
    card_expiry: "12/30",
    card_cvc: "123",
  };
  await t.step("a valid one keeps only the method", () => {
    deepStrictEqual(validatePayment(good, NOW), {
      payment: { method: "test-card" },
      errors: {},
    });
  });
  const cases: [string, Record<string, string>, string][] = [
    ["Luhn", { card_number: "4242 4242 4242 4241" }, "card_number"],
    ["letters", { card_number: "4242-abcd" }, "card_number"],
    ["too short", { card_number: "4242" }, "card_number"],
    ["expired", { card_expiry: "11/26" }, "card_expiry"],
    ["bad month", { card_expiry: "13/30" }, "card_expiry"],
    ["bad form", { card_expiry: "2030-12" }, "card_expiry"],
    ["cvc", { card_cvc: "12" }, "card_cvc"],
  ];
  for (const [name, change, field] of cases) {
    await t.step(name, () => {
      const { payment, errors } = validatePayment({ ...good, ...change }, NOW);
      strictEqual(payment, undefined);
      strictEqual(typeof errors[field], "string", JSON.stringify(errors));
    });
  }
  await t.step("this month still counts", () => {
    deepStrictEqual(
      validatePayment({ ...good, card_expiry: "12/26" }, NOW).errors,
      {},
    );
  });
});

Deno.test("an unknown method is refused", () => {
  for (const method of ["", "bitcoin", "toString", "__proto__"]) {
    strictEqual(
      typeof validatePayment({ method }, NOW).errors.method,
      "string",
      method,
    );
  }
  deepStrictEqual(Object.keys(PAYMENT_METHODS), ["cod", "test-card"]);
});
