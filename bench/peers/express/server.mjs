/**
 * Peer: Express 5 + express-session + connect-flash, as most Node shops
 * would write the shop's flows. `resave: false`, `saveUninitialized: false`.
 * Store: MemoryStore, or connect-redis when REDIS_URL is set.
 *
 * Env: PORT, BENCH_FIXTURE (JSON written by bench/run.ts), REDIS_URL.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import express from "express";
import session from "express-session";
import flash from "connect-flash";
import {
  addToCart,
  cartCount,
  loadShop,
  queueFlash,
  readAdd,
} from "../shared/shop.mjs";

const shop = loadShop(readFileSync(process.env.BENCH_FIXTURE, "utf8"));
const port = Number(process.env.PORT ?? 8000);

let store;
if (process.env.REDIS_URL) {
  const { createClient } = await import("redis");
  const { RedisStore } = await import("connect-redis");
  const client = createClient({ url: process.env.REDIS_URL });
  client.on("error", (error) => console.error("redis:", error.message));
  await client.connect();
  store = new RedisStore({ client, prefix: "sess:" });
}

const app = express();
app.disable("x-powered-by");
app.use(express.urlencoded({ extended: false }));
app.use(session({
  secret: "bench-only-secret-not-for-production",
  resave: false,
  saveUninitialized: false,
  store,
  cookie: { httpOnly: true, sameSite: "lax", maxAge: 14 * 24 * 3600 * 1000 },
}));
app.use(flash());

/** Shows and consumes pending messages, touching the session only then. */
function takeFlash(req) {
  if (!req.session.flash?.success?.length) return [];
  return req.flash("success");
}

app.get("/", (req, res) => {
  const flashes = takeFlash(req);
  res.type("html").send(shop.catalogue(cartCount(req.session.cart), flashes));
});

app.get("/cart", (req, res) => {
  const flashes = takeFlash(req);
  res.type("html").send(shop.cart(req.session.cart ?? [], flashes));
});

app.post("/cart/add", (req, res) => {
  const input = readAdd(req.body, shop);
  if (!input) {
    res.status(422).type("text").send("bad input");
    return;
  }
  req.session.cart = addToCart(req.session.cart, input.product.id, input.qty);
  const text = `Added ${input.qty} × ${input.product.name} to your cart.`;
  // connect-flash only appends; keep ours' de-duplication and cap.
  const pending = req.session.flash?.success;
  if (pending) req.session.flash.success = queueFlash(pending, text);
  else req.flash("success", text);
  res.redirect(303, "/cart");
});

app.listen(port, "127.0.0.1", () => {
  console.log(`Listening on http://127.0.0.1:${port}/`);
});
