/**
 * Launches Debian's Chromium through playwright-core. Tests never download
 * a browser: CI installs the `chromium` package.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

// Without the networking flags Chromium keeps trying to reach Google's
// hosts, which this sandbox refuses.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Starts a headless Chromium; close it with `browser.close()`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Resolves once the page's islands have hydrated (boot.ts marks `<html>`). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector("html[data-frsh-hydrated]", {
    state: "attached",
    timeout: 10_000,
  });
}
