/**
 * Peer: Hono with `@hono/session` under Deno: the cookie is an encrypted
 * JWT (JWE) holding the session id, the data lives in a storage; here an
 * in-process Map, the counterpart of express-session's MemoryStore.
 * Flash messages are a session key (Hono has no flash middleware).
 *
 * Env: PORT, BENCH_FIXTURE (JSON written by bench/run.ts).
 *
 * @module
 */
import { Hono } from "hono";
import { type SessionEnv, useSession, useSessionStorage } from "@hono/session";
// @ts-types="../shared/shop.d.mts"
import {
  addToCart,
  cartCount,
  loadShop,
  queueFlash,
  readAdd,
} from "../shared/shop.mjs";

type Line = { id: string; qty: number };
type Data = { cart?: Line[]; flash?: string[] };

const shop = loadShop(Deno.readTextFileSync(Deno.env.get("BENCH_FIXTURE")!));
const port = Number(Deno.env.get("PORT") ?? 8000);
const secret = Array.from(
  crypto.getRandomValues(new Uint8Array(32)),
  (b) => b.toString(16).padStart(2, "0"),
).join("");

const memory = new Map<string, Data>();
const app = new Hono<SessionEnv<Data>>();
app.use(
  useSessionStorage({
    get: (sid) => memory.get(sid) ?? null,
    set: (sid, value) => void memory.set(sid, value),
    delete: (sid) => void memory.delete(sid),
  }),
  useSession<Data>({
    secret,
    duration: { absolute: 30 * 24 * 3600, inactivity: 14 * 24 * 3600 },
  }),
);

async function takeFlash(
  session: SessionEnv<Data>["Variables"]["session"],
  data: Data | null,
): Promise<string[]> {
  const flash = data?.flash ?? [];
  if (flash.length > 0) await session.update({ ...data, flash: [] });
  return flash;
}

app.get("/", async (c) => {
  const session = c.var.session;
  const data = await session.get();
  const flashes = await takeFlash(session, data);
  return c.html(shop.catalogue(cartCount(data?.cart), flashes));
});

app.get("/cart", async (c) => {
  const session = c.var.session;
  const data = await session.get();
  const flashes = await takeFlash(session, data);
  return c.html(shop.cart(data?.cart ?? [], flashes));
});

app.post("/cart/add", async (c) => {
  const input = readAdd(await c.req.parseBody(), shop);
  if (!input) return c.text("bad input", 422);
  const text = `Added ${input.qty} × ${input.product.name} to your cart.`;
  await c.var.session.update((data) => ({
    ...data,
    cart: addToCart(data?.cart, input.product.id, input.qty),
    flash: queueFlash(data?.flash, text),
  }));
  return c.redirect("/cart", 303);
});

Deno.serve({ port, hostname: "127.0.0.1" }, app.fetch);
