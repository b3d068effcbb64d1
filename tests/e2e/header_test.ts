/**
 * The site header on a phone and on a desktop. At 390 px it is one row,
 * the brand and the cart always in sight, the other links behind a "Menu"
 * disclosure that opens without JavaScript; at 1280 px every link shows.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { Locator, Page } from "playwright-core";
import { atPath } from "../helpers/browser.ts";
import manifest from "../../fresh.gen.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import type { RunningServer } from "../helpers/server.ts";

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  ok(found, `${locator} is rendered`);
  return found;
}

/** Whether the element is on screen: rendered, inside the viewport. */
async function inView(locator: Locator): Promise<boolean> {
  if (!await locator.isVisible()) return false;
  const { x, y, width, height } = await box(locator);
  const viewport = locator.page().viewportSize()!;
  return x >= 0 && y >= 0 && x + width <= viewport.width &&
    y + height <= viewport.height;
}

/** The header's parts: the brand, the cart and the menu's toggle. */
function header(page: Page) {
  const banner = page.getByRole("banner");
  return {
    banner,
    brand: banner.getByRole("link", { name: "Deno Shop" }),
    cart: banner.getByRole("link", { name: /^Cart/ }),
    menu: banner.locator("summary", { hasText: "Menu" }),
  };
}

async function assertOneRow(page: Page): Promise<void> {
  const { banner, brand, cart, menu } = header(page);
  ok(await inView(brand), "the brand is in view");
  ok(await inView(cart), "the cart is in view");
  ok(await inView(menu), "the menu toggle is in view");
  const rows = new Set(
    await Promise.all(
      [brand, cart, menu].map(async (part) => {
        const { y, height } = await box(part);
        return Math.round(y + height / 2);
      }),
    ),
  );
  const [first, ...others] = [...rows];
  ok(
    others.every((middle) => Math.abs(middle - first) <= 4),
    `brand, cart and menu share one row (${[...rows]})`,
  );
  const { height } = await box(banner);
  ok(height <= 64, `the header is one row high, not ${height} px`);
  const overflow = await page.evaluate(() =>
    document.documentElement.scrollWidth - innerWidth
  );
  strictEqual(overflow, 0, "nothing sticks out sideways");
}

async function signIn(page: Page, server: RunningServer): Promise<void> {
  await page.goto(server.origin + "/login");
  await page.getByLabel("Username").fill(DEMO_USERNAME);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.waitForURL(atPath("/"));
}

Deno.test("at 390 px without JavaScript the header is one row with the brand and the cart, and the menu opens to the other links", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const context = await browser.newContext({
      viewport: PHONE,
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    for (const signedIn of [false, true]) {
      if (signedIn) await signIn(page, server);
      else await page.goto(server.origin + "/");
      await assertOneRow(page);
      const { banner, menu } = header(page);
      const posts = banner.getByRole("link", { name: "Posts" });
      const account = signedIn
        ? banner.getByRole("button", { name: "Sign out" })
        : banner.getByRole("link", { name: "Sign in" });
      strictEqual(await posts.isVisible(), false, "closed, the menu hides");
      strictEqual(await account.isVisible(), false);

      await menu.click();
      ok(await inView(posts), "open, the menu shows Posts");
      ok(await inView(account), "and the account link");
      await posts.click();
      await page.waitForURL(atPath("/posts"));
      await assertOneRow(page);
      strictEqual(await posts.isVisible(), false, "a new page starts closed");
    }
    await context.close();
  });
});

Deno.test("from 320 to 899 px, signed in, the header stays one row", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const page = await browser.newPage({ viewport: PHONE });
    await signIn(page, server);
    // A three-digit cart count, the widest the badge gets in practice.
    for (const id of ["notebook", "ceramic-mug"]) {
      await page.goto(`${server.origin}/products/${id}`);
      await page.getByLabel("Quantity").fill("99");
      await Promise.all([
        page.waitForResponse((res) => res.url().endsWith("/cart/add")),
        page.getByRole("button", { name: "Add to cart" }).click(),
      ]);
    }
    await page.goto(server.origin + "/cart");
    strictEqual(await page.getByTestId("cart-count").textContent(), "198");
    for (const width of [320, 360, 375, 390, 414, 600, 768, 899]) {
      await page.setViewportSize({ width, height: 800 });
      await assertOneRow(page);
    }
  });
});

Deno.test("from 900 px every header link shows, with no menu to open", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const page = await browser.newPage({
      viewport: { width: 900, height: 800 },
    });
    await page.goto(server.origin + "/");
    ok(await inView(page.getByRole("link", { name: "How it works" })));
    await page.setViewportSize(DESKTOP);
    const { banner, brand, cart, menu } = header(page);
    strictEqual(await menu.isVisible(), false);
    const names = ["Catalogue", "Posts", "How it works", "Sign in"];
    const visible = [];
    for (const name of names) {
      const link = banner.getByRole("link", { name, exact: true });
      if (await inView(link)) visible.push(name);
    }
    deepStrictEqual(visible, names);
    ok(await inView(brand));
    ok(await inView(cart));
    // Keyboard users reach the links with Tab, as before.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    strictEqual(
      await page.evaluate(() => document.activeElement?.textContent),
      "Catalogue",
    );
  });
});
