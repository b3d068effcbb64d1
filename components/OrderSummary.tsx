import { formatPrice } from "../utils/shop/catalog.ts";
import { SHIPPING } from "../utils/shop/checkout.ts";
import type { Order } from "../utils/shop/orders.ts";
import { PAYMENT_METHODS } from "../utils/shop/payment.ts";

/**
 * How an order will be paid, in words that never say "paid": the shop
 * charges nothing.
 */
export function paymentSentence(order: Order): string {
  const total = formatPrice(order.totalCents);
  switch (order.payment?.method) {
    case "test-card":
      return `Card in test mode: nothing was charged. The order total is ${total}.`;
    case "cod":
      return `You will pay ${total} on delivery, in cash or by card.`;
    default:
      return `Order total: ${total}.`;
  }
}

/** What was ordered, where it goes and how it will be paid. */
export function OrderSummary({ order }: { order: Order }) {
  const { address } = order;
  return (
    <>
      <table class="table" aria-label="What you ordered">
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.qty} × {line.name}</td>
              <td class="num">{formatPrice(line.qty * line.priceCents)}</td>
            </tr>
          ))}
          <tr>
            <td>Delivery: {SHIPPING[order.shipping].label}</td>
            <td class="num">{formatPrice(order.shippingCents)}</td>
          </tr>
          <tr>
            <th scope="row">Total</th>
            <td class="num">
              <strong>{formatPrice(order.totalCents)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <p data-testid="order-payment">
        {order.payment && (
          <>
            <strong>{PAYMENT_METHODS[order.payment.method].label}.</strong>
            {" "}
          </>
        )}
        {paymentSentence(order)}
      </p>
      <p>
        Delivering to {address.name}, {address.street}, {address.postcode}{" "}
        {address.city}, {address.country}.
        {order.email && <>Confirmation to {order.email}.</>}
      </p>
    </>
  );
}
