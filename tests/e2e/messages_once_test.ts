/**
 * Each message is seen once, in Chromium on the real shop: messages queued
 * while a form is open show on the 422 page that re-renders the form, and
 * not again on the next page. The messages are queued through the
 * context's request API, which shares the page's cookies, as another tab
 * would.
 */
import { deepStrictEqual } from "node:assert";
import type { BrowserContext, Page } from "playwright-core";
import app from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

/** The banner texts of the page now on screen. */
function bannerTexts(page: Page): Promise<string[]> {
  return page.locator(".flash .flash__text").allTextContents();
}

/** Adds a product from "another tab": its notice stays pending. */
async function addInAnotherTab(
  context: BrowserContext,
  origin: string,
  productId: string,
): Promise<void> {
  const res = await context.request.post(origin + "/cart/add", {
    form: { product_id: productId, quantity: "1" },
    headers: { origin },
    maxRedirects: 0,
  });
  deepStrictEqual(res.status(), 303);
}

/** Submits the page's form and returns the 422 page's banners. */
async function submitInvalid(page: Page, button: string): Promise<string[]> {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole("button", { name: button }).click(),
  ]);
  deepStrictEqual(response?.status(), 422);
  return bannerTexts(page);
}

Deno.test("a message queued before an invalid form is seen once", async (t) => {
  await withBrowserApp(app, async (server, browser) => {
    const origin = server.origin;

    await t.step("a failed sign-in", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(origin + "/login");
      await addInAnotherTab(context, origin, "notebook");
      await page.getByLabel("Username").fill("demo");
      await page.getByLabel("Password").fill("not the password");
      deepStrictEqual(await submitInvalid(page, "Sign in"), [
        "Added 1 × Dot-grid notebook to your cart.",
        "Wrong username or password.",
      ]);
      await page.goto(origin + "/");
      deepStrictEqual(await bannerTexts(page), []);
      await context.close();
    });

    await t.step("an invalid address", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await addInAnotherTab(context, origin, "notebook");
      await page.goto(origin + "/checkout/contact");
      deepStrictEqual(await bannerTexts(page), [
        "Added 1 × Dot-grid notebook to your cart.",
      ]);
      await page.getByLabel("Email").fill("ada@example.com");
      await page.getByRole("button", { name: "Continue to address" }).click();
      await page.waitForURL((url) => url.pathname === "/checkout/address");
      deepStrictEqual(await bannerTexts(page), []);
      await addInAnotherTab(context, origin, "ceramic-mug");
      deepStrictEqual(await submitInvalid(page, "Continue to delivery"), [
        "Added 1 × Ceramic mug to your cart.",
        "Please correct the highlighted fields.",
      ]);
      await page.goto(origin + "/cart");
      deepStrictEqual(await bannerTexts(page), []);
      await context.close();
    });

    await t.step("an invalid sign-up", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(origin + "/signup");
      await addInAnotherTab(context, origin, "desk-plant");
      await page.getByLabel("Username").fill("x");
      await page.getByLabel("Password").fill("short");
      deepStrictEqual(await submitInvalid(page, "Create account"), [
        "Added 1 × Desk plant to your cart.",
        "Please correct the errors below.",
      ]);
      await page.goto(origin + "/");
      deepStrictEqual(await bannerTexts(page), []);
      await context.close();
    });
  });
});
