import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import { OrderSummary } from "../../components/OrderSummary.tsx";
import type { Order } from "../../utils/shop/orders.ts";
import { lastOrder } from "../../utils/shop/services.ts";
import type { State } from "../../utils/state.ts";

export const config: RouteConfig = { csp: true };

export const handler: Handlers<Order, State> = {
  async GET(_req, ctx) {
    const order = await lastOrder(ctx.state.session);
    if (!order) return seeOther("/");
    return ctx.render(order);
  },
};

export default function Complete({ data }: PageProps<Order, State>) {
  return (
    <>
      <Head>
        <title>Thank you · Deno Shop</title>
      </Head>
      <section class="card">
        <h1>Thank you, {data.address.name}!</h1>
        <p>
          Order <code data-testid="order-id">{data.id.slice(0, 8)}</code>{" "}
          is placed and will be delivered to {data.address.city}.
        </p>
        <OrderSummary order={data} />
        <p>
          <a class="button" href="/">Keep shopping</a>
          {data.userId && (
            <>
              {" "}
              <a class="button secondary" href="/account/orders">
                Your orders
              </a>
            </>
          )}
        </p>
      </section>
    </>
  );
}
