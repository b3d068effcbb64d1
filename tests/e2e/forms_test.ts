/**
 * Forms in a real browser: after a failed submit the keyboard focus is on
 * the first invalid field, with JavaScript and without; the delivery step
 * starts with a choice made, and its radios are large enough to hit.
 */
import { ok, strictEqual } from "node:assert";
import type { Page } from "playwright-core";
import { atPath } from "../helpers/browser.ts";
import manifest from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import type { RunningServer } from "../helpers/server.ts";

function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id || null);
}

async function toAddressStep(page: Page, server: RunningServer) {
  await page.goto(server.origin + "/products/notebook");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByText("Added 1 × Dot-grid notebook to your cart.").waitFor();
  await page.goto(server.origin + "/checkout/contact");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Continue to address" }).click();
  await page.waitForURL(atPath("/checkout/address"));
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with" : "without";
  Deno.test(`${mode} JavaScript, a failed submit focuses the first invalid field`, async () => {
    await withBrowserApp(manifest, async (server, browser) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await toAddressStep(page, server);
      strictEqual(await focused(page), null, "a first visit focuses nothing");

      await page.getByRole("button", { name: "Continue to delivery" }).click();
      await page.getByText("Full name is required.").waitFor();
      await page.waitForFunction(() => document.activeElement?.id !== "");
      strictEqual(await focused(page), "field-name");
      // Typing goes straight into the field.
      await page.keyboard.type("Ada Lovelace");
      await page.getByLabel("Street and number").fill("12 St James's Square");
      await page.getByLabel("Postcode").fill("SW1Y 4JH");
      await page.getByLabel("Country").selectOption("United Kingdom");
      await page.getByRole("button", { name: "Continue to delivery" }).click();
      await page.getByText("City is required.").waitFor();
      await page.waitForFunction(() => document.activeElement?.id !== "");
      strictEqual(await focused(page), "field-city");
      strictEqual(
        await page.getByLabel("Full name").inputValue(),
        "Ada Lovelace",
      );
      await page.keyboard.type("London");
      await page.keyboard.press("Enter");
      await page.waitForURL(atPath("/checkout/shipping"));

      // Delivery: a choice is already made, so Enter goes on to review.
      ok(await page.getByLabel(/^Standard/).isChecked(), "Standard is checked");
      for (const radio of await page.getByRole("radio").all()) {
        const box = await radio.boundingBox();
        ok(box && box.width >= 20 && box.height >= 20, `a large radio`);
      }
      await page.getByRole("button", { name: "Continue to payment" }).click();
      await page.waitForURL(atPath("/checkout/payment"));

      // Payment: a test card with a bad number focuses the number.
      await page.getByLabel(/Card \(test mode\)/).check();
      await page.getByLabel("Card number").fill("4242 4242 4242 4241");
      await page.getByLabel("Expiry (MM/YY)").fill("12/39");
      await page.getByLabel("Security code").fill("123");
      await page.getByRole("button", { name: "Review order" }).click();
      await page.getByText("Enter a valid card number").waitFor();
      await page.waitForFunction(() => document.activeElement?.id !== "");
      strictEqual(await focused(page), "field-card_number");
      await page.getByLabel(/Pay on delivery/).check();
      await page.getByRole("button", { name: "Review order" }).click();
      await page.waitForURL(atPath("/checkout/review"));

      await page.goto(server.origin + "/signup");
      await page.getByLabel("Username").fill("Not Valid!");
      await page.getByLabel("Password").fill("long enough password");
      await page.getByRole("button", { name: "Create account" }).click();
      await page.locator(".field-error").first().waitFor();
      await page.waitForFunction(() => document.activeElement?.id !== "");
      strictEqual(await focused(page), "field-username");
      await context.close();
    });
  });
}
