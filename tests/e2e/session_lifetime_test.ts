/**
 * A real browser's session lasts the full idle timeout, in Chromium on the
 * real shop: browsing sets no cookie; the first add starts a provisional
 * session (its cookie lives an hour), and the browser's next request,
 * which brings the cookie back, makes it last 14 days.
 */
import { ok, strictEqual } from "node:assert";
import type { BrowserContext } from "playwright-core";
import app from "../../fresh.gen.ts";
import { waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import {
  DEFAULT_IDLE_TIMEOUT,
  DEFAULT_PROVISIONAL_TIMEOUT,
} from "../../utils/session/options.ts";

/** Seconds from now until the session cookie expires; undefined if none. */
async function cookieLifetime(
  context: BrowserContext,
): Promise<number | undefined> {
  const cookie = (await context.cookies()).find((c) => c.name === "sid");
  return cookie ? cookie.expires - Date.now() / 1000 : undefined;
}

Deno.test("in Chromium, a shopper's session gets the full idle timeout from the second request", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.origin + "/products/notebook");
    await page.goto(server.origin + "/products/desk-plant");
    strictEqual(await cookieLifetime(context), undefined, "browsing: none");

    await waitForHydration(page);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("to your cart.").first().waitFor();
    const provisional = await cookieLifetime(context);
    ok(
      provisional !== undefined &&
        provisional <= DEFAULT_PROVISIONAL_TIMEOUT + 5,
      `provisional cookie lives ${provisional} s`,
    );

    await page.goto(server.origin + "/cart");
    const kept = await cookieLifetime(context);
    ok(
      kept !== undefined && kept >= DEFAULT_IDLE_TIMEOUT - 120,
      `kept cookie lives ${kept} s`,
    );
    strictEqual(await page.getByTestId("cart-count").textContent(), "1");
    await context.close();
  });
});
