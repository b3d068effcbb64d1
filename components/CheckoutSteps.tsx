const STEPS = [
  ["address", "Address", "/checkout/address"],
  ["shipping", "Delivery", "/checkout/shipping"],
  ["review", "Review", "/checkout/review"],
] as const;

/** The step indicator above each checkout page; earlier steps are links. */
export function CheckoutSteps(
  { current }: { current: "address" | "shipping" | "review" },
) {
  const index = STEPS.findIndex(([step]) => step === current);
  return (
    <ol class="steps" aria-label="Checkout steps">
      {STEPS.map(([step, label, href], i) => (
        <li key={step} aria-current={i === index ? "step" : undefined}>
          {i < index ? <a href={href}>{label}</a> : label}
        </li>
      ))}
    </ol>
  );
}
