/**
 * The add-to-cart island keeps keyboard focus: a keyboard user who adds
 * with Enter can press Enter again without hunting for the button.
 */
import { ok, strictEqual } from "node:assert";
import app from "../../fresh.gen.ts";
import { atPath, waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

Deno.test("Enter on a focused Add to cart button: focus stays on it after the add", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    const name = "Add to cart: Ceramic mug";
    const button = page.getByRole("button", { name });
    await button.focus();
    await page.keyboard.press("Enter");
    await page.getByText("Added 1 × Ceramic mug to your cart.").waitFor();
    // Wait for the request to finish (the island clears its busy state).
    await button.and(page.locator(':not([aria-disabled="true"])')).waitFor();
    strictEqual(
      await button.evaluate((el) => el === document.activeElement),
      true,
      "focus is still on the button",
    );
    // And a second Enter adds again.
    await page.keyboard.press("Enter");
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="cart-badge"]')?.textContent === "2"
    );
  });
});

for (
  const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]
) {
  Deno.test(`at ${viewport.width} px, scrolled to the last product, the add's banner shows inside the viewport`, async () => {
    await withBrowserApp(app, async (server, browser) => {
      const page = await browser.newPage({ viewport });
      await page.goto(server.origin + "/");
      await waitForHydration(page);
      const button = page.getByRole("button", {
        name: "Add to cart: Board game",
      });
      await button.scrollIntoViewIfNeeded();
      ok(await page.evaluate(() => scrollY > 300), "the page is scrolled");
      await button.click();
      const banner = page.locator(".flash", {
        hasText: "Added 1 × Board game to your cart.",
      });
      await banner.waitFor();
      const box = await banner.boundingBox();
      ok(box, "the banner is laid out");
      ok(
        box.y >= 0 && box.y + box.height <= viewport.height,
        `banner at ${box.y}..${
          box.y + box.height
        } in a ${viewport.height} px viewport`,
      );
      ok(box.width <= viewport.width, "the banner fits the width");
      // It is on top: the point at its centre belongs to the banner.
      ok(
        await page.evaluate(([x, y]) => {
          const hit = document.elementFromPoint(x, y);
          return hit?.closest(".flash") !== null;
        }, [box.x + box.width / 2, box.y + box.height / 2]),
        "nothing covers the banner",
      );
    });
  });
}

Deno.test("banners that came with the page stay in the page's flow, not pinned", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    await page.getByRole("button", { name: "Add to cart: Ceramic mug" })
      .click();
    await page.waitForURL(atPath("/cart"));
    const banner = page.locator(".flash", { hasText: "Ceramic mug" });
    const positions = await banner.evaluate((el) => {
      const out: string[] = [];
      for (let n: Element | null = el; n; n = n.parentElement) {
        out.push(getComputedStyle(n).position);
      }
      return out;
    });
    ok(!positions.includes("fixed"), positions.join(" "));
    await context.close();
  });
});

Deno.test("during a slow add the button says Adding…, keeps focus, then says Add to cart again", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    const release = Promise.withResolvers<void>();
    const arrived = Promise.withResolvers<void>();
    await page.route("**/cart/add", async (route) => {
      arrived.resolve();
      await release.promise;
      await route.continue();
    });
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    const name = "Add to cart: Ceramic mug";
    const button = page.getByRole("button", { name });
    await button.focus();
    await page.keyboard.press("Enter");
    await arrived.promise;
    const pending = page.locator('[data-testid="product-ceramic-mug"] button');
    strictEqual((await pending.textContent())?.trim(), "Adding…");
    strictEqual(await pending.getAttribute("aria-disabled"), "true");
    strictEqual(
      await page.evaluate(() =>
        document.activeElement?.closest("[data-testid]")?.getAttribute(
          "data-testid",
        )
      ),
      "product-ceramic-mug",
      "focus stays on the button while it is busy",
    );
    release.resolve();
    await page.getByText("Added 1 × Ceramic mug to your cart.").waitFor();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="product-ceramic-mug"] button')
        ?.getAttribute("aria-disabled") !== "true"
    );
    strictEqual((await pending.textContent())?.trim(), "Add to cart");
    // The result reached a live region that was on the page before it.
    strictEqual(
      await page.locator("[aria-live] .flash", { hasText: "Ceramic mug" })
        .count(),
      1,
    );
  });
});
