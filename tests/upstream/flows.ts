/**
 * The HTTP flows the diff sends to both runtimes: what visitors do in the
 * shop, in order, each visitor with its own cookies. A step may capture a
 * value from its response (a post id, a checkout id) for later steps,
 * written `{name}` in their paths and fields.
 *
 * @module
 */

/** One request of a visitor. */
export interface FlowStep {
  /** Unique, stable: the allow-list refers to steps by it. */
  name: string;
  visitor: string;
  method?: "GET" | "POST" | "HEAD" | "PUT" | "DELETE";
  path: string;
  /** Sent as a URL-encoded form, with the page's own Origin. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * Values to capture: group 1 of each regular expression over `Location`
   * plus the body, with HTML character references decoded.
   */
  capture?: { name: string; from: RegExp }[];
}

const DEMO = { username: "demo", password: "demo-pass-2026" };
const ADDRESS = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};

/** The flows, in the order they run. */
export const FLOWS: FlowStep[] = [
  // A first-time visitor browses.
  { name: "catalogue", visitor: "anon", path: "/" },
  { name: "catalogue again", visitor: "anon", path: "/" },
  { name: "about", visitor: "anon", path: "/about" },
  { name: "product", visitor: "anon", path: "/products/notebook" },
  { name: "unknown product", visitor: "anon", path: "/products/nope" },
  { name: "not found", visitor: "anon", path: "/no-such-page" },
  { name: "trailing slash", visitor: "anon", path: "/about/" },
  { name: "static file", visitor: "anon", path: "/styles.css" },
  { name: "favicon", visitor: "anon", path: "/favicon.svg" },
  { name: "head catalogue", visitor: "anon", method: "HEAD", path: "/" },
  { name: "posts", visitor: "anon", path: "/posts" },
  { name: "login page", visitor: "anon", path: "/login" },
  { name: "signup page", visitor: "anon", path: "/signup" },
  { name: "new post signed out", visitor: "anon", path: "/posts/new" },
  { name: "account signed out", visitor: "anon", path: "/account/sessions" },
  { name: "put on a page", visitor: "anon", method: "PUT", path: "/cart" },
  {
    name: "cross-site post",
    visitor: "anon",
    method: "POST",
    path: "/cart/add",
    form: { product_id: "notebook" },
    headers: { origin: "https://attacker.example" },
  },

  // A shopper fills a cart and checks out.
  { name: "empty cart", visitor: "shopper", path: "/cart" },
  {
    name: "add to cart",
    visitor: "shopper",
    path: "/cart/add",
    form: { product_id: "notebook", quantity: "2" },
  },
  { name: "cart after add", visitor: "shopper", path: "/cart" },
  { name: "cart again", visitor: "shopper", path: "/cart" },
  {
    name: "add unknown product",
    visitor: "shopper",
    path: "/cart/add",
    form: { product_id: "nope" },
  },
  {
    name: "add as json",
    visitor: "shopper",
    path: "/cart/add",
    form: { product_id: "backpack" },
    headers: { accept: "application/json" },
  },
  {
    name: "update quantity",
    visitor: "shopper",
    path: "/cart/update",
    form: { product_id: "notebook", quantity: "5" },
  },
  {
    name: "remove line",
    visitor: "shopper",
    path: "/cart/remove",
    form: { product_id: "backpack" },
  },
  { name: "cart after changes", visitor: "shopper", path: "/cart" },
  {
    name: "contact saved",
    visitor: "shopper",
    path: "/checkout/contact",
    form: { email: "ada@example.com" },
  },
  { name: "address form", visitor: "shopper", path: "/checkout/address" },
  {
    name: "address invalid",
    visitor: "shopper",
    path: "/checkout/address",
    form: { name: "Ada" },
  },
  {
    name: "address saved",
    visitor: "shopper",
    path: "/checkout/address",
    form: ADDRESS,
  },
  { name: "shipping form", visitor: "shopper", path: "/checkout/shipping" },
  {
    name: "shipping saved",
    visitor: "shopper",
    path: "/checkout/shipping",
    form: { shipping: "express" },
  },
  {
    name: "payment saved",
    visitor: "shopper",
    path: "/checkout/payment",
    form: { method: "cod" },
  },
  {
    name: "review",
    visitor: "shopper",
    path: "/checkout/review",
    capture: [
      { name: "checkout", from: /name="checkout_id" value="([^"]+)"/ },
      { name: "draft", from: /name="order" value="([^"]+)"/ },
    ],
  },
  {
    name: "confirm forged",
    visitor: "shopper",
    path: "/checkout/confirm",
    form: { checkout_id: "forged" },
  },
  {
    name: "confirm",
    visitor: "shopper",
    path: "/checkout/confirm",
    form: { checkout_id: "{checkout}", order: "{draft}" },
  },
  {
    name: "order complete",
    visitor: "shopper",
    path: "/checkout/complete",
    capture: [{ name: "order", from: /Order (?:<[^>]+>)*([0-9a-f]{6,})/ }],
  },
  { name: "cart after order", visitor: "shopper", path: "/cart" },
  {
    name: "clear cart",
    visitor: "shopper",
    path: "/cart/clear",
    form: {},
  },

  // The demo user signs in, writes a post, and signs out.
  {
    name: "wrong password",
    visitor: "demo",
    path: "/login",
    form: { username: "demo", password: "not the password" },
  },
  { name: "login", visitor: "demo", path: "/login", form: DEMO },
  { name: "welcome", visitor: "demo", path: "/" },
  { name: "sessions page", visitor: "demo", path: "/account/sessions" },
  { name: "password page", visitor: "demo", path: "/account/password" },
  { name: "new post form", visitor: "demo", path: "/posts/new" },
  {
    name: "post invalid",
    visitor: "demo",
    path: "/posts",
    form: { title: "", body: "" },
  },
  {
    name: "post saved",
    visitor: "demo",
    path: "/posts",
    form: { title: "Hello from the diff", body: "Same on both runtimes." },
  },
  {
    name: "posts after saving",
    visitor: "demo",
    path: "/posts",
    capture: [{ name: "post", from: /href="\/posts\/([^"/]+)">Hello from/ }],
  },
  { name: "post page", visitor: "demo", path: "/posts/{post}" },
  { name: "post edit form", visitor: "demo", path: "/posts/{post}/edit" },
  {
    name: "post edited",
    visitor: "demo",
    path: "/posts/{post}/edit",
    form: { title: "Hello again", body: "Edited." },
  },
  {
    name: "post deleted",
    visitor: "demo",
    path: "/posts/{post}/delete",
    form: {},
  },
  { name: "posts after delete", visitor: "demo", path: "/posts" },
  { name: "logout", visitor: "demo", path: "/logout", form: {} },
  { name: "after logout", visitor: "demo", path: "/" },
  { name: "account after logout", visitor: "demo", path: "/account/sessions" },

  // Someone replays a forged session cookie.
  {
    name: "forged cookie",
    visitor: "forger",
    path: "/cart",
    headers: { cookie: "sid=forged-token-value" },
  },
];
