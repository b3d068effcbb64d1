/**
 * A mixed workload for the real app: shoppers that browse, add, update,
 * check out, write and delete posts, and sign in and out, each keeping a
 * ledger of what its cart must hold. The ledger changes only on an
 * acknowledged answer (the 303 to the success location), so a 503 or a
 * 429 must have changed nothing; at the end the cart page must match the
 * ledger unit for unit.
 *
 * Each shopper has one request in flight at a time (like one browser tab)
 * and its own account, so that its saved cart (kept at sign-out, merged
 * back at sign-in) is its own.
 *
 * @module
 */
import { confirmForm } from "../helpers/review_form.ts";
import { SEED_PRODUCTS } from "../../utils/shop/catalog.ts";
import { MAX_LINE_QUANTITY, mergeCarts } from "../../utils/shop/cart.ts";
import {
  cartLines,
  isSeeOther,
  ShopClient,
  type Tally,
} from "./_shop_client.ts";

const PRODUCTS = SEED_PRODUCTS.map((p) => p.id);
const PASSWORD = "load test password 2026";

/** A small deterministic PRNG (mulberry32), so runs can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cart = Map<string, number>;

function toLines(cart: Cart) {
  return [...cart].map(([id, qty]) => ({ id, qty }));
}

function fromLines(lines: { id: string; qty: number }[]): Cart {
  return new Map(lines.map((l) => [l.id, l.qty]));
}

/** What the shopper's actions did, by kind. */
export type ActionCounts = Record<string, number>;

/** One simulated shopper with its ledger. */
export class Shopper {
  readonly client: ShopClient;
  readonly username: string;
  /** What the session's cart must hold. */
  cart: Cart = new Map();
  /** What the account's saved cart holds (written at sign-out). */
  saved: Cart = new Map();
  signedIn = false;
  /** Acknowledged units added, for the figures. */
  unitsAdded = 0;
  /** Titles of this shopper's live posts. */
  posts: string[] = [];
  readonly actions: ActionCounts = {};
  #random: () => number;
  #postNumber = 0;

  constructor(origin: string, tally: Tally, username: string, seed: number) {
    this.client = new ShopClient(origin, tally);
    this.username = username;
    this.#random = prng(seed);
  }

  #pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)];
  }

  /** Creates the account (and signs in). Returns whether it worked. */
  async signUp(): Promise<boolean> {
    const res = await this.client.post("/signup", {
      username: this.username,
      password: PASSWORD,
    });
    this.signedIn = isSeeOther(res, "/");
    return this.signedIn;
  }

  /** Runs one random action; some are several requests. */
  async step(): Promise<void> {
    const r = this.#random();
    const kind = r < 0.40
      ? "browse"
      : r < 0.65
      ? "add"
      : r < 0.73
      ? "update"
      : r < 0.78
      ? "checkout"
      : r < 0.87
      ? "post"
      : r < 0.94
      ? "deletePost"
      : "signInOut";
    this.actions[kind] = (this.actions[kind] ?? 0) + 1;
    switch (kind) {
      case "browse":
        return await this.#browse();
      case "add":
        return await this.#add();
      case "update":
        return await this.#update();
      case "checkout":
        return await this.#checkout();
      case "post":
        return await this.#post();
      case "deletePost":
        return await this.#deletePost();
      default:
        return await this.#signInOut();
    }
  }

  async #browse() {
    const path = this.#pick([
      "/",
      `/products/${this.#pick(PRODUCTS)}`,
      "/cart",
      "/posts",
      "/about",
    ]);
    await this.client.get(path);
  }

  async #add() {
    const id = this.#pick(PRODUCTS);
    const qty = 1 + Math.floor(this.#random() * 3);
    const res = await this.client.post("/cart/add", {
      product_id: id,
      quantity: String(qty),
    });
    if (isSeeOther(res, "/cart")) {
      this.cart.set(
        id,
        Math.min(MAX_LINE_QUANTITY, (this.cart.get(id) ?? 0) + qty),
      );
      this.unitsAdded += qty;
    }
  }

  async #update() {
    const ids = [...this.cart.keys()];
    if (ids.length === 0) return await this.#add();
    const id = this.#pick(ids);
    const qty = Math.floor(this.#random() * 6);
    const res = await this.client.post("/cart/update", {
      product_id: id,
      quantity: String(qty),
    });
    // The line exists (the ledger says so), so a 303 is a success.
    if (isSeeOther(res, "/cart")) {
      if (qty === 0) this.cart.delete(id);
      else this.cart.set(id, qty);
    }
  }

  async #checkout() {
    if (this.cart.size === 0) return await this.#add();
    const contact = await this.client.post("/checkout/contact", {
      email: "load@example.com",
    });
    if (!isSeeOther(contact, "/checkout/address")) return;
    const address = await this.client.post("/checkout/address", {
      name: "Load Tester",
      street: "1 Loop Road",
      city: "Localhost",
      postcode: "12345",
      country: "Germany",
    });
    if (!isSeeOther(address, "/checkout/shipping")) return;
    const shipping = await this.client.post("/checkout/shipping", {
      shipping: "standard",
    });
    if (!isSeeOther(shipping, "/checkout/payment")) return;
    const payment = await this.client.post("/checkout/payment", {
      method: "cod",
    });
    if (!isSeeOther(payment, "/checkout/review")) return;
    const { res, html } = await this.client.get("/checkout/review");
    if (res.status !== 200) return;
    const confirm = await this.client.post(
      "/checkout/confirm",
      confirmForm(html),
    );
    if (isSeeOther(confirm, "/checkout/complete")) {
      this.cart.clear();
      await this.client.get("/checkout/complete");
    }
  }

  async #post() {
    if (!this.signedIn) return await this.#signInOut();
    const title = `${this.username} post ${++this.#postNumber}`;
    const res = await this.client.post("/posts", {
      title,
      body: "Written under load.",
    });
    if (isSeeOther(res, "/posts")) this.posts.push(title);
  }

  async #deletePost() {
    if (!this.signedIn || this.posts.length === 0) return await this.#browse();
    const { res, html } = await this.client.get("/posts");
    if (res.status !== 200) return;
    const title = this.posts[0];
    const id = html.match(
      new RegExp(`<a href="/posts/([^"]+)">${title}</a>`),
    )?.[1];
    // Older than the first page: forget it.
    if (!id) return void this.posts.shift();
    const deleted = await this.client.post(`/posts/${id}/delete`);
    if (isSeeOther(deleted, "/posts")) this.posts.shift();
  }

  async #signInOut() {
    if (this.signedIn) {
      const res = await this.client.post("/logout");
      if (isSeeOther(res, "/")) {
        this.saved = new Map(this.cart);
        this.cart = new Map();
        this.signedIn = false;
      }
      return;
    }
    const res = await this.client.post("/login", {
      username: this.username,
      password: PASSWORD,
    });
    if (isSeeOther(res, "/")) {
      this.cart = fromLines(
        mergeCarts(toLines(this.saved), toLines(this.cart)),
      );
      this.saved = new Map(this.cart);
      this.signedIn = true;
    }
  }

  /** Units the cart page shows that the ledger does not, and vice versa. */
  async checkCart(): Promise<{ missing: number; extra: number }> {
    const { res, html } = await this.client.get("/cart");
    if (res.status !== 200) throw new Error(`GET /cart: ${res.status}`);
    const actual = cartLines(html);
    let missing = 0;
    let extra = 0;
    for (const id of new Set([...actual.keys(), ...this.cart.keys()])) {
      const diff = (actual.get(id) ?? 0) - (this.cart.get(id) ?? 0);
      if (diff < 0) missing -= diff;
      else extra += diff;
    }
    return { missing, extra };
  }
}

/**
 * Runs random actions on all `shoppers` in parallel until `tally` has
 * counted `requests` responses.
 */
export async function runMixedLoad(
  shoppers: Shopper[],
  tally: Tally,
  requests: number,
): Promise<void> {
  const target = tally.total + requests;
  await Promise.all(shoppers.map(async (shopper) => {
    while (tally.total < target) await shopper.step();
  }));
}
