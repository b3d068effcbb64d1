/**
 * A flash lands in the tab whose action caused it: two pages of one
 * browser context (one session, one cookie), racing. Tab A saves, and its
 * redirect target is held on the server; meanwhile tab B loads a page and
 * shows nothing; then tab A's page shows "Post saved!". A message whose
 * tab never gets its page shows in any tab once the claim window (2 s in
 * the fixture) has passed.
 */
import { deepStrictEqual, strictEqual } from "node:assert";
import fixture from "./fixtures/messages_app/fresh.gen.ts";
import { heldGate } from "./fixtures/messages_app/routes/held/gate.ts";
import { waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? "with JavaScript" : "without JavaScript";
  Deno.test(`${label}: tab B's page meanwhile shows nothing; tab A's redirect shows the message`, async () => {
    heldGate.reset();
    await withBrowserApp(fixture, async (server, browser) => {
      const context = await browser.newContext({ javaScriptEnabled });
      const tabA = await context.newPage();
      const tabB = await context.newPage();
      await tabB.goto(server.origin + "/list"); // one session for both
      await tabA.goto(server.origin + "/held");

      const saved = tabA.getByRole("button", { name: "Save and wait" })
        .click();
      await heldGate.arrived.promise;
      strictEqual(new URL(tabA.url()).pathname, "/held", "A is still waiting");

      await tabB.goto(server.origin + "/list");
      deepStrictEqual(await tabB.locator(".flash").allTextContents(), []);

      heldGate.release.resolve();
      await saved;
      await tabA.locator(".flash", { hasText: "Post saved!" }).waitFor();
      strictEqual(await tabA.locator(".flash").count(), 1);
      if (javaScriptEnabled) {
        await waitForHydration(tabA);
        // The claim has done its work: the address bar drops it.
        await tabA.waitForFunction(() => !location.search.includes("_flash"));
        strictEqual(new URL(tabA.url()).pathname, "/held/target");
      }
      // Shown once: neither tab shows it again.
      await tabB.reload();
      strictEqual(await tabB.locator(".flash").count(), 0);
      await context.close();
    });
  });
}

Deno.test("a message whose tab never gets its page shows in another tab after the claim window", async () => {
  heldGate.reset();
  await withBrowserApp(fixture, async (server, browser) => {
    const context = await browser.newContext();
    const tabA = await context.newPage();
    const tabB = await context.newPage();
    await tabA.goto(server.origin + "/held");
    // Tab A's page never arrives (as if the tab was closed on the way).
    const saved = tabA.getByRole("button", { name: "Save and wait" }).click();
    await heldGate.arrived.promise;
    await tabB.goto(server.origin + "/list");
    strictEqual(await tabB.locator(".flash").count(), 0, "still held");
    await tabB.waitForTimeout(2100);
    await tabB.goto(server.origin + "/list");
    deepStrictEqual(
      await tabB.locator(".flash .flash__text").allTextContents(),
      ["Post saved!"],
    );
    heldGate.release.resolve();
    await saved;
    await context.close();
  });
});
