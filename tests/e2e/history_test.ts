/**
 * Banners that history doesn't replay: a page restored from the browser's
 * back/forward cache shows the banners it showed before, unless the island
 * clears them. Playwright turns that cache off by default; these tests turn
 * it on, as every real Chromium has it.
 */
import { strictEqual } from "node:assert";
import type { Page } from "playwright-core";
import app from "../../fresh.gen.ts";
import { atPath, launchBrowser, waitForHydration } from "../helpers/browser.ts";
import { startServer } from "../helpers/server.ts";

const NO_BUILD = { build: { outDir: "/nonexistent/_fresh" } };

/**
 * Adds the notebook by a plain form post (as without the add-to-cart
 * island), waits for the cart page's banner, and records on the page
 * whether a later `pageshow` came from the back/forward cache.
 */
async function addNotebookThenWatchRestores(page: Page, origin: string) {
  await page.goto(origin + "/products/notebook");
  await waitForHydration(page);
  await page.locator("form.add-form").evaluate((form: HTMLFormElement) =>
    form.submit()
  );
  await page.waitForURL(atPath("/cart"));
  await page.locator(".flash", { hasText: "Dot-grid notebook" }).waitFor();
  await waitForHydration(page);
  await page.evaluate(() => {
    addEventListener("pageshow", (event) => {
      document.documentElement.dataset.restored = String(event.persisted);
    });
  });
}

Deno.test("a POST, its redirect shows the banner, another page, then Back: the banner is not shown again", async () => {
  const server = await startServer(app, NO_BUILD);
  const browser = await launchBrowser({ backForwardCache: true });
  try {
    const page = await browser.newPage();
    await addNotebookThenWatchRestores(page, server.origin);

    await page.goto(server.origin + "/about");
    // A page restored from the cache fires no load event: wait for commit.
    await page.goBack({ waitUntil: "commit" });
    await page.waitForFunction(() =>
      document.documentElement.dataset.restored !== undefined
    );
    strictEqual(
      await page.evaluate(() => document.documentElement.dataset.restored),
      "true",
      "the page came back from the back/forward cache",
    );
    strictEqual(await page.locator(".flash").count(), 0);

    // A reload renders the page anew: the message was consumed, so still none.
    await page.reload();
    strictEqual(await page.locator(".flash").count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("a banner an island pushed is not shown again after Back either", async () => {
  const server = await startServer(app, NO_BUILD);
  const browser = await launchBrowser({ backForwardCache: true });
  try {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    await page.getByRole("button", { name: /Ceramic mug/ }).click();
    await page.locator(".flash", { hasText: "Ceramic mug" }).waitFor();
    await page.evaluate(() => {
      addEventListener("pageshow", (event) => {
        document.documentElement.dataset.restored = String(event.persisted);
      });
    });
    await page.goto(server.origin + "/about");
    await page.goBack({ waitUntil: "commit" });
    await page.waitForFunction(() =>
      document.documentElement.dataset.restored === "true"
    );
    // Gone at once, well before the banner's own auto-hide (6 s) could
    // have removed it.
    await page.locator(".flash").waitFor({ state: "detached", timeout: 2000 });
    strictEqual(await page.locator(".flash").count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("without JavaScript, Back shows the cached page as it was, banner included; a reload shows it gone", async () => {
  const server = await startServer(app, NO_BUILD);
  const browser = await launchBrowser({ backForwardCache: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.origin + "/products/notebook");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(atPath("/cart"));
    await page.goto(server.origin + "/about");
    await page.goBack({ waitUntil: "commit" });
    await page.locator(".flash", { hasText: "Dot-grid notebook" }).waitFor();
    await page.reload();
    strictEqual(await page.locator(".flash").count(), 0);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

Deno.test("Back, then Forward to the page that showed the banner: it is not shown again, nor one dismissed before leaving", async () => {
  const server = await startServer(app, NO_BUILD);
  const browser = await launchBrowser({ backForwardCache: true });
  try {
    const page = await browser.newPage();
    await addNotebookThenWatchRestores(page, server.origin);

    await page.goBack({ waitUntil: "commit" });
    await page.waitForURL(atPath("/products/notebook"), {
      waitUntil: "commit",
    });
    await page.goForward({ waitUntil: "commit" });
    await page.waitForFunction(() =>
      document.documentElement.dataset.restored !== undefined
    );
    strictEqual(
      await page.evaluate(() => document.documentElement.dataset.restored),
      "true",
      "Forward restored the page from the back/forward cache",
    );
    strictEqual(await page.locator(".flash").count(), 0);

    // A banner dismissed before leaving stays dismissed when history
    // brings its page back.
    await page.goto(server.origin + "/products/desk-plant");
    await waitForHydration(page);
    await page.locator("form.add-form").evaluate((form: HTMLFormElement) =>
      form.submit()
    );
    await page.waitForURL(atPath("/cart"));
    const banner = page.locator(".flash", { hasText: "Desk plant" });
    await banner.waitFor();
    await waitForHydration(page);
    await banner.getByRole("button", { name: /dismiss|close/i }).click();
    await banner.waitFor({ state: "detached" });
    await page.goto(server.origin + "/about");
    await page.goBack({ waitUntil: "commit" });
    await page.waitForURL(atPath("/cart"), { waitUntil: "commit" });
    await page.locator("h1", { hasText: "Your cart" }).waitFor();
    strictEqual(await page.locator(".flash").count(), 0);
  } finally {
    await browser.close();
    await server.close();
  }
});
