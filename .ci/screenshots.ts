/**
 * Refreshes the README's screenshots: `deno run -A .ci/screenshots.ts`.
 * Needs Debian's Chromium, and no emoji font: the pictures are SVG files.
 */
import {
  atPath,
  launchBrowser,
  waitForHydration,
} from "../tests/helpers/browser.ts";
import { startServer } from "../tests/helpers/server.ts";
import manifest from "../fresh.gen.ts";

const OUT = new URL("../static/screenshots/", import.meta.url).pathname;
const server = await startServer(manifest, {
  build: { outDir: "/nonexistent/_fresh" },
});
const browser = await launchBrowser();
try {
  const page = await browser.newPage({
    viewport: { width: 1200, height: 820 },
  });
  const shot = (name: string) => page.screenshot({ path: `${OUT}${name}.png` });

  for (const id of ["desk-plant", "headphones", "notebook"]) {
    await page.goto(`${server.origin}/products/${id}`);
  }
  await page.goto(server.origin + "/");
  await waitForHydration(page);
  await shot("catalogue");

  await page.getByRole("button", { name: "Add to cart: Ceramic mug" }).click();
  await page.getByRole("button", { name: "Add to cart: Desk lamp" }).click();
  await page.goto(server.origin + "/products/backpack");
  await page.evaluate(() =>
    (document.querySelector("form.add-form") as HTMLFormElement).submit()
  );
  await page.waitForURL(atPath("/cart"));
  await page.waitForTimeout(800);
  await shot("cart");

  await page.goto(server.origin + "/login");
  await page.getByLabel("Username").fill("demo");
  await page.getByLabel("Password").fill("not the password");
  await page.locator('form[action="/login"] button[type="submit"]').click();
  await page.getByText("Wrong username or password.").first().waitFor();
  await page.waitForTimeout(800); // let the banner finish fading in
  await shot("error");

  const other = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  });
  const phone = await other.newPage();
  for (const p of [page, phone]) {
    await p.goto(server.origin + "/login");
    await p.getByLabel("Username").fill("demo");
    await p.getByLabel("Password").fill("demo-pass-2026");
    await p.locator('form[action="/login"] button[type="submit"]').click();
    await p.waitForURL(atPath("/"));
  }
  await page.goto(server.origin + "/account/sessions");
  await shot("sessions");
  await other.close();
} finally {
  await browser.close();
  await server.close();
}
