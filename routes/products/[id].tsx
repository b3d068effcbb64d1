import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { RecentlyViewed } from "../../components/RecentlyViewed.tsx";
import { AddToCartForm } from "../../components/AddToCartForm.tsx";
import { ProductPicture } from "../../components/ProductPicture.tsx";
import CartForms from "../../islands/CartForms.tsx";
import { isPrefetch } from "../../utils/messages/rules.ts";
import { formatPrice, type Product } from "../../utils/shop/catalog.ts";
import { recordView } from "../../utils/shop/recently_viewed.ts";
import { getCatalog } from "../../utils/shop/store.ts";
import type { State } from "../../utils/state.ts";
import { recentKey } from "../../utils/shop/session_keys.ts";

export const config: RouteConfig = { csp: true };

interface ProductData {
  product: Product;
  recent: Product[];
}

export const handler: Handlers<ProductData, State> = {
  async GET(req, ctx) {
    const catalog = await getCatalog();
    const product = catalog.get(ctx.params.id);
    if (!product) return ctx.renderNotFound();
    const session = ctx.state.session;
    const before = recentKey.get(session);
    // HEAD and prefetches are not visits; only a real view is recorded, and
    // re-viewing the newest product writes nothing. A visitor without a
    // session gets none for a view (see recently_viewed.ts).
    if (
      req.method === "GET" && !isPrefetch(req) && !session.isNew &&
      before[0] !== product.id
    ) {
      recentKey.update(session, (recent) => recordView(recent, product.id));
    }
    const recent = before.filter((id) => id !== product.id)
      .map((id) => catalog.get(id))
      .filter((p) => p !== undefined);
    ctx.state.liveCart = true;
    return ctx.render({ product, recent });
  },
};

export default function ProductPage({ data }: PageProps<ProductData, State>) {
  const { product } = data;
  return (
    <>
      <Head>
        <title>{`${product.name} · Deno Shop`}</title>
      </Head>
      <p>
        <a href="/" class="back-link">Back to the catalogue</a>
      </p>
      <article class="product-detail card">
        <div class={`product-art art-${product.tint}`}>
          <ProductPicture product={product} size={240} />
        </div>
        <div>
          <h1>{product.name}</h1>
          <p class="lead">{product.description}</p>
          <p class="price" data-testid="price">
            {formatPrice(product.priceCents)}
          </p>
          <AddToCartForm
            productId={product.id}
            productName={product.name}
            withQuantity
          />
        </div>
      </article>
      <RecentlyViewed products={data.recent} />
      <CartForms />
    </>
  );
}
