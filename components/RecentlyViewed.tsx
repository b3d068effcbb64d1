import { ProductPicture } from "./ProductPicture.tsx";
import type { Product } from "../utils/shop/catalog.ts";

/** The "Recently viewed" strip: newest first, at most five. */
export function RecentlyViewed({ products }: { products: Product[] }) {
  if (products.length === 0) return null;
  return (
    <section class="recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recently viewed</h2>
      <ol data-testid="recently-viewed">
        {products.map((product) => (
          <li key={product.id}>
            <a href={`/products/${product.id}`}>
              <ProductPicture product={product} alt="" size={28} />
              {product.name}
            </a>
          </li>
        ))}
      </ol>
    </section>
  );
}
