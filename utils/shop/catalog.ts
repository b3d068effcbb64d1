/**
 * The product catalogue. Products live in KV under `["products", id]`; the
 * catalogue is seeded on first start and never changes while the app runs,
 * so each process reads it once and serves it from memory.
 *
 * @module
 */
import { reportBadRow } from "../bad_rows.ts";

/** A product for sale. Prices are integer cents, never floats. */
export interface Product {
  id: string;
  name: string;
  description: string;
  priceCents: number;
  /**
   * Names the colour class of the tile behind the picture, `art-<tint>` in
   * styles.css. The picture itself is `static/products/<id>.svg`.
   */
  tint: string;
}

/** Product ids are short slugs; anything else is rejected before KV. */
export const PRODUCT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The catalogue seeded on first start. */
export const SEED_PRODUCTS: readonly Product[] = [
  [
    "ceramic-mug",
    "Ceramic mug",
    "Stoneware, 350 ml, dishwasher safe.",
    1400,
    "amber",
  ],
  [
    "notebook",
    "Dot-grid notebook",
    "A5, 160 pages of 100 gsm paper.",
    1200,
    "blue",
  ],
  [
    "desk-plant",
    "Desk plant",
    "A small pothos in a glazed pot.",
    2200,
    "green",
  ],
  [
    "headphones",
    "Wireless headphones",
    "Over-ear, 30 hours of battery.",
    8900,
    "violet",
  ],
  [
    "backpack",
    "Everyday backpack",
    "20 litres, water-resistant canvas.",
    6400,
    "rose",
  ],
  [
    "water-bottle",
    "Steel water bottle",
    "Keeps drinks cold for 24 hours.",
    2400,
    "cyan",
  ],
  [
    "sunglasses",
    "Sunglasses",
    "Polarised lenses, acetate frame.",
    5200,
    "yellow",
  ],
  [
    "sneakers",
    "Canvas sneakers",
    "Classic low-tops with rubber soles.",
    5900,
    "slate",
  ],
  [
    "coffee-beans",
    "Coffee beans",
    "Single origin, 500 g, medium roast.",
    1600,
    "brown",
  ],
  [
    "desk-lamp",
    "Desk lamp",
    "Dimmable LED with a warm glow.",
    3900,
    "gold",
  ],
  [
    "wool-scarf",
    "Wool scarf",
    "Merino, 180 cm, forest green.",
    3400,
    "mint",
  ],
  [
    "board-game",
    "Board game",
    "Strategy for 2–4 players, 45 minutes.",
    4200,
    "pink",
  ],
].map(([id, name, description, priceCents, tint]) => ({
  id,
  name,
  description,
  priceCents,
  tint,
} as Product));

// Building an Intl.NumberFormat is costly (it was a fifth of the catalogue
// page's CPU time when made per call), so one instance serves every call.
const USD = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
});

/**
 * Formats cents as dollars, e.g. `1400` → `$14.00`, exactly as Intl's en-US
 * currency format does (tests/utils/shop/format_price_test.ts holds them
 * together). Whole cents, which are all the shop stores, are written by hand:
 * `Intl.NumberFormat.format` was one of the largest JavaScript costs of the
 * cart page, which formats every line, total and step.
 */
export function formatPrice(cents: number): string {
  // Past 13 digits `cents / 100` is no longer exact to the cent, and Intl
  // formats that rounded number; such amounts never occur in the shop.
  if (
    !Number.isInteger(cents) || Math.abs(cents) > HAND_FORMATTED_LIMIT ||
    Object.is(cents, -0)
  ) {
    return USD.format(cents / 100);
  }
  const sign = cents < 0 ? "-$" : "$";
  const whole = Math.abs(cents);
  const fraction = whole % 100;
  return sign + groupThousands(Math.floor(whole / 100)) +
    (fraction < 10 ? ".0" : ".") + fraction;
}

const HAND_FORMATTED_LIMIT = 1e13;

/** `1234567` → `1,234,567`. */
function groupThousands(n: number): string {
  const digits = String(n);
  let grouped = "";
  let end = digits.length;
  for (let start = end - 3; start > 0; start -= 3) {
    grouped = "," + digits.slice(start, end) + grouped;
    end = start;
  }
  return digits.slice(0, end) + grouped;
}

/** The highest price a product may have: $10 million, in cents. */
export const MAX_PRICE_CENTS = 1_000_000_000;

/**
 * Checks a row read from `["products", id]`: every field present with its
 * type, the id the one in the key, and a price of whole cents in range (so
 * no total is ever NaN). Returns the product, or null.
 *
 * @param value The stored value.
 * @param id The id part of its key.
 */
export function parseProduct(value: unknown, id: unknown): Product | null {
  if (typeof value !== "object" || value === null) return null;
  const p = value as Record<string, unknown>;
  if (
    typeof p.id !== "string" || p.id !== id || !PRODUCT_ID.test(p.id) ||
    typeof p.name !== "string" || p.name === "" ||
    typeof p.description !== "string" ||
    !Number.isSafeInteger(p.priceCents) || (p.priceCents as number) < 0 ||
    (p.priceCents as number) > MAX_PRICE_CENTS ||
    typeof p.tint !== "string" || !/^[a-z]{1,20}$/.test(p.tint)
  ) {
    return null;
  }
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    priceCents: p.priceCents as number,
    tint: p.tint,
  };
}

/** The catalogue of one KV database, loaded once. */
export class Catalog {
  #products: Map<string, Product>;

  constructor(products: Iterable<Product>) {
    this.#products = new Map([...products].map((p) => [p.id, p]));
  }

  /** Loads every product from KV; malformed rows are skipped and logged. */
  static async load(kv: Deno.Kv): Promise<Catalog> {
    const products: Product[] = [];
    for await (const entry of kv.list({ prefix: ["products"] })) {
      const product = parseProduct(entry.value, entry.key[1]);
      if (product) products.push(product);
      else reportBadRow(entry, "product");
    }
    products.sort((a, b) =>
      SEED_ORDER.get(a.id)! - SEED_ORDER.get(b.id)! || a.id.localeCompare(b.id)
    );
    return new Catalog(products);
  }

  /** All products, in catalogue order. */
  all(): Product[] {
    return [...this.#products.values()];
  }

  /** The product with `id`, or undefined for unknown or malformed ids. */
  get(id: string): Product | undefined {
    return PRODUCT_ID.test(id) ? this.#products.get(id) : undefined;
  }
}

const SEED_ORDER = new Map(SEED_PRODUCTS.map((p, i) => [p.id, i]));

/**
 * Writes the seed products once. The atomic check makes concurrent first
 * starts (several processes on one KV file) write them exactly once; a
 * start on a seeded database only reads the marker, so it sends no commit.
 */
export async function seedProducts(kv: Deno.Kv): Promise<boolean> {
  const marker = ["seed", "products", "v1"];
  if ((await kv.get(marker)).versionstamp !== null) return false;
  const op = kv.atomic().check({ key: marker, versionstamp: null })
    .set(marker, Date.now());
  for (const product of SEED_PRODUCTS) {
    op.set(["products", product.id], product);
  }
  return (await op.commit()).ok;
}
