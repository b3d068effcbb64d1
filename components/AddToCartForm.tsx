/** Props of {@linkcode AddToCartForm}. */
export interface AddToCartFormProps {
  productId: string;
  productName: string;
  /** Show a quantity field (product pages) or add one unit (cards). */
  withQuantity?: boolean;
}

/**
 * The add-to-cart form: plain server HTML, no island of its own. Without
 * JavaScript it is a plain POST → 303 form. On pages that also render the
 * `CartForms` island, that island intercepts its submit (it is marked
 * `data-add-to-cart`), posts with `fetch`, and updates the header badge and
 * the messages without a page load, and marks it `data-hydrated="true"`
 * (utils/hydration.ts) once it does.
 *
 * Being plain HTML is what lets the catalogue render its grid once per
 * process (components/ProductGrid.tsx): a card holds no island marker and
 * no per-request state.
 */
export function AddToCartForm(props: AddToCartFormProps) {
  const quantityId = `quantity-${props.productId}`;
  return (
    <form
      method="post"
      action="/cart/add"
      class="add-form"
      data-add-to-cart=""
      data-hydrated="false"
    >
      <input type="hidden" name="product_id" value={props.productId} />
      {props.withQuantity && (
        <div class="field">
          <label for={quantityId}>Quantity</label>
          <input
            id={quantityId}
            type="number"
            name="quantity"
            min={1}
            max={99}
            value={1}
            required
          />
        </div>
      )}
      {
        /* On a card the name adds the product, after the visible text, as
        speech input expects (WCAG 2.5.3 "Label in Name"). */
      }
      <button
        type="submit"
        class="button"
        aria-label={props.withQuantity
          ? undefined
          : `Add to cart: ${props.productName}`}
      >
        <span data-add-label="">Add to cart</span>
      </button>
    </form>
  );
}
