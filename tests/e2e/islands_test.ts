/**
 * The app's islands in a real browser: the /about counter changes the
 * page through a signal. How the runtime serializes props and hydrates
 * islands is tested in tests/framework/islands_browser_test.ts.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import { waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import app from "../../fresh.gen.ts";

Deno.test("the about page's counter island changes the DOM through a signal", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.origin + "/about");
    await waitForHydration(page);
    const value = page.getByTestId("counter-value");
    strictEqual(await value.textContent(), "3");
    await page.getByRole("button", { name: "Increase" }).click();
    await page.getByRole("button", { name: "Increase" }).click();
    await page.getByRole("button", { name: "Decrease" }).click();
    strictEqual(await value.textContent(), "4");
    deepStrictEqual(errors, []);
  });
});
