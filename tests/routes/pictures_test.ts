/**
 * Product pictures are SVG files under `static/products/`, so they render on
 * any machine (an emoji draws nothing where no emoji font is installed), and
 * no emoji carries meaning anywhere in the pages.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";
import { SEED_PRODUCTS } from "../../utils/shop/catalog.ts";

/** `<img>` tags of a page, as attribute maps. */
function images(html: string): Record<string, string>[] {
  return [...html.matchAll(/<img\b([^>]*)>/g)].map(([, attrs]) =>
    Object.fromEntries(
      [...attrs.matchAll(/([a-z-]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]),
    )
  );
}

/** Decodes numeric character references, so `&#x2615;` counts as ☕. */
function decodeReferences(html: string): string {
  return html.replace(
    /&#x([0-9a-f]+);|&#(\d+);/gi,
    (_, hex, dec) => String.fromCodePoint(parseInt(hex ?? dec, hex ? 16 : 10)),
  );
}

const EMOJI = /\p{Extended_Pictographic}/u;

Deno.test("the catalogue shows each product's SVG picture with its size and name", async () => {
  const client = await Client.forApp();
  const { html } = await client.get("/");
  const pictures = images(html).filter((img) =>
    img.src?.startsWith("/products/")
  );
  strictEqual(pictures.length, SEED_PRODUCTS.length);
  for (const product of SEED_PRODUCTS) {
    const img = pictures.find((p) =>
      new URL(p.src, "http://x").pathname === `/products/${product.id}.svg`
    );
    ok(img, `a picture for ${product.id}`);
    strictEqual(img.alt, product.name);
    ok(Number(img.width) > 0 && Number(img.height) > 0, "width and height");
    const file = await client.get(img.src);
    strictEqual(file.res.status, 200, img.src);
    strictEqual(file.res.headers.get("content-type"), "image/svg+xml");
    ok(file.html.startsWith("<svg"), "an SVG document");
  }
});

Deno.test("the product page, the cart and recently viewed show the picture too", async () => {
  const client = await Client.forApp();
  const product = await client.get("/products/desk-lamp");
  ok(
    images(product.html).some((img) =>
      img.src.startsWith("/products/desk-lamp.svg") && img.alt === "Desk lamp"
    ),
  );
  await client.post("/cart/add", { product_id: "desk-lamp" });
  // Recently viewed starts once the visitor has a session.
  await client.get("/products/desk-lamp");
  const cart = await client.get("/cart");
  ok(
    images(cart.html).some((img) =>
      img.src.startsWith("/products/desk-lamp.svg")
    ),
  );
  const home = await client.get("/");
  const recent = home.html.split('data-testid="recently-viewed"')[1] ?? "";
  ok(recent.includes("/products/desk-lamp.svg"), "recently viewed");
});

Deno.test("no page carries an emoji, literally or as a character reference", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "sunglasses" });
  const pages = [
    "/",
    "/products/sunglasses",
    "/cart",
    "/about",
    "/login",
    "/signup",
    "/posts",
    "/checkout/address",
  ];
  const found: string[] = [];
  for (const path of pages) {
    const { html } = await client.get(path);
    const match = decodeReferences(html).match(EMOJI);
    if (match) found.push(`${path}: ${match[0]}`);
  }
  deepStrictEqual(found, []);
});
