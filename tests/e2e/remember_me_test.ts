/**
 * "Keep me signed in" in a real browser (Debian's Chromium through
 * playwright-core): what Chromium actually stores for the session cookie
 * after a sign-in with the box unchecked (a browser-session cookie, no
 * expiry) and checked (an expiry of about the idle timeout), and the
 * sessions page naming the choice for each device; and the same box at
 * sign-up, by keyboard, without JavaScript, on a phone-sized screen.
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

/**
 * Signs up at `origin` on a 390 px wide page, by keyboard from the password
 * field: Tab reaches the box, Space ticks it. A first attempt with a short
 * password fails (422); the box must come back as it was left.
 */
async function signUpByKeyboard(
  context: BrowserContext,
  origin: string,
  keep: boolean,
): Promise<Page> {
  const username = `e2e_su_${crypto.randomUUID().slice(0, 8)}`;
  const page = await context.newPage();
  await page.goto(origin + "/signup");
  await page.getByLabel("Username").fill(username);
  const box = page.getByRole("checkbox", { name: /Keep me signed in/ });
  strictEqual(await box.isChecked(), false, "unchecked by default");
  const inView = await box.boundingBox();
  ok(inView && inView.x >= 0 && inView.x + inView.width <= 390, "in view");
  for (const password of ["short", PASSWORD]) {
    await page.getByLabel("Password").fill(password);
    await page.keyboard.press("Tab");
    strictEqual(
      await page.evaluate(() => document.activeElement?.getAttribute("name")),
      "remember",
      "Tab from the password reaches the box",
    );
    if (await box.isChecked() !== keep) await page.keyboard.press("Space");
    strictEqual(await box.isChecked(), keep);
    await page.getByRole("button", { name: "Create account" }).click();
    if (password === "short") {
      await page.getByText("Please correct the errors below.").waitFor();
      strictEqual(await box.isChecked(), keep, "the 422 page keeps the box");
    }
  }
  await page.getByText(`Welcome, ${username}!`, { exact: false }).waitFor();
  await page.goto(origin + "/cart");
  return page;
}

Deno.test("in Chromium, without JavaScript, on a 390 px screen: sign-up by keyboard stores a browser-session cookie unless 'Keep me signed in' is ticked, and the sessions page says which", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const options = {
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    };
    const brief = await browser.newContext(options);
    const briefPage = await signUpByKeyboard(brief, server.origin, false);
    strictEqual((await sessionCookie(brief)).expires, -1, "ends with browser");
    strictEqual(
      await thisDeviceKind(briefPage, server.origin),
      "Until the browser closes",
    );

    const kept = await browser.newContext(options);
    const keptPage = await signUpByKeyboard(kept, server.origin, true);
    const lifetime = (await sessionCookie(kept)).expires - Date.now() / 1000;
    ok(
      Math.abs(lifetime - DEFAULT_IDLE_TIMEOUT) <= SLACK_SECONDS,
      `the kept cookie lives ${lifetime} s, not about ${DEFAULT_IDLE_TIMEOUT}`,
    );
    strictEqual(
      await thisDeviceKind(keptPage, server.origin),
      "Kept signed in",
    );
    await brief.close();
    await kept.close();
  });
});
