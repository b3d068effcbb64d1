import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { OrderSummary } from "../../../components/OrderSummary.tsx";
import { requireUser } from "../../../utils/accounts/guard.ts";
import type { Order } from "../../../utils/shop/orders.ts";
import { userOrder } from "../../../utils/shop/services.ts";
import type { State } from "../../../utils/state.ts";

export const config: RouteConfig = { csp: true };

/**
 * `/account/orders/:id`: one of the signed-in user's orders. Someone
 * else's order, an unknown id and a malformed one are all the same 404.
 */
export const handler: Handlers<Order, State> = {
  async GET(_req, ctx) {
    const state = requireUser(ctx);
    if (state instanceof Response) return state;
    const order = await userOrder(state.session.userId, ctx.params.id);
    if (!order) return ctx.renderNotFound();
    return ctx.render(order);
  },
};

export default function OrderDetail({ data }: PageProps<Order, State>) {
  return (
    <>
      <Head>
        <title>{`Order ${data.id.slice(0, 8)} · Deno Shop`}</title>
      </Head>
      <p>
        <a href="/account/orders" class="back-link">Your orders</a>
      </p>
      <section class="card">
        <h1>Order {data.id.slice(0, 8)}</h1>
        <OrderSummary order={data} />
      </section>
    </>
  );
}
