/**
 * The dark theme, chosen by the system setting (`prefers-color-scheme`):
 * dark surfaces with light text on every page and for every banner level,
 * at WCAG AA contrast (axe-core), while the product tiles stay light enough
 * for the pictures' dark outlines.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { Page } from "playwright-core";
import manifest from "../../fresh.gen.ts";
import { axeViolations } from "../helpers/axe.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import fixture from "./fixtures/messages_app/fresh.gen.ts";

/** Relative luminance (WCAG 2) of a computed `rgb(…)` or `color(srgb …)`. */
function luminance(color: string): number {
  // color-mix() computes to `color(srgb r g b)`, with channels from 0 to 1.
  const scale = color.startsWith("color(srgb") ? 1 : 255;
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(
    (c) => {
      const s = Number(c) / scale;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    },
  );
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Background and text colour of each element matching `selector`. */
function colours(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => ({
      name: el.className || el.tagName,
      background: getComputedStyle(el).backgroundColor,
      color: getComputedStyle(el).color,
    }))
  );
}

Deno.test("every banner level has a dark theme with AA contrast", async () => {
  await withBrowserApp(fixture, async (server, browser) => {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(server.origin + "/add/all");
      await page.evaluate(() =>
        Promise.all(document.getAnimations().map((a) => a.finished))
      );
      const found = await colours(page, ".flash");
      strictEqual(found.length, 6);
      strictEqual(new Set(found.map((f) => f.background)).size, 6);
      for (const { name, background, color } of found) {
        if (colorScheme === "dark") {
          ok(luminance(background) < 0.05, `${name}: dark ${background}`);
          ok(luminance(color) > 0.5, `${name}: light text ${color}`);
        } else {
          ok(luminance(background) > 0.7, `${name}: light ${background}`);
        }
      }
      deepStrictEqual(await axeViolations(page), [], colorScheme);
      await context.close();
    }
  });
});

Deno.test("in the dark theme the shop's surfaces are dark and its product tiles light", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const context = await browser.newContext({ colorScheme: "dark" });
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    const surfaces = [
      ...await colours(page, "html"),
      ...await colours(page, ".site-header"),
      ...await colours(page, ".product-card"),
    ];
    for (const { name, background, color } of surfaces) {
      ok(luminance(background) < 0.05, `${name}: dark ${background}`);
      ok(luminance(color) > 0.5, `${name}: light text ${color}`);
    }
    const tiles = await colours(page, ".product-art");
    strictEqual(tiles.length, 12);
    for (const { name, background } of tiles) {
      ok(luminance(background) > 0.3, `${name}: light tile ${background}`);
    }

    await page.goto(server.origin + "/login");
    const [input] = await colours(page, "input[name=username]");
    ok(luminance(input.background) < 0.05, `a dark field ${input.background}`);
    ok(luminance(input.color) > 0.5, `with light text ${input.color}`);
    await context.close();
  });
});
