/**
 * A flash is shown exactly once, even when Chromium prefetches the page
 * that would show it: a `<link rel="prefetch">` fetches the page with
 * `Sec-Purpose: prefetch`, which neither shows nor consumes the pending
 * message, so the visit that follows shows it, once.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import app from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

Deno.test("in Chromium, a prefetched page neither shows nor consumes a pending message; the visit after it shows it once", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.origin + "/about");
    // Another tab queues a notice; it stays pending.
    const added = await context.request.post(server.origin + "/cart/add", {
      form: { product_id: "notebook", quantity: "1" },
      headers: { origin: server.origin },
      maxRedirects: 0,
    });
    strictEqual(added.status(), 303);

    const prefetched = page.waitForRequest((req) =>
      new URL(req.url()).pathname === "/cart"
    );
    const answered = page.waitForResponse((res) =>
      new URL(res.url()).pathname === "/cart"
    );
    await page.evaluate(() => {
      const link = document.createElement("link");
      link.rel = "prefetch";
      link.href = "/cart";
      document.head.append(link);
    });
    const request = await prefetched;
    strictEqual(
      (await request.allHeaders())["sec-purpose"],
      "prefetch",
      "Chromium marks it as a prefetch",
    );
    strictEqual((await answered).status(), 200);

    await page.goto(server.origin + "/posts");
    deepStrictEqual(
      await page.locator(".flash .flash__text").allTextContents(),
      ["Added 1 × Dot-grid notebook to your cart."],
    );
    await page.goto(server.origin + "/about");
    strictEqual(await page.locator(".flash").count(), 0, "shown once");
    await context.close();
  });
});
