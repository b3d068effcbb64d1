/**
 * Flash messages in a real browser (Debian Chromium through
 * playwright-core), on the fixture app in fixtures/messages_app: save,
 * redirect, one green "Post saved!" banner, gone on refresh; dismissal and
 * focus, colours per level, auto-hide, messages
 * pushed without a reload, and the page without JavaScript.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { Browser, Page } from "playwright-core";
import { atPath, launchBrowser, waitForHydration } from "../helpers/browser.ts";
import { type RunningServer, startServer } from "../helpers/server.ts";
import fixture from "./fixtures/messages_app/fresh.gen.ts";

// A folder with no build in it, so the runtime bundles in-process.
const NO_BUILD = { build: { outDir: "/nonexistent/_fresh" } };

function rgb(color: string): number[] {
  return (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
}

async function savePost(page: Page, origin: string): Promise<void> {
  await page.goto(origin + "/");
  await page.getByLabel("Title").fill("Hello");
  await Promise.all([
    page.waitForURL(atPath("/list")),
    page.getByRole("button", { name: "Save" }).click(),
  ]);
}

Deno.test("flash messages in a real browser", async (t) => {
  const server: RunningServer = await startServer(fixture, NO_BUILD);
  const browser: Browser = await launchBrowser();
  try {
    await t.step(
      "after saving, one green banner; a refresh removes it",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        await savePost(page, server.origin);
        await waitForHydration(page);
        const banners = page.locator(".flash");
        strictEqual(await banners.count(), 1);
        const banner = banners.first();
        strictEqual(
          await banner.locator(".flash__text").textContent(),
          "Post saved!",
        );
        // Announced politely: inside the status live region, no role itself.
        strictEqual(
          await banner.evaluate((el) =>
            el.parentElement?.getAttribute("role") + " " +
            el.parentElement?.getAttribute("aria-live")
          ),
          "status polite",
        );
        strictEqual(await banner.getAttribute("role"), null);
        strictEqual(await banner.getAttribute("class"), "flash success");
        const [r, g, b] = rgb(
          await banner.evaluate((el) => getComputedStyle(el).backgroundColor),
        );
        ok(g > r && g > b, `green background, got rgb(${r}, ${g}, ${b})`);
        await page.reload();
        await waitForHydration(page);
        strictEqual(await page.locator(".flash").count(), 0);
        strictEqual(await page.locator("h1").textContent(), "Posts");
        deepStrictEqual(errors, []);
        await context.close();
      },
    );

    await t.step("each level has its own background colour", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.origin + "/add/all");
      const found = await page.locator(".flash").evaluateAll((els) =>
        els.map((el) => ({
          tags: el.className,
          // The live region the banner is announced through.
          role: el.parentElement?.getAttribute("role") ?? null,
          background: getComputedStyle(el).backgroundColor,
          color: getComputedStyle(el).color,
        }))
      );
      deepStrictEqual(found.map((f) => [f.tags, f.role]), [
        ["flash debug", "status"],
        ["flash info", "status"],
        ["flash success", "status"],
        ["flash warning", "alert"],
        ["flash auth error", "alert"],
        ["flash notice", "alert"],
      ]);
      strictEqual(new Set(found.map((f) => f.background)).size, 6);
      // Text stays dark on every (light) background.
      for (const f of found) ok(Math.max(...rgb(f.color)) < 130, f.color);
      await context.close();
    });

    await t.step(
      "the dismiss button removes a banner and moves focus",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.origin + "/add/all");
        await waitForHydration(page);
        const dismiss = page.getByRole("button", { name: "Dismiss message" });
        strictEqual(await dismiss.count(), 6);
        // Keyboard: focus the first dismiss button and press Enter.
        await dismiss.first().focus();
        await page.keyboard.press("Enter");
        strictEqual(await page.locator(".flash").count(), 5);
        strictEqual(await page.locator(".flash.debug").count(), 0);
        // Focus went to the next banner's dismiss button.
        strictEqual(
          await page.evaluate(() =>
            document.activeElement?.closest(".flash")?.className
          ),
          "flash info",
        );
        // Dismissing the last banner moves focus back to the previous one.
        await page.locator(".flash.notice .flash__dismiss").click();
        strictEqual(
          await page.evaluate(() =>
            document.activeElement?.closest(".flash")?.className
          ),
          "flash auth error",
        );
        // Clear the rest with the keyboard; focus ends on <main>.
        for (let i = 0; i < 4; i++) await page.keyboard.press("Enter");
        strictEqual(await page.locator(".flash").count(), 0);
        strictEqual(
          await page.evaluate(() => document.activeElement?.tagName),
          "MAIN",
        );
        // Nothing comes back on the next page.
        await page.goto(server.origin + "/list");
        strictEqual(await page.locator(".flash").count(), 0);
        await context.close();
      },
    );

    await t.step(
      "success and info auto-hide, pausing on hover; errors stay",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        // Generous delays: the test runs beside others on a busy machine,
        // and the hover must land before the success banner's timer ends.
        await page.goto(server.origin + "/add/all?autohide=2500");
        await waitForHydration(page);
        await page.locator(".flash.success").hover();
        await page.waitForTimeout(3500);
        // Hovered: paused. Info hid itself; warning, error, debug stay.
        deepStrictEqual(
          await page.locator(".flash").evaluateAll((els) =>
            els.map((el) => el.className)
          ),
          [
            "flash debug",
            "flash success",
            "flash warning",
            "flash auth error",
            "flash notice",
          ],
        );
        await page.mouse.move(0, 0);
        await page.locator(".flash.success").waitFor({
          state: "detached",
          timeout: 10_000,
        });
        strictEqual(await page.locator(".flash.error").count(), 1);
        await context.close();
      },
    );

    await t.step(
      "a banner with an action never auto-hides; its form posts without JavaScript's help",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.origin + "/add/undoable?autohide=300");
        await waitForHydration(page);
        await page.locator(".flash", { hasText: "Success: plain" }).waitFor({
          state: "detached",
          timeout: 10_000,
        });
        await page.locator(".flash", { hasText: "Info: plain" }).waitFor({
          state: "detached",
          timeout: 10_000,
        });
        deepStrictEqual(
          await page.locator(".flash .flash__text").allTextContents(),
          ["Info: post archived", "Success: line removed"],
        );
        const form = page.locator(".flash", { hasText: "line removed" })
          .locator("form.flash__action");
        strictEqual(await form.getAttribute("method"), "post");
        strictEqual(await form.getAttribute("action"), "/list");
        strictEqual(
          await form.locator('input[type="hidden"][name="undo"]').inputValue(),
          "x",
        );
        await context.close();
      },
    );

    await t.step(
      "with reduced motion nothing animates or auto-hides",
      async () => {
        const context = await browser.newContext({ reducedMotion: "reduce" });
        const page = await context.newPage();
        await page.goto(
          server.origin + "/add/text?level=25&text=Saved&autohide=200",
        );
        await waitForHydration(page);
        const banner = page.locator(".flash.success");
        strictEqual(
          await banner.evaluate((el) => getComputedStyle(el).animationName),
          "none",
        );
        await page.waitForTimeout(600);
        strictEqual(await banner.count(), 1);
        await context.close();
      },
    );

    await t.step(
      "another island pushes messages from a JSON answer without a reload",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.origin + "/");
        await waitForHydration(page);
        strictEqual(await page.locator(".flash").count(), 0);
        await page.getByRole("button", { name: "Notify me" }).click();
        const banner = page.locator(".flash.info");
        await banner.waitFor({ timeout: 5000 });
        strictEqual(await banner.textContent(), "Added to cart");
        // The JSON answer consumed it: the next page does not show it again.
        await page.goto(server.origin + "/list");
        strictEqual(await page.locator(".flash").count(), 0);
        await context.close();
      },
    );

    await t.step(
      "pushed banners go into live regions that were on the page first; the same text again is announced again",
      async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(server.origin + "/");
        await waitForHydration(page);
        // Pushed banners are pinned to the viewport, in their own pair of
        // regions, server-rendered and empty before any message.
        const regions = await page.evaluate(() => {
          const pinned = document.querySelector(".flash-stack--viewport");
          const polite = pinned?.querySelector('[aria-live="polite"]');
          const assertive = pinned?.querySelector('[aria-live="assertive"]');
          // deno-lint-ignore no-explicit-any
          (globalThis as any).politeRegion = polite;
          return [
            polite?.getAttribute("role"),
            polite?.childElementCount,
            assertive?.getAttribute("role"),
            assertive?.childElementCount,
          ];
        });
        deepStrictEqual(regions, ["status", 0, "alert", 0]);

        const notify = page.getByRole("button", { name: "Notify me" });
        await notify.click();
        const banner = page.locator(".flash.info");
        await banner.waitFor({ timeout: 5000 });
        const first = await banner.getAttribute("data-flash-id");
        deepStrictEqual(
          await banner.evaluate((el) => [
            // deno-lint-ignore no-explicit-any
            el.parentElement === (globalThis as any).politeRegion,
            el.getAttribute("role"),
          ]),
          [true, null],
          "appended into the region that was already there",
        );

        // The same text again, within the auto-hide time: a new banner
        // element replaces the old one (announced again), not dropped.
        await notify.click();
        await page.waitForFunction(
          (id) => {
            const el = document.querySelector(".flash.info");
            return el !== null && el.getAttribute("data-flash-id") !== id;
          },
          first,
          { timeout: 5000 },
        );
        strictEqual(await page.locator(".flash.info").count(), 1);
        strictEqual(
          await page.locator(".flash.info").evaluate((el) =>
            // deno-lint-ignore no-explicit-any
            el.parentElement === (globalThis as any).politeRegion
          ),
          true,
        );
        await context.close();
      },
    );

    await t.step("markup in a message is shown as text", async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      let dialogs = 0;
      page.on("dialog", (dialog) => {
        dialogs++;
        dialog.dismiss();
      });
      const text = "<script>alert(1)</script><img src=x onerror=alert(2)>";
      await page.goto(
        server.origin + "/add/text?level=40&text=" + encodeURIComponent(text),
      );
      await waitForHydration(page);
      strictEqual(await page.locator(".flash__text").textContent(), text);
      strictEqual(await page.locator("main img").count(), 0);
      strictEqual(dialogs, 0);
      await context.close();
    });

    await t.step(
      "without JavaScript the banner shows once and the page works",
      async () => {
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await savePost(page, server.origin);
        strictEqual(await page.locator(".flash").count(), 1);
        strictEqual(
          await page.locator(".flash .flash__text").textContent(),
          "Post saved!",
        );
        // A button that would do nothing is not shown.
        strictEqual(
          await page.locator(".flash__dismiss").evaluate((el) =>
            getComputedStyle(el).visibility
          ),
          "hidden",
        );
        await page.reload();
        strictEqual(await page.locator(".flash").count(), 0);
        strictEqual(await page.locator("h1").textContent(), "Posts");
        await context.close();
      },
    );
  } finally {
    await browser.close();
    await server.close();
  }
});
