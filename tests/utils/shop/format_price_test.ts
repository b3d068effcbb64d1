import { strictEqual } from "node:assert";
import fc from "fast-check";
import { formatPrice } from "../../../utils/shop/catalog.ts";

// What the shop has always shown: en-US dollars, as Intl formats them.
const INTL_USD = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
});

Deno.test("formatPrice writes cents as Intl's en-US dollars do (table)", () => {
  const cases: [number, string][] = [
    [0, "$0.00"],
    [5, "$0.05"],
    [99, "$0.99"],
    [1400, "$14.00"],
    [123456, "$1,234.56"],
    [100000000, "$1,000,000.00"],
    [1_000_000_000, "$10,000,000.00"],
    [-1400, "-$14.00"],
  ];
  for (const [cents, text] of cases) strictEqual(formatPrice(cents), text);
});

Deno.test("formatPrice agrees with Intl for any number of cents (property)", () => {
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: -1e15, max: 1e15 }),
        fc.integer({ min: -2e13, max: 2e13 }),
        fc.integer({ min: -100_000_00, max: 100_000_00 }),
        fc.double({ noNaN: false }),
        fc.constantFrom(-0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
      ),
      (cents) => formatPrice(cents) === INTL_USD.format(cents / 100),
    ),
    { numRuns: 2000 },
  );
});
