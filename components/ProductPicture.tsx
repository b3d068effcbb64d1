import { asset } from "$fresh/runtime.ts";
import type { Product } from "../utils/shop/catalog.ts";

/** Pixel sizes of the SVGs in `static/products/` (their viewBox). */
const SIZE = 120;

/**
 * A product's illustration, `static/products/<id>.svg`. Pictures are SVG
 * rather than emoji so that they render without an emoji font.
 *
 * @param alt `""` where the product's name is already next to the picture.
 */
export function ProductPicture(
  { product, alt = product.name, size = SIZE }: {
    product: Product;
    alt?: string;
    size?: number;
  },
) {
  return (
    <img
      class="product-picture"
      src={asset(`/products/${product.id}.svg`)}
      width={size}
      height={size}
      alt={alt}
      decoding="async"
    />
  );
}
