import { AddToCartForm } from "./AddToCartForm.tsx";
import { ProductPicture } from "./ProductPicture.tsx";
import { formatPrice, type Product } from "../utils/shop/catalog.ts";

/**
 * One product in the catalogue grid. It must stay free of per-request state
 * and islands: the grid is rendered once per process (ProductGrid.tsx).
 */
export function ProductCard({ product }: { product: Product }) {
  return (
    <li class="product-card" data-testid={`product-${product.id}`}>
      <a
        href={`/products/${product.id}`}
        class={`product-art art-${product.tint}`}
        aria-hidden="true"
        tabIndex={-1}
      >
        <ProductPicture product={product} />
      </a>
      <div class="product-body">
        <h3>
          <a href={`/products/${product.id}`}>{product.name}</a>
        </h3>
        <p>{product.description}</p>
        <div class="product-actions">
          <span class="price">{formatPrice(product.priceCents)}</span>
          <AddToCartForm productId={product.id} productName={product.name} />
        </div>
      </div>
    </li>
  );
}
