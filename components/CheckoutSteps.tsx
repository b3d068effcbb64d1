const STEPS = [
  ["contact", "Contact", "/checkout/contact"],
  ["address", "Address", "/checkout/address"],
  ["shipping", "Delivery", "/checkout/shipping"],
  ["payment", "Payment", "/checkout/payment"],
  ["review", "Review", "/checkout/review"],
] as const;

/** The step indicator above each checkout page; earlier steps are links. */
export function CheckoutSteps(
  { current }: { current: typeof STEPS[number][0] },
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
