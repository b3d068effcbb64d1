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

// The places where our catalogue page depends on the visitor, in page
// order: the badge's count, its "item"/"items", the flash stack, and the
// count in the CartBadge island's serialized props.
const HOLES = [
  /(data-testid="cart-badge"[^>]*>)\d+(<)/,
  /(<span class="visually-hidden">)items?(<\/span>)/,
  /(<div class="flash-stack"[^>]*>)()/,
  /(id="__FRSH_STATE"[^>]*>[^<]*?\["P","count",)\d+(\])/,
];
const MAIN_OPEN = '<main class="page">';
const MAIN_CLOSE = "</main>";

/**
 * Cuts `html` at each of `holes` in turn (each a pattern with a prefix and
 * a suffix group around what varies): n holes give n + 1 parts.
 */
function cut(html, holes) {
  const parts = [];
  let rest = html;
  for (const hole of holes) {
    const match = hole.exec(rest);
    if (!match) {
      throw new Error(`bench fixture: the catalogue HTML lost ${hole}`);
    }
    parts.push(rest.slice(0, match.index + match[1].length));
    rest = rest.slice(match.index + match[0].length - match[2].length);
  }
  parts.push(rest);
  return parts;
}

/**
 * Loads the fixture `{ html, products }` and cuts the templates.
 *
 * @param {string} json The fixture file's text.
 */
export function loadShop(json) {
  const { html, products } = JSON.parse(json);
  const byId = new Map(products.map((p) => [p.id, p]));
  const [beforeCount, beforeUnit, beforeFlashes, beforeState, end] = cut(
    html,
    HOLES,
  );
  const mainAt = beforeFlashes.indexOf(MAIN_OPEN);
  const mainEnd = beforeState.lastIndexOf(MAIN_CLOSE);
  if (mainAt < 0 || mainEnd < 0) {
    throw new Error("bench fixture: the catalogue HTML lost its <main>");
  }
  const beforeMain = beforeFlashes.slice(0, mainAt + MAIN_OPEN.length);
  const afterMain = beforeState.slice(mainEnd);
  const header = (count) =>
    beforeCount + count + beforeUnit + (count === 1 ? "item" : "items");

  return {
    product: (id) => byId.get(id),
    /** The catalogue page: our HTML with this visitor's count and flashes. */
    catalogue(count, flashes) {
      return header(count) + beforeFlashes + flashHtml(flashes) +
        beforeState + count + end;
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
      return header(count) + beforeMain +
        `<div class="flash-stack">${flashHtml(flashes)}</div>` +
        `<h1>Your cart</h1><p class="muted">Items: <strong data-testid="cart-count">${count}</strong></p>` +
        `<table class="table"><tbody>${rows}</tbody></table><p>Total ${
          price(total)
        }</p>` + afterMain + count + end;
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
