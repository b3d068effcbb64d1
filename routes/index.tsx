import type { Handlers, PageProps, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { ProductGrid, productGridHtml } from "../components/ProductGrid.tsx";
import { RecentlyViewed } from "../components/RecentlyViewed.tsx";
import CartForms from "../islands/CartForms.tsx";
import { markPublicPage } from "../utils/http/public_page_cache.ts";
import type { Product } from "../utils/shop/catalog.ts";
import { recentKey } from "../utils/shop/session_keys.ts";
import { getCatalog } from "../utils/shop/store.ts";
import type { State } from "../utils/state.ts";

export const config: RouteConfig = { csp: true };

interface CatalogueData {
  /** The product cards, rendered once per process (ProductGrid.tsx). */
  gridHtml: string;
  recent: Product[];
}

export const handler: Handlers<CatalogueData, State> = {
  async GET(_req, ctx) {
    const catalog = await getCatalog();
    const recent = recentKey.get(ctx.state.session)
      .map((id) => catalog.get(id))
      .filter((product) => product !== undefined);
    ctx.state.liveCart = true;
    // Without a cookie this page is the catalogue and nothing else.
    markPublicPage(ctx);
    return ctx.render({ gridHtml: productGridHtml(catalog), recent });
  },
};

export default function Catalogue({ data }: PageProps<CatalogueData, State>) {
  return (
    <>
      <Head>
        <title>Catalogue · Deno Shop</title>
      </Head>
      <section class="hero">
        <h1>Things for your desk and your day</h1>
        <p>
          Your cart lives in a server-side session: add a few things, close the
          tab, come back tomorrow, and it is still here.
        </p>
      </section>
      <RecentlyViewed products={data.recent} />
      <section aria-labelledby="products-heading">
        <h2 id="products-heading" class="visually-hidden">All products</h2>
        <ProductGrid html={data.gridHtml} />
      </section>
      <CartForms />
    </>
  );
}
