/**
 * Launches Chromium through playwright-core: the one `findChromium` finds
 * (`CHROMIUM_PATH`, `/usr/bin/chromium`, then `chromium-browser` or
 * `google-chrome` on `PATH`). Tests never download a browser: CI installs
 * Debian's `chromium` package.
 *
 * @module
 */
import { type Browser, chromium, type Page } from "playwright-core";
import { findChromium } from "./chromium.ts";

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

/**
 * Starts a headless Chromium; close it with `browser.close()`.
 *
 * @throws {ChromiumNotFoundError} with what to install, when there is none.
 */
export function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: options.backForwardCache
      ? ["--disable-back-forward-cache"]
      : undefined,
  });
}

/**
 * Resolves once the page has loaded and every element waiting for an
 * island (`data-hydrated="false"`, see utils/hydration.ts) is live. The
 * app sets the attribute, not the runtime, so this works on any runtime.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  await page.waitForFunction(
    () => !document.querySelector('[data-hydrated="false"]'),
    undefined,
    { timeout: 10_000 },
  );
}

/**
 * A `waitForURL` matcher on the path alone: a redirect after a form post
 * carries a claim in its query (`?_flash=…`, utils/messages/claims.ts).
 *
 * @example
 * ```ts
 * await page.waitForURL(atPath("/cart"));
 * ```
 */
export function atPath(path: string): (url: URL) => boolean {
  return (url) => url.pathname === path;
}
