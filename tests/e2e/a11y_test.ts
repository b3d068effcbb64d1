/**
 * axe-core on every page of the shop, at desktop and phone widths, in the
 * light and the dark theme: each page, with its banners and its form
 * errors, has no violation.
 */
import { deepStrictEqual } from "node:assert";
import type { Browser, Page } from "playwright-core";
import manifest from "../../fresh.gen.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";
import { axeViolations } from "../helpers/axe.ts";
import { atPath, waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import type { RunningServer } from "../helpers/server.ts";

const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;
const SCHEMES = ["light", "dark"] as const;

/** Fills the delivery address, whatever kind of control each field is. */
async function fillAddress(page: Page): Promise<void> {
  const values: Record<string, string> = {
    "Full name": "Ada Lovelace",
    "Street and number": "12 St James's Square",
    "City": "London",
    "Postcode": "SW1Y 4JH",
  };
  for (const [label, value] of Object.entries(values)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  const country = page.getByLabel("Country", { exact: true });
  if (await country.evaluate((el) => el.tagName === "SELECT")) {
    await country.selectOption({ label: "United Kingdom" });
  } else {
    await country.fill("United Kingdom");
  }
}

/**
 * Walks every page as a shopper and then as a signed-in user, and returns
 * each page's violations as `"<what> <path>: <rule> <targets>"`.
 */
async function walk(page: Page, server: RunningServer): Promise<string[]> {
  const found: string[] = [];
  const check = async (what: string) => {
    // Banners fade in; axe should judge their final colours.
    await page.evaluate(() =>
      Promise.all(document.getAnimations().map((a) => a.finished))
    );
    const path = new URL(page.url()).pathname;
    for (const v of await axeViolations(page)) {
      found.push(`${what} ${path}: ${v.id} ${v.targets.join(", ")}`);
    }
  };
  const visit = async (path: string, what = "page") => {
    await page.goto(server.origin + path);
    await check(what);
  };

  await visit("/");
  const menu = page.locator(".site-menu > summary");
  if (await menu.isVisible()) {
    await menu.click();
    await check("menu open");
  }
  await visit("/products/ceramic-mug");
  await visit("/cart", "empty cart");
  await visit("/checkout/address", "warning banner");
  await visit("/about");
  await visit("/posts");
  await visit("/login");
  await visit("/signup");
  await visit("/no-such-page", "404");

  await page.goto(server.origin + "/login");
  await page.getByLabel("Username").fill(DEMO_USERNAME);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator(".flash.error").waitFor();
  await check("failed sign-in");

  await page.goto(server.origin + "/products/ceramic-mug");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.locator(".flash.success").waitFor();
  await check("added to cart");
  await visit("/cart", "full cart");
  await page.getByRole("button", { name: "Remove Ceramic mug" }).click();
  const undo = page.locator(".flash__action-button");
  await undo.waitFor();
  await check("undo banner");
  await undo.click();
  await page.getByTestId("line-ceramic-mug").waitFor();
  await visit("/checkout/shipping", "info banner");
  await page.getByRole("button", { name: "Continue to address" }).click();
  await page.locator(".field-error").first().waitFor();
  await check("invalid email");
  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Continue to address" }).click();
  await page.waitForURL(atPath("/checkout/address"));
  await page.getByRole("button", { name: "Continue to delivery" }).click();
  await page.locator(".field-error").first().waitFor();
  await check("invalid address");
  await fillAddress(page);
  await page.getByRole("button", { name: "Continue to delivery" }).click();
  await page.waitForURL(atPath("/checkout/shipping"));
  await check("delivery");
  await page.getByLabel("Standard").check();
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await page.waitForURL(atPath("/checkout/payment"));
  await check("payment");
  await page.getByLabel(/Card \(test mode\)/).check();
  await page.getByRole("button", { name: "Review order" }).click();
  await page.locator(".field-error").first().waitFor();
  await check("invalid card");
  await page.getByLabel(/Pay on delivery/).check();
  await page.getByRole("button", { name: "Review order" }).click();
  await page.waitForURL(atPath("/checkout/review"));
  await check("review");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.waitForURL(atPath("/checkout/complete"));
  await check("order placed");

  await page.goto(server.origin + "/login?next=/posts");
  await page.getByLabel("Username").fill(DEMO_USERNAME);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(atPath("/posts"));
  await check("signed in");
  await visit("/account/sessions");
  await visit("/account/password");
  await visit("/posts/new");
  await page.getByRole("button", { name: "Save post" }).click();
  await page.locator(".field-error").first().waitFor();
  await check("invalid post");
  await page.getByLabel("Title").fill(`Checked by axe ${crypto.randomUUID()}`);
  await page.getByLabel("Text").fill("A post to look at.");
  await page.getByRole("button", { name: "Save post" }).click();
  await page.waitForURL(atPath("/posts"));
  await check("post saved");
  await page.locator(".post-list h2 a").first().click();
  await page.waitForURL((url) => /^\/posts\/[^/]+$/.test(url.pathname));
  await check("post");
  const detail = new URL(page.url()).pathname;
  await visit(`${detail}/edit`);
  return found;
}

async function violationsIn(
  browser: Browser,
  server: RunningServer,
  viewport: typeof VIEWPORTS[number],
  colorScheme: typeof SCHEMES[number],
): Promise<string[]> {
  const context = await browser.newContext({ viewport, colorScheme });
  try {
    return await walk(await context.newPage(), server);
  } finally {
    await context.close();
  }
}

for (const viewport of VIEWPORTS) {
  for (const scheme of SCHEMES) {
    Deno.test(`axe-core finds no violation on any page at ${viewport.width} px, ${scheme}`, async () => {
      await withBrowserApp(manifest, async (server, browser) => {
        deepStrictEqual(
          await violationsIn(browser, server, viewport, scheme),
          [],
        );
      });
    });
  }
}
