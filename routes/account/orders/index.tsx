import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { paymentSentence } from "../../../components/OrderSummary.tsx";
import { requireUser } from "../../../utils/accounts/guard.ts";
import { formatPrice } from "../../../utils/shop/catalog.ts";
import type { Order } from "../../../utils/shop/orders.ts";
import { userOrders } from "../../../utils/shop/services.ts";
import type { State } from "../../../utils/state.ts";

export const config: RouteConfig = { csp: true };

const DATE = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeZone: "UTC",
});

/** `/account/orders`: the signed-in user's orders, newest first. */
export const handler: Handlers<Order[], State> = {
  async GET(_req, ctx) {
    const state = requireUser(ctx);
    if (state instanceof Response) return state;
    return ctx.render(await userOrders(state.session.userId));
  },
};

export default function Orders({ data }: PageProps<Order[], State>) {
  return (
    <>
      <Head>
        <title>Your orders · Deno Shop</title>
      </Head>
      <h1>Your orders</h1>
      {data.length === 0
        ? (
          <p class="card" data-testid="no-orders">
            No orders yet. <a href="/">Browse the catalogue</a>
          </p>
        )
        : (
          <ol class="order-list" data-testid="orders">
            {data.map((order) => (
              <li class="card" key={order.id}>
                <h2>
                  <a href={`/account/orders/${order.id}`}>
                    Order {order.id.slice(0, 8)}
                  </a>
                </h2>
                <p>
                  {DATE.format(order.createdAt)} ·{" "}
                  {order.lines.reduce((n, line) => n + line.qty, 0)} items ·
                  {" "}
                  <strong>{formatPrice(order.totalCents)}</strong>
                </p>
                <p class="muted">{paymentSentence(order)}</p>
              </li>
            ))}
          </ol>
        )}
    </>
  );
}
