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

/** Options of {@linkcode launchBrowser}. */
export interface LaunchOptions {
  /**
   * Keep Chromium's back/forward cache on, as it is for real users.
   * Playwright turns it off by default.
   * @default false
   */
  backForwardCache?: boolean;
}

/** Starts a headless Chromium; close it with `browser.close()`. */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: options.backForwardCache
      ? ["--disable-back-forward-cache"]
      : undefined,
  });
}

/** Resolves once the page's islands have hydrated (boot.ts marks `<html>`). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForSelector("html[data-frsh-hydrated]", {
    state: "attached",
    timeout: 10_000,
  });
}
