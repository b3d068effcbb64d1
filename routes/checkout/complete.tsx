import type { Handlers, PageProps } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { kv } from "../../utils/db.ts";
import { seeOther } from "../../utils/http/redirect.ts";
import { formatPrice } from "../../utils/shop/catalog.ts";
import {
  getOrder,
  LAST_ORDER_KEY,
  type Order,
} from "../../utils/shop/orders.ts";
import type { State } from "../../utils/state.ts";

export const handler: Handlers<Order, State> = {
  async GET(_req, ctx) {
    const id = ctx.state.session.get(LAST_ORDER_KEY);
    const order = typeof id === "string" ? await getOrder(kv, id) : null;
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
          is on its way to {data.address.city}. Total paid:{" "}
          <strong>{formatPrice(data.totalCents)}</strong>.
        </p>
        <p>
          <a class="button" href="/">Keep shopping</a>
        </p>
      </section>
    </>
  );
}
