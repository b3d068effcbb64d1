import { renderToString } from "preact-render-to-string";
import { latin1Html } from "../utils/html/latin1.ts";
import type { Catalog } from "../utils/shop/catalog.ts";
import { ProductCard } from "./ProductCard.tsx";

// The grid's HTML per catalogue instance. A catalogue is loaded once per
// process and never changes (utils/shop/store.ts), and the grid depends on
// nothing else: no session, no request, no island. A reloaded catalogue is
// a new instance, hence a new entry.
const cache = new WeakMap<Catalog, string>();

/**
 * The product cards of `catalog` as HTML, rendered by Preact once per
 * catalogue and then reused by every request. Preact escaped the product
 * text when it rendered it, so the string is safe to inject with
 * `dangerouslySetInnerHTML`.
 */
export function productGridHtml(catalog: Catalog): string {
  let html = cache.get(catalog);
  if (html === undefined) {
    // Product text may hold characters beyond Latin-1 (an en dash, say): as
    // references, the grid and every page it goes into stay one-byte
    // strings (utils/html/latin1.ts).
    html = latin1Html(renderToString(
      <>
        {catalog.all().map((product) => (
          <ProductCard key={product.id} product={product} />
        ))}
      </>,
    ));
    cache.set(catalog, html);
  }
  return html;
}

/**
 * The catalogue grid: a `<ul>` holding {@linkcode productGridHtml}. The
 * add-to-cart forms in it are plain HTML; the page renders the `CartForms`
 * island once to make them post with `fetch`.
 */
export function ProductGrid({ html }: { html: string }) {
  return (
    <ul
      class="product-grid"
      aria-label="Products"
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
