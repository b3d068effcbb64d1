/**
 * What every peer server shares (plain ESM, no dependencies, loaded by Node
 * and by Deno): the fixture written by bench/run.ts (our real catalogue
 * page's HTML and the product list), the page templates cut from it, and
 * the cart and flash rules of our app (same caps, same de-duplication), so
 * the peers do the same work per request as ours, minus Preact.
 *
 * @module
 */

/** Most lines in a cart, as MAX_CART_LINES in utils/shop/cart.ts. */
const MAX_CART_LINES = 50;
/** Most units on one line, as MAX_LINE_QUANTITY in utils/shop/cart.ts. */
const MAX_LINE_QUANTITY = 9999;
/** Most pending flash messages, as the messages middleware's default. */
const MAX_PENDING = 50;

const BADGE = /(data-testid="cart-badge">)\d+(<)/;
const FLASH_OPEN = '<div class="flash-stack">';
const MAIN_OPEN = '<main class="page">';
const MAIN_CLOSE = "</main>";

/**
 * Loads the fixture `{ html, products }` and cuts the templates.
 *
 * @param {string} json The fixture file's text.
 */
export function loadShop(json) {
  const { html, products } = JSON.parse(json);
  const byId = new Map(products.map((p) => [p.id, p]));
  const badge = BADGE.exec(html);
  const flashAt = html.indexOf(FLASH_OPEN);
  const mainAt = html.indexOf(MAIN_OPEN);
  const mainEnd = html.lastIndexOf(MAIN_CLOSE);
  if (!badge || flashAt < 0 || mainAt < 0 || mainEnd < 0) {
    throw new Error("bench fixture: the catalogue HTML lost its markers");
  }
  const beforeBadge = html.slice(0, badge.index + badge[1].length);
  const afterBadge = html.slice(badge.index + badge[0].length - 1);
  const split = afterBadge.indexOf(FLASH_OPEN) + FLASH_OPEN.length;
  const catalogue = [beforeBadge, afterBadge.slice(0, split), afterBadge.slice(split)];
  const shellMain = afterBadge.indexOf(MAIN_OPEN) + MAIN_OPEN.length;
  const shellEnd = afterBadge.lastIndexOf(MAIN_CLOSE);
  const shell = [
    beforeBadge,
    afterBadge.slice(0, shellMain),
    afterBadge.slice(shellEnd),
  ];

  return {
    product: (id) => byId.get(id),
    /** The catalogue page: our HTML with this visitor's count and flashes. */
    catalogue(count, flashes) {
      return catalogue[0] + count + catalogue[1] + flashHtml(flashes) +
        catalogue[2];
    },
    /** The cart page: the same shell around a table of the cart's lines. */
    cart(lines, flashes) {
      const count = cartCount(lines);
      let rows = "";
      let total = 0;
      for (const line of lines) {
        const p = byId.get(line.id);
        if (!p) continue;
        total += p.priceCents * line.qty;
        rows += `<tr data-testid="line-${p.id}"><td><a href="/products/${
          p.id
        }">${escapeHtml(p.name)}</a></td><td class="num">${
          price(p.priceCents)
        }</td><td>${line.qty}</td><td class="num">${
          price(p.priceCents * line.qty)
        }</td></tr>`;
      }
      return shell[0] + count + shell[1] +
        `<div class="flash-stack">${flashHtml(flashes)}</div>` +
        `<h1>Your cart</h1><p class="muted">Items: <strong data-testid="cart-count">${count}</strong></p>` +
        `<table class="table"><tbody>${rows}</tbody></table><p>Total ${
          price(total)
        }</p>` + shell[2];
    },
  };
}

/** Adds `qty` of `id`, with our caps. Returns a new cart. */
export function addToCart(cart, id, qty) {
  const lines = Array.isArray(cart) ? cart : [];
  if (lines.some((l) => l.id === id)) {
    return lines.map((l) =>
      l.id === id ? { id, qty: Math.min(MAX_LINE_QUANTITY, l.qty + qty) } : l
    );
  }
  if (lines.length >= MAX_CART_LINES) return lines;
  return [...lines, { id, qty }];
}

/** Units in the cart. */
export function cartCount(cart) {
  return Array.isArray(cart) ? cart.reduce((n, l) => n + l.qty, 0) : 0;
}

/** Appends a message as ours does: same text replaced, oldest capped. */
export function queueFlash(list, text) {
  const kept = (Array.isArray(list) ? list : []).filter((t) => t !== text);
  kept.push(text);
  return kept.slice(-MAX_PENDING);
}

function flashHtml(flashes) {
  let out = "";
  for (const text of flashes) {
    out += `<div class="flash flash-success" role="status">${
      escapeHtml(text)
    }</div>`;
  }
  return out;
}

function price(cents) {
  return `$${(cents / 100).toFixed(2)}`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Reads `product_id` and `quantity` as ours does (1..99, known id). */
export function readAdd(body, shop) {
  const product = shop.product(String(body?.product_id ?? ""));
  const raw = String(body?.quantity ?? "");
  const qty = raw === "" ? 1 : Number(raw);
  if (!product || !/^\d{1,2}$/.test(raw === "" ? "1" : raw) || qty < 1) {
    return null;
  }
  return { product, qty };
}
