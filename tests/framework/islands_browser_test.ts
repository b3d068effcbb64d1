/**
 * Our runtime's islands in a real browser: server-rendered HTML hydrates in
 * place, props survive serialization (including our `Date` revival),
 * signals stay shared, and pages without islands load no JavaScript.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import { waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import fixture from "./fixtures/islands_app/fresh.gen.ts";
import { HOSTILE_PROPS } from "./fixtures/islands_app/hostile_props.ts";

Deno.test("one signal passed to two islands stays one signal", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    await page.getByTestId("counter-shared").click();
    await page.getByTestId("counter-shared").click();
    strictEqual(await page.getByTestId("display").textContent(), "12");
    strictEqual(
      await page.getByTestId("counter-shared").textContent(),
      "shared: 12",
    );
  });
});

Deno.test("Uint8Array, nested objects, dates and shared objects reach the island", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    const inspector = page.getByTestId("inspector");
    // The island reports from an effect, which runs after hydration.
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=inspector]")?.textContent !==
        "server"
    );
    deepStrictEqual(JSON.parse(await inspector.textContent() ?? ""), {
      isBytes: true,
      bytes: [1, 2, 250],
      deep: "</script><b>x</b>",
      year: 1970,
      sameObject: true,
    });
    // The string that looks like markup stayed data: no <b> was injected.
    strictEqual(await page.locator("b").count(), 0);
  });
});

Deno.test("JSX children of an island stay server-rendered, and islands inside them hydrate", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    const page = await browser.newPage();
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    await page.getByTestId("panel-button").click();
    strictEqual(
      await page.getByTestId("panel-button").textContent(),
      "Panel clicks: 1",
    );
    strictEqual(
      await page.getByTestId("slot-text").textContent(),
      "Rendered on the server",
    );
    await page.getByTestId("counter-inner").click();
    strictEqual(
      await page.getByTestId("counter-inner").textContent(),
      "inner: 1",
    );
    // Re-rendering the outer island keeps the slot's content and state.
    await page.getByTestId("panel-button").click();
    strictEqual(
      await page.getByTestId("counter-inner").textContent(),
      "inner: 1",
    );
  });
});

Deno.test("a page without islands loads no script", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    const page = await browser.newPage();
    const scripts: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "script") scripts.push(request.url());
    });
    await page.goto(server.origin + "/plain");
    strictEqual(await page.locator("script").count(), 0);
    deepStrictEqual(scripts, []);
    strictEqual(await page.textContent("p"), "No islands here.");
  });
});

Deno.test("island props that try to close the state script stay data", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(server.origin + "/hostile");
    await waitForHydration(page);
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=echo]")?.textContent !== "server"
    );
    strictEqual(
      await page.getByTestId("echo").textContent(),
      JSON.stringify(HOSTILE_PROPS),
    );
    deepStrictEqual(
      await page.evaluate(() => ({
        pwned: (window as { pwned?: unknown }).pwned,
        injected: document.querySelectorAll("img, b, [data-injected]").length,
        stateScripts: document.querySelectorAll("#__FRSH_STATE").length,
        inlineScripts: Array.from(document.scripts).filter((script) =>
          !script.src && script.id !== "__FRSH_STATE"
        ).length,
      })),
      { pwned: undefined, injected: 0, stateScripts: 1, inlineScripts: 0 },
    );
    deepStrictEqual(errors, []);
  });
});
