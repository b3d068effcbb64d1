import { useSignal } from "@preact/signals";
import { pushMessages } from "../utils/messages/client.ts";
import { liveCartCount } from "../utils/shop/live_cart.ts";

/** Props of {@linkcode AddToCart}. */
export interface AddToCartProps {
  productId: string;
  productName: string;
  /** Show a quantity field (product pages) or add one unit (cards). */
  withQuantity?: boolean;
}

/** What `POST /cart/add` answers to `Accept: application/json`. */
interface AddResponse {
  cartCount: number;
  messages: unknown[];
}

/**
 * The add-to-cart form. Without JavaScript it is a plain POST → 303 form.
 * Once hydrated it posts with `fetch`, then updates the header badge and
 * shows the message without a page load.
 */
export default function AddToCart(props: AddToCartProps) {
  const busy = useSignal(false);

  async function submit(event: SubmitEvent) {
    const form = event.currentTarget as HTMLFormElement;
    event.preventDefault();
    if (busy.value) return;
    busy.value = true;
    try {
      const res = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(
          new FormData(form) as unknown as Record<string, string>,
        ),
        headers: { accept: "application/json" },
      });
      const type = res.headers.get("content-type") ?? "";
      if (!type.includes("application/json")) throw new Error(res.statusText);
      const body = await res.json() as AddResponse;
      liveCartCount.value = body.cartCount;
      pushMessages(body.messages);
    } catch {
      // Whatever went wrong, the plain form still works.
      form.submit();
    } finally {
      busy.value = false;
    }
  }

  const quantityId = `quantity-${props.productId}`;
  return (
    <form
      method="post"
      action="/cart/add"
      class="add-form"
      onSubmit={submit}
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
      <button
        type="submit"
        class="button"
        // Not `disabled`: disabling the focused button drops keyboard
        // focus to <body>. aria-disabled says "busy" to assistive tech and
        // keeps focus; the `busy` guard in submit ignores repeat presses.
        aria-disabled={busy.value ? "true" : undefined}
        aria-label={props.withQuantity
          ? undefined
          : `Add ${props.productName} to cart`}
      >
        Add to cart
      </button>
    </form>
  );
}
