/**
 * Refreshes the README's screenshots: `deno run -A .ci/screenshots.ts`.
 * Needs Debian's Chromium, and no emoji font: the pictures are SVG files.
 * Each scene is shot on a desktop (1200×820) and a phone (390×844), in the
 * light and the dark theme: `<scene>[-mobile][-dark].png`.
 */
import type { Browser, Page } from "playwright-core";
import {
  atPath,
  launchBrowser,
  waitForHydration,
} from "../tests/helpers/browser.ts";
import { type RunningServer, startServer } from "../tests/helpers/server.ts";
import manifest from "../fresh.gen.ts";

const OUT = new URL("../static/screenshots/", import.meta.url).pathname;
const PHONE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

interface Variant {
  suffix: string;
  viewport: { width: number; height: number };
  colorScheme: "light" | "dark";
  mobile: boolean;
}

const VARIANTS: Variant[] = [
  { suffix: "", viewport: { width: 1200, height: 820 } },
  { suffix: "-dark", viewport: { width: 1200, height: 820 } },
  { suffix: "-mobile", viewport: { width: 390, height: 844 } },
  { suffix: "-mobile-dark", viewport: { width: 390, height: 844 } },
].map((v) => ({
  ...v,
  colorScheme: v.suffix.endsWith("dark") ? "dark" : "light",
  mobile: v.suffix.startsWith("-mobile"),
}));

/** Waits until banners have finished fading in. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() =>
    Promise.all(document.getAnimations().map((a) => a.finished))
  );
}

async function signIn(page: Page, server: RunningServer, password: string) {
  await page.goto(server.origin + "/login");
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill(password);
  await page.locator('form[action="/login"] button[type="submit"]').click();
}

async function shootVariant(
  browser: Browser,
  server: RunningServer,
  variant: Variant,
): Promise<void> {
  const { viewport, colorScheme, suffix } = variant;
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const shot = async (name: string) => {
    await settle(page);
    await page.screenshot({ path: `${OUT}${name}${suffix}.png` });
  };

  // The first add starts the session that "Recently viewed" lives in.
  await page.goto(server.origin + "/");
  await waitForHydration(page);
  await page.getByRole("button", { name: "Add to cart: Ceramic mug" }).click();
  await page.getByText("Added 1 × Ceramic mug to your cart.").waitFor();
  for (const id of ["desk-plant", "headphones", "notebook"]) {
    await page.goto(`${server.origin}/products/${id}`);
  }
  await page.goto(server.origin + "/");
  await waitForHydration(page);
  await shot("catalogue");

  await page.getByRole("button", { name: "Add to cart: Desk lamp" }).click();
  await page.getByText("Added 1 × Desk lamp to your cart.").waitFor();
  await page.goto(server.origin + "/products/backpack");
  await page.evaluate(() =>
    (document.querySelector("form.add-form") as HTMLFormElement).submit()
  );
  await page.waitForURL(atPath("/cart"));
  await shot("cart");

  if (variant.mobile) {
    await page.locator(".site-menu > summary").click();
    await shot("menu");
    await page.locator(".site-menu > summary").click();
  }

  await signIn(page, server, "not the password");
  await page.getByText("Wrong username or password.").first().waitFor();
  await shot("error");

  // This device and one phone, whatever earlier variants left signed in.
  await signIn(page, server, "demo-pass-2026");
  await page.waitForURL(atPath("/"));
  await page.goto(server.origin + "/account/sessions");
  const others = page.getByRole("button", { name: "Sign out everywhere else" });
  if (await others.isEnabled()) {
    await others.click();
    await page.waitForLoadState();
  }
  const phoneContext = await browser.newContext({ userAgent: PHONE_UA });
  const phone = await phoneContext.newPage();
  await signIn(phone, server, "demo-pass-2026");
  await phone.waitForURL(atPath("/"));
  await page.goto(server.origin + "/account/sessions");
  await shot("sessions");
  await phoneContext.close();
  await context.close();
}

const server = await startServer(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});
const browser = await launchBrowser();
try {
  for (const variant of VARIANTS) await shootVariant(browser, server, variant);
} finally {
  await browser.close();
  await server.close();
}
