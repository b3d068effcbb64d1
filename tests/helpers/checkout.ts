/**
 * The checkout's steps as a shopper takes them, for tests that need an
 * order on its review page.
 *
 * @module
 */
import { ADDRESS } from "./address.ts";
import type { Client } from "./client.ts";

/**
 * Adds a notebook, then fills in each step (email, {@linkcode ADDRESS},
 * standard delivery, cash on delivery) and opens the review page.
 */
export async function checkoutToReview(
  client: Client,
): Promise<{ res: Response; html: string }> {
  await client.post("/cart/add", { product_id: "notebook" });
  await client.post("/checkout/contact", { email: "ada@example.com" });
  await client.post("/checkout/address", ADDRESS);
  await client.post("/checkout/shipping", { shipping: "standard" });
  await client.post("/checkout/payment", { method: "cod" });
  return await client.get("/checkout/review");
}
