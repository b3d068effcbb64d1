/**
 * "Keep me signed in" in a real browser (Debian's Chromium through
 * playwright-core): what Chromium actually stores for the session cookie
 * after a sign-in with the box unchecked (a browser-session cookie, no
 * expiry) and checked (an expiry of about the idle timeout), and the
 * sessions page naming the choice for each device.
 */
import { ok, strictEqual } from "node:assert";
import type { Browser, BrowserContext, Cookie, Page } from "playwright-core";
import app from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import { DEFAULT_IDLE_TIMEOUT } from "../../utils/session/options.ts";

const SESSION_COOKIE = "sid";
const PASSWORD = "remember me browser password";
// Slack for the seconds the test itself takes on a loaded machine.
const SLACK_SECONDS = 600;

async function signUp(browser: Browser, origin: string): Promise<string> {
  const username = `e2e_rm_${crypto.randomUUID().slice(0, 8)}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin + "/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByText(`Welcome, ${username}!`, { exact: false }).waitFor();
  await context.close();
  return username;
}

/** Signs in through the form, ticking "Keep me signed in" or not. */
async function logIn(
  page: Page,
  origin: string,
  username: string,
  keep: boolean,
): Promise<void> {
  await page.goto(origin + "/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(PASSWORD);
  const box = page.getByRole("checkbox", { name: /Keep me signed in/ });
  strictEqual(await box.isChecked(), false, "unchecked by default");
  await box.setChecked(keep);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.getByText(`Welcome back, ${username}!`).waitFor();
  // The sign-in's session starts provisional; the next request, with the
  // cookie back, gives it its full lifetime (see session_lifetime_test.ts).
  await page.goto(origin + "/cart");
}

async function sessionCookie(context: BrowserContext): Promise<Cookie> {
  const cookie = (await context.cookies()).find((c) =>
    c.name === SESSION_COOKIE
  );
  ok(cookie, "Chromium keeps a session cookie");
  return cookie;
}

/** The "Kept signed in" / "Until the browser closes" note of this device. */
async function thisDeviceKind(page: Page, origin: string): Promise<string> {
  await page.goto(origin + "/account/sessions");
  const row = page.locator("tbody tr").filter({
    has: page.getByTestId("this-device"),
  });
  strictEqual(await row.count(), 1, "one row is this device");
  return (await row.getByTestId("session-kind").textContent()) ?? "";
}

Deno.test("in Chromium, signing in without 'Keep me signed in' stores a browser-session cookie; with it, one that lasts the idle timeout", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const username = await signUp(browser, server.origin);

    const brief = await browser.newContext();
    const briefPage = await brief.newPage();
    await logIn(briefPage, server.origin, username, false);
    const briefCookie = await sessionCookie(brief);
    strictEqual(briefCookie.expires, -1, "no expiry: ends with the browser");
    strictEqual(briefCookie.httpOnly, true);
    strictEqual(briefCookie.sameSite, "Lax");

    const kept = await browser.newContext();
    const keptPage = await kept.newPage();
    await logIn(keptPage, server.origin, username, true);
    const keptCookie = await sessionCookie(kept);
    ok(keptCookie.expires > 0, "an expiry: it outlives the browser");
    const lifetime = keptCookie.expires - Date.now() / 1000;
    ok(
      Math.abs(lifetime - DEFAULT_IDLE_TIMEOUT) <= SLACK_SECONDS,
      `the kept cookie lives ${lifetime} s, not about ${DEFAULT_IDLE_TIMEOUT}`,
    );
    strictEqual(keptCookie.httpOnly, true);
    strictEqual(keptCookie.sameSite, "Lax");

    // Each device's sessions page names its own choice.
    strictEqual(
      await thisDeviceKind(briefPage, server.origin),
      "Until the browser closes",
    );
    strictEqual(
      await thisDeviceKind(keptPage, server.origin),
      "Kept signed in",
    );
    // Browsing on keeps the choice: still no expiry on the brief one.
    strictEqual((await sessionCookie(brief)).expires, -1);

    await brief.close();
    await kept.close();
  });
});
