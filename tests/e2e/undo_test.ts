/**
 * "Undo" from the banner in a real browser, with JavaScript on (the banner
 * is the hydrated island's) and off (the server-rendered banner's form).
 */
import { strictEqual } from "node:assert";
import app from "../../fresh.gen.ts";
import { atPath, waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
  Deno.test(`${label}: Remove, then Undo in the banner puts the line back`, async () => {
    await withBrowserApp(app, async (server, browser) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(server.origin + "/products/notebook");
      await page.getByLabel("Quantity").fill("3");
      await page.getByRole("button", { name: "Add to cart" }).click();
      // Wait for the add (by the island, or the form's redirect) to land.
      await page.getByText("Added 3 × Dot-grid notebook to your cart.")
        .waitFor();
      await page.goto(server.origin + "/cart");
      await page.getByTestId("line-notebook").getByRole("button", {
        name: "Remove",
      }).click();
      await page.waitForURL(atPath("/cart"));
      const banner = page.locator(".flash", {
        hasText: "Removed Dot-grid notebook from your cart.",
      });
      await banner.waitFor();
      strictEqual(await page.getByTestId("line-notebook").count(), 0);
      if (javaScriptEnabled) await waitForHydration(page);

      await banner.getByRole("button", { name: "Undo" }).click();
      await page.getByText("Put Dot-grid notebook back in your cart.")
        .waitFor();
      strictEqual(
        await page.getByTestId("line-notebook").locator(
          'input[name="quantity"]',
        )
          .inputValue(),
        "3",
      );
      strictEqual(await page.getByTestId("cart-count").textContent(), "3");

      await context.close();
    });
  });
}
