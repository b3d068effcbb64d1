// Types of shop.mjs for the Deno peer.
export interface Product {
  id: string;
  name: string;
  priceCents: number;
}
export interface Line {
  id: string;
  qty: number;
}
export interface Shop {
  product(id: string): Product | undefined;
  catalogue(count: number, flashes: string[]): string;
  cart(lines: Line[], flashes: string[]): string;
}
export function loadShop(json: string): Shop;
export function addToCart(cart: unknown, id: string, qty: number): Line[];
export function cartCount(cart: unknown): number;
export function queueFlash(list: unknown, text: string): string[];
export function readAdd(
  body: unknown,
  shop: Shop,
): { product: Product; qty: number } | null;
