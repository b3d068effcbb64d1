/**
 * The cart, kept in the session under `cart` as a list of lines. The
 * functions here are pure: handlers pass them to `session.update()`, which
 * replays them on the freshest cart if another request saved first, so no
 * add is ever lost.
 *
 * @module
 */
import { type Product, PRODUCT_ID } from "./catalog.ts";

/**
 * One line of the cart: a product and how many. A type alias rather than
 * an interface, so that it is assignable to the session's `JsonValue`.
 */
export type CartLine = {
  id: string;
  qty: number;
};

/** The session key of the cart. */
export const CART_KEY = "cart";

/** At most this many distinct products in one cart. */
export const MAX_CART_LINES = 50;

/** One add or update may ask for 1 to 99 units. */
export const MIN_QUANTITY = 1;
export const MAX_QUANTITY = 99;

/** A line never holds more than this, however many adds arrive. */
export const MAX_LINE_QUANTITY = 9999;

/**
 * Reads a cart from session data as the cart's own functions keep it: one
 * `{ id, qty }` line per product, in the order first added. Malformed lines
 * are dropped, including an id no product can have and a quantity past
 * {@linkcode MAX_LINE_QUANTITY} (which no add can store), so that every
 * price computed from the cart is a safe integer. Lines of one product that
 * older code or a bad write left apart are joined (up to that maximum), and
 * other fields of a line are not kept.
 */
export function toCart(value: unknown): CartLine[] {
  if (!Array.isArray(value)) return [];
  const lines = new Map<string, CartLine>();
  for (const line of value) {
    if (
      typeof line !== "object" || line === null ||
      typeof line.id !== "string" || !PRODUCT_ID.test(line.id) ||
      !Number.isInteger(line.qty) || line.qty <= 0 ||
      line.qty > MAX_LINE_QUANTITY
    ) continue;
    const qty = (lines.get(line.id)?.qty ?? 0) + line.qty;
    lines.set(line.id, { id: line.id, qty: Math.min(qty, MAX_LINE_QUANTITY) });
  }
  return [...lines.values()];
}

/**
 * The lines whose product is still sold. A line whose product left the
 * catalogue can never be shown, priced or ordered, so it must not take a
 * place in the cart, nor count in its badge.
 *
 * @param cart The cart.
 * @param isSold Whether the catalogue has the product.
 */
export function keepSold(
  cart: CartLine[],
  isSold: (id: string) => boolean,
): CartLine[] {
  return cart.every((line) => isSold(line.id))
    ? cart
    : cart.filter((line) => isSold(line.id));
}

/** Options of {@linkcode addToCart}. */
export interface AddToCartOptions {
  /**
   * How many lines the cart may hold. `Infinity` replays an add that was
   * already accepted, which a concurrent save must not undo.
   * @default {MAX_CART_LINES}
   */
  maxLines?: number;
}

/**
 * Adds `qty` of product `id`, up to `MAX_LINE_QUANTITY` a line. When the
 * cart already has `maxLines` other products, it is returned unchanged.
 */
export function addToCart(
  cart: CartLine[],
  id: string,
  qty: number,
  { maxLines = MAX_CART_LINES }: AddToCartOptions = {},
): CartLine[] {
  const existing = cart.find((line) => line.id === id);
  if (existing) {
    return cart.map((line) =>
      line.id === id
        ? { id, qty: Math.min(MAX_LINE_QUANTITY, line.qty + qty) }
        : line
    );
  }
  if (cart.length >= maxLines) return cart;
  return [...cart, { id, qty }];
}

/** Whether adding `id` would need a line the cart has no room for. */
export function isCartFull(cart: CartLine[], id: string): boolean {
  return cart.length >= MAX_CART_LINES && !cart.some((l) => l.id === id);
}

/** Sets the quantity of `id`; 0 removes the line. */
export function setQuantity(
  cart: CartLine[],
  id: string,
  qty: number,
): CartLine[] {
  if (qty === 0) return removeFromCart(cart, id);
  return cart.map((line) => line.id === id ? { id, qty } : line);
}

export function removeFromCart(cart: CartLine[], id: string): CartLine[] {
  return cart.filter((line) => line.id !== id);
}

/**
 * Takes the `ordered` quantities out of the cart: what placing an order
 * does. Only what was ordered goes, so an item another tab added meanwhile
 * stays in the cart.
 */
export function subtractLines(
  cart: CartLine[],
  ordered: readonly CartLine[],
): CartLine[] {
  return cart.flatMap((line) => {
    const taken = ordered.find((o) => o.id === line.id)?.qty ?? 0;
    const qty = line.qty - taken;
    return qty > 0 ? [{ id: line.id, qty }] : [];
  });
}

/** Number of units in the cart: what the header badge shows. */
export function cartCount(cart: CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.qty, 0);
}

/**
 * Merges a guest cart into a user's saved cart at login: quantities of the
 * same product add up, and the line limit still holds.
 */
export function mergeCarts(into: CartLine[], from: CartLine[]): CartLine[] {
  return from.reduce((cart, line) => addToCart(cart, line.id, line.qty), into);
}

/** A cart line joined with its product, for display. */
export interface PricedLine extends CartLine {
  product: Product;
  subtotalCents: number;
}

/** Joins lines with products; lines of unknown products are left out. */
export function priceCart(
  cart: CartLine[],
  lookup: (id: string) => Product | undefined,
): { lines: PricedLine[]; totalCents: number; count: number } {
  const lines: PricedLine[] = [];
  for (const line of cart) {
    const product = lookup(line.id);
    if (product) {
      lines.push({
        ...line,
        product,
        subtotalCents: product.priceCents * line.qty,
      });
    }
  }
  return {
    lines,
    totalCents: lines.reduce((sum, l) => sum + l.subtotalCents, 0),
    count: lines.reduce((sum, l) => sum + l.qty, 0),
  };
}
