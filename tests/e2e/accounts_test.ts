/**
 * Accounts in a real browser (Debian's Chromium through playwright-core):
 * signing in and out with the flash banner, the session cookie rotating at
 * login, "sign out everywhere else" from a second browser, and deleting
 * the account.
 */
import { notStrictEqual, ok, strictEqual } from "node:assert";
import type { BrowserContext, Page } from "playwright-core";
import app from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

const SESSION_COOKIE = "sid";
const PASSWORD = "browser test password";

async function sessionCookie(
  context: BrowserContext,
): Promise<string | undefined> {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name === SESSION_COOKIE)?.value;
}

async function logIn(page: Page, origin: string, user: string, pw: string) {
  await page.goto(origin + "/login");
  await page.getByLabel("Username").fill(user);
  await page.getByLabel("Password").fill(pw);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.getByText(`Welcome back, ${user}!`).waitFor();
}

function signedInChip(page: Page) {
  return page.locator(".user-chip");
}

Deno.test("sign in, then sign out: the banner says so", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    await logIn(page, server.origin, "demo", "demo-pass-2026");
    strictEqual(await signedInChip(page).textContent(), "Signed in as demo");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You have been signed out.").waitFor();
    strictEqual(new URL(page.url()).pathname, "/");
    strictEqual(await signedInChip(page).count(), 0);
    // Shown once: a reload does not bring it back.
    await page.reload();
    strictEqual(await page.getByText("You have been signed out.").count(), 0);
  });
});

Deno.test("the session cookie changes at login and the old one is dead", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext();
    // A guest session first (the request shares the context's cookies).
    const added = await context.request.post(server.origin + "/cart/add", {
      form: { product_id: "notebook", quantity: "1" },
      maxRedirects: 0,
    });
    strictEqual(added.status(), 303);
    const guest = await sessionCookie(context);
    ok(guest, "a guest session cookie");
    const page = await context.newPage();
    await logIn(page, server.origin, "demo", "demo-pass-2026");
    const user = await sessionCookie(context);
    ok(user);
    notStrictEqual(user, guest);

    const other = await browser.newContext();
    await other.addCookies([{
      name: SESSION_COOKIE,
      value: guest,
      url: server.origin,
    }]);
    const replay = await other.newPage();
    await replay.goto(server.origin + "/");
    strictEqual(await signedInChip(replay).count(), 0);
    strictEqual(await replay.getByTestId("cart-badge").textContent(), "0");
  });
});

Deno.test("sign out everywhere else, from a second browser, signs the first one out", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const username = `e2e_${crypto.randomUUID().slice(0, 8)}`;
    const first = await (await browser.newContext()).newPage();
    await first.goto(server.origin + "/signup");
    await first.getByLabel("Username").fill(username);
    await first.getByLabel("Password").fill(PASSWORD);
    await first.getByRole("button", { name: "Create account" }).click();
    await first.getByText(`Welcome, ${username}!`, { exact: false }).waitFor();

    const second = await (await browser.newContext()).newPage();
    await logIn(second, server.origin, username, PASSWORD);
    await second.goto(server.origin + "/account/sessions");
    strictEqual(await second.locator("tbody tr").count(), 2);
    await second.getByRole("button", { name: "Sign out everywhere else" })
      .click();
    await second.getByText("Signed out 1 other session.").waitFor();
    strictEqual(await second.locator("tbody tr").count(), 1);

    await first.reload();
    strictEqual(await signedInChip(first).count(), 0);
    await first.goto(server.origin + "/account/sessions");
    strictEqual(new URL(first.url()).pathname, "/login");
    await first.getByText("Please sign in first.").waitFor();
  });
});

Deno.test("delete the account from the sessions page: both browsers end up signed out, and the name cannot sign in", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const username = `e2e_del_${crypto.randomUUID().slice(0, 8)}`;
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.origin + "/signup");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText(`Welcome, ${username}!`, { exact: false }).waitFor();
    const phone = await (await browser.newContext()).newPage();
    await logIn(phone, server.origin, username, PASSWORD);

    await page.goto(server.origin + "/account/sessions");
    await page.getByRole("link", { name: "Delete account" }).click();
    strictEqual(new URL(page.url()).pathname, "/account/delete");
    // A wrong password deletes nothing.
    await page.getByLabel("Your password").fill("not the password");
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByText("That password is not correct.", { exact: false })
      .waitFor();
    strictEqual(
      await signedInChip(page).textContent(),
      `Signed in as ${username}`,
    );

    await page.getByLabel("Your password").fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.getByText("Your account has been deleted.").waitFor();
    strictEqual(new URL(page.url()).pathname, "/");
    strictEqual(await signedInChip(page).count(), 0);

    await phone.reload();
    strictEqual(await signedInChip(phone).count(), 0);
    await phone.goto(server.origin + "/login");
    await phone.getByLabel("Username").fill(username);
    await phone.getByLabel("Password").fill(PASSWORD);
    await phone.locator('form[action="/login"] button[type="submit"]').click();
    await phone.getByText("Wrong username or password.").waitFor();
  });
});
