/**
 * Flash messages after a redirect, in a real browser: after saving a post the
 * person lands on /posts and sees one green "Post saved!" banner, which is
 * gone after a refresh; updating and deleting show their messages too, and
 * an invalid form comes back with an error banner and the typed text.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { Page } from "playwright-core";
import manifest from "../../fresh.gen.ts";
import { atPath, waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import type { RunningServer } from "../helpers/server.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

/** Signs in through the login page as the seeded demo user. */
async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.origin + "/login?next=/posts");
  await page.getByLabel("Username").fill(DEMO_USERNAME);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(atPath("/posts"));
  await waitForHydration(page);
  // The welcome banner is shown here, so later pages start clean.
  deepStrictEqual(await banners(page), [
    `success: Welcome back, ${DEMO_USERNAME}!`,
  ]);
}

async function withSignedInPage(
  run: (page: Page, server: RunningServer) => Promise<void>,
): Promise<void> {
  await withBrowserApp(manifest, async (server, browser) => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await signIn(page, server);
    await run(page, server);
    deepStrictEqual(errors, [], "no script errors");
  });
}

/** The texts of the banners on the page, with their level tags. */
async function banners(page: Page): Promise<string[]> {
  return await page.locator(".flash").evaluateAll((els) =>
    els.map((el) =>
      `${el.classList.contains("success") ? "success" : el.className}: ${
        el.querySelector(".flash__text")?.textContent
      }`
    )
  );
}

Deno.test("saving a post shows one green Post saved! banner, gone after refresh", async () => {
  await withSignedInPage(async (page, server) => {
    await page.goto(server.origin + "/posts");
    await page.getByRole("link", { name: "New post" }).click();
    await page.waitForURL(atPath("/posts/new"));
    const title = `Hello from the browser ${crypto.randomUUID().slice(0, 8)}`;
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Text").fill("First line\nSecond line");
    await page.getByRole("button", { name: "Save post" }).click();
    await page.waitForURL(atPath("/posts"));
    await waitForHydration(page);

    deepStrictEqual(await banners(page), ["success: Post saved!"]);
    const banner = page.locator(".flash.success");
    // Announced through the polite live region it sits in.
    strictEqual(
      await banner.evaluate((el) => el.parentElement?.getAttribute("role")),
      "status",
    );
    const [r, g, b] = (await banner.evaluate((el) =>
      getComputedStyle(el).backgroundColor
    )).match(/\d+/g)!.map(Number);
    ok(g > r && g > b, `the banner is green (rgb ${r}, ${g}, ${b})`);
    ok(await page.getByRole("link", { name: title }).isVisible());

    await page.reload();
    // With no message left the page has no island, so nothing hydrates.
    await page.waitForLoadState("load");
    deepStrictEqual(await banners(page), [], "gone after a refresh");
    strictEqual(await page.locator("script").count(), 0);
  });
});

Deno.test("updating and deleting a post show their messages", async () => {
  await withSignedInPage(async (page, server) => {
    await page.goto(server.origin + "/posts/new");
    const title = `To change ${crypto.randomUUID().slice(0, 8)}`;
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Save post" }).click();
    await page.waitForURL(atPath("/posts"));

    await page.getByRole("link", { name: title }).click();
    await page.getByRole("link", { name: "Edit" }).click();
    await page.waitForURL(/\/edit$/);
    const changed = `${title} (edited)`;
    await page.getByLabel("Title").fill(changed);
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.waitForURL(/\/posts\/[0-9a-z]{9}-[0-9a-z]{12}(\?|$)/);
    await waitForHydration(page);
    deepStrictEqual(await banners(page), ["success: Post updated."]);
    strictEqual(await page.locator("h1").textContent(), changed);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.waitForURL(atPath("/posts"));
    await waitForHydration(page);
    deepStrictEqual(await banners(page), ["success: Post deleted."]);
    strictEqual(await page.getByRole("link", { name: changed }).count(), 0);
  });
});

Deno.test("an invalid post comes back with an error banner and the typed text", async () => {
  await withSignedInPage(async (page, server) => {
    await page.goto(server.origin + "/posts/new");
    await page.getByLabel("Text").fill("Typed before the mistake");
    await page.getByRole("button", { name: "Save post" }).click();
    await page.waitForLoadState();
    await waitForHydration(page);
    const error = page.locator(".flash.error");
    // Announced through the assertive live region it sits in.
    strictEqual(
      await error.evaluate((el) => el.parentElement?.getAttribute("role")),
      "alert",
    );
    strictEqual(
      await error.locator(".flash__text").textContent(),
      "The post was not saved. Please fix the errors below.",
    );
    strictEqual(
      await page.locator(".field-error").first().textContent(),
      "Please enter a title.",
    );
    strictEqual(
      await page.getByLabel("Text").inputValue(),
      "Typed before the mistake",
    );
    strictEqual(
      await page.getByLabel("Title").getAttribute("aria-invalid"),
      "true",
    );
  });
});
