/**
 * The app's islands in a real browser: the /about counter changes the
 * page through a signal. How the runtime serializes props and hydrates
 * islands is tested in tests/framework/islands_browser_test.ts.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
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

Deno.test("the counter's buttons show their signs and keep their names without the stylesheet", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    await page.route("**/styles.css*", (route) => route.abort());
    await page.goto(server.origin + "/about");
    await waitForHydration(page);
    const decrease = page.getByRole("button", { name: "Decrease" });
    const increase = page.getByRole("button", { name: "Increase" });
    strictEqual((await decrease.innerText()).trim(), "\u2212");
    strictEqual((await increase.innerText()).trim(), "+");
    await decrease.click();
    strictEqual(await page.getByTestId("counter-value").textContent(), "2");
  });
});

Deno.test("screen readers get the counter's and back links' names, not their signs, on a phone-sized screen", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
    });
    await page.goto(server.origin + "/about");
    await waitForHydration(page);
    const counter = await page.locator(".counter").ariaSnapshot();
    ok(counter.includes('button "Decrease"'), counter);
    ok(counter.includes('button "Increase"'), counter);
    await page.goto(server.origin + "/products/notebook");
    const back = await page.getByRole("link", {
      name: "Back to the catalogue",
      exact: true,
    })
      .ariaSnapshot();
    ok(!back.includes("\u2190"), back);
  });
});
