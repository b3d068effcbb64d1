/**
 * The add-to-cart island keeps keyboard focus: a keyboard user who adds
 * with Enter can press Enter again without hunting for the button.
 */
import { strictEqual } from "node:assert";
import app from "../../fresh.gen.ts";
import { waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

Deno.test("Enter on a focused Add to cart button: focus stays on it after the add", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    const name = "Add Ceramic mug to cart";
    const button = page.getByRole("button", { name });
    await button.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Added Ceramic mug to your cart.").waitFor();
    // Wait for the request to finish (the island clears its busy state).
    await page.waitForFunction(
      (label) =>
        document.querySelector(`button[aria-label="${label}"]`)
          ?.getAttribute("aria-disabled") !== "true",
      name,
    );
    strictEqual(
      await page.evaluate(() =>
        document.activeElement?.getAttribute("aria-label") ?? null
      ),
      name,
      "focus is still on the button",
    );
    // And a second Enter adds again.
    await page.keyboard.press("Enter");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="cart-badge"]')?.textContent === "2"
    );
  });
});
