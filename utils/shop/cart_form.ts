/**
 * Reads and validates the fields of the cart forms. Everything a visitor
 * can type or forge is checked here, so handlers deal only in valid ids
 * and quantities.
 *
 * @module
 */
import { field } from "../http/forms.ts";
import { safeNext } from "../http/redirect.ts";
import type { Catalog, Product } from "./catalog.ts";
import { MAX_QUANTITY, MIN_QUANTITY } from "./cart.ts";

/** A validated cart form, or the message explaining what was wrong. */
export type CartInput =
  | { ok: true; product: Product; quantity: number }
  | { ok: false; message: string };

/**
 * Validates `product_id` and `quantity`.
 *
 * @param minQuantity 1 for adding, 0 for updating (0 removes the line).
 * @param defaultQuantity Used when the field is absent or empty.
 */
export function readCartInput(
  form: FormData,
  catalog: Catalog,
  { minQuantity = MIN_QUANTITY, defaultQuantity = 1 } = {},
): CartInput {
  const product = catalog.get(field(form, "product_id"));
  if (!product) {
    return { ok: false, message: "That product does not exist." };
  }
  const raw = field(form, "quantity");
  const quantity = raw === "" ? defaultQuantity : Number(raw);
  if (
    !/^\d{1,2}$/.test(raw === "" ? String(defaultQuantity) : raw) ||
    quantity < minQuantity || quantity > MAX_QUANTITY
  ) {
    return {
      ok: false,
      message:
        `Quantity must be a whole number from ${minQuantity} to ${MAX_QUANTITY}.`,
    };
  }
  return { ok: true, product, quantity };
}

/**
 * Where to send the visitor back to after a failed cart action: the form's
 * same-origin `next`, else the same-origin page it came from, else `/`.
 */
export function backTo(req: Request, form: FormData | null): string {
  const next = form ? field(form, "next") : "";
  const fromForm = safeNext(next, "");
  if (fromForm) return fromForm;
  const referer = req.headers.get("referer");
  if (referer) {
    try {
      const url = new URL(referer);
      if (url.origin === new URL(req.url).origin) {
        return safeNext(url.pathname + url.search, "/");
      }
    } catch {
      // A malformed Referer is simply ignored.
    }
  }
  return "/";
}
