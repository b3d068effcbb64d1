import { deepStrictEqual, strictEqual } from "node:assert";
import {
  addToCart,
  cartCount,
  type CartLine,
  isCartFull,
  MAX_CART_LINES,
  MAX_LINE_QUANTITY,
  mergeCarts,
  priceCart,
  removeFromCart,
  setQuantity,
  subtractLines,
  toCart,
} from "../../../utils/shop/cart.ts";
import { Catalog, SEED_PRODUCTS } from "../../../utils/shop/catalog.ts";
import { MAX_RECENT, recordView } from "../../../utils/shop/recently_viewed.ts";

function fullCart(): CartLine[] {
  return Array.from({ length: MAX_CART_LINES }, (_, i) => ({
    id: `p${i}`,
    qty: 1,
  }));
}

Deno.test("addToCart appends new products and adds up repeats", () => {
  let cart = addToCart([], "a", 1);
  cart = addToCart(cart, "b", 2);
  cart = addToCart(cart, "a", 3);
  deepStrictEqual(cart, [{ id: "a", qty: 4 }, { id: "b", qty: 2 }]);
  strictEqual(cartCount(cart), 6);
});

Deno.test("a full cart takes more of a product it has, but no new product", () => {
  const cart = fullCart();
  strictEqual(isCartFull(cart, "new"), true);
  strictEqual(isCartFull(cart, "p3"), false);
  deepStrictEqual(addToCart(cart, "new", 1), cart, "nothing dropped or added");
  strictEqual(addToCart(cart, "p3", 2)[3].qty, 3);
});

Deno.test("an add already accepted (maxLines: Infinity) goes past the line count, never past the per-line cap", () => {
  const cart = fullCart();
  const replayed = addToCart(cart, "new", 2, { maxLines: Infinity });
  strictEqual(replayed.length, MAX_CART_LINES + 1);
  deepStrictEqual(replayed.at(-1), { id: "new", qty: 2 });
  const capped = addToCart(cart, "p0", MAX_LINE_QUANTITY, {
    maxLines: Infinity,
  });
  strictEqual(capped[0].qty, MAX_LINE_QUANTITY);
});

Deno.test("a line never exceeds the per-line cap", () => {
  const cart = addToCart([{ id: "a", qty: MAX_LINE_QUANTITY - 1 }], "a", 5);
  strictEqual(cart[0].qty, MAX_LINE_QUANTITY);
});

Deno.test("setQuantity replaces, 0 removes; removeFromCart drops the line", () => {
  const cart = [{ id: "a", qty: 1 }, { id: "b", qty: 2 }];
  deepStrictEqual(setQuantity(cart, "b", 7), [{ id: "a", qty: 1 }, {
    id: "b",
    qty: 7,
  }]);
  deepStrictEqual(setQuantity(cart, "a", 0), [{ id: "b", qty: 2 }]);
  deepStrictEqual(removeFromCart(cart, "b"), [{ id: "a", qty: 1 }]);
});

Deno.test("mergeCarts adds quantities and keeps the line limit", () => {
  deepStrictEqual(
    mergeCarts([{ id: "a", qty: 1 }], [{ id: "a", qty: 2 }, {
      id: "b",
      qty: 1,
    }]),
    [{ id: "a", qty: 3 }, { id: "b", qty: 1 }],
  );
  strictEqual(
    mergeCarts(fullCart(), [{ id: "extra", qty: 1 }]).length,
    MAX_CART_LINES,
  );
});

Deno.test("toCart drops malformed session data", () => {
  deepStrictEqual(toCart("nope"), []);
  deepStrictEqual(toCart(null), []);
  deepStrictEqual(
    toCart([{ id: "a", qty: 1 }, { id: 3, qty: 1 }, { id: "b", qty: 0 }, {
      id: "c",
      qty: 1.5,
    }, null]),
    [{ id: "a", qty: 1 }],
  );
});

Deno.test("priceCart joins products, skips unknown ids and totals in cents", () => {
  const catalog = new Catalog(SEED_PRODUCTS);
  const priced = priceCart(
    [{ id: "ceramic-mug", qty: 2 }, { id: "gone", qty: 1 }, {
      id: "notebook",
      qty: 1,
    }],
    (id) => catalog.get(id),
  );
  strictEqual(priced.lines.length, 2);
  strictEqual(priced.count, 3);
  strictEqual(priced.totalCents, 2 * 1400 + 1200);
});

Deno.test("catalog lookups reject malformed ids", () => {
  const catalog = new Catalog(SEED_PRODUCTS);
  strictEqual(SEED_PRODUCTS.length, 12);
  for (const id of ["", "../x", "A", "x".repeat(65), "__proto__", "toString"]) {
    strictEqual(catalog.get(id), undefined, id);
  }
  strictEqual(catalog.get("notebook")?.name, "Dot-grid notebook");
});

Deno.test("recordView keeps the newest first, no duplicates, at most five", () => {
  let recent: string[] = [];
  for (const id of ["a", "b", "a", "c", "d", "e", "f", "g"]) {
    recent = recordView(recent, id);
  }
  deepStrictEqual(recent, ["g", "f", "e", "d", "c"]);
  strictEqual(recent.length, MAX_RECENT);
});

Deno.test("subtractLines takes out only what was ordered", () => {
  deepStrictEqual(
    subtractLines(
      [{ id: "a", qty: 3 }, { id: "b", qty: 1 }, { id: "c", qty: 2 }],
      [{ id: "a", qty: 2 }, { id: "b", qty: 1 }, { id: "z", qty: 5 }],
    ),
    [{ id: "a", qty: 1 }, { id: "c", qty: 2 }],
  );
});
