/**
 * Tables on a phone: the header row is gone at 390 px, so every amount in
 * a cart line, and every time in the sessions list, carries its own
 * visible label.
 */
import { deepStrictEqual, ok } from "node:assert";
import { atPath } from "../helpers/browser.ts";
import manifest from "../../fresh.gen.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

Deno.test("at 390 px every amount in a cart line is labelled", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(server.origin + "/products/headphones");
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.waitForURL(atPath("/cart"));

    const line = page.getByTestId("line-headphones");
    // Each cell that shows an amount, as a person reads it, and whether
    // its label sits on the same line as the amount.
    const cells = await line.locator("td").evaluateAll((tds) =>
      (tds as HTMLElement[]).filter((td) => td.innerText.includes("$")).map(
        (td) => {
          const label = td.querySelector(".cell-label")
            ?.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(td.lastChild!);
          const amount = range.getBoundingClientRect();
          const sameLine = !!label && label.height > 0 &&
            Math.abs(
                label.top + label.height / 2 - amount.top -
                  amount.height / 2,
              ) < 4;
          return `${td.innerText.replace(/\s+/g, " ").trim()} ${sameLine}`;
        },
      )
    );
    deepStrictEqual(cells, ["Price $89.00 true", "Subtotal $178.00 true"]);
    // The product starts the line at its left edge, like a heading.
    const [row, name] = await Promise.all([
      line.boundingBox(),
      line.getByRole("link", { name: "Wireless headphones" }).boundingBox(),
    ]);
    ok(row && name && name.x - row.x < 16, `product at ${name?.x}`);
    deepStrictEqual(
      await line.getByText("Quantity", { exact: true }).isVisible(),
      true,
      "the quantity field is labelled too",
    );
    await context.close();
  });
});

Deno.test("at 390 px both times of a signed-in session are labelled", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(server.origin + "/login");
    await page.getByLabel("Username").fill(DEMO_USERNAME);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.locator('form[action="/login"] button[type="submit"]').click();
    await page.waitForURL(atPath("/"));
    await page.goto(server.origin + "/account/sessions");
    const row = page.getByTestId("sessions").locator("tbody tr").first();
    const times = await row.locator("td:has(time)").evaluateAll((tds) =>
      (tds as HTMLElement[]).map((td) =>
        td.innerText.replace(/\s+/g, " ").replace(/\d.*$/, "").trim()
      )
    );
    deepStrictEqual(times, ["Signed in", "Last active"]);
    await context.close();
  });
});

Deno.test("at 390 px the cookie-and-session table on /about names its columns in each cell", async () => {
  await withBrowserApp(manifest, async (server, browser) => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
    });
    await page.goto(server.origin + "/about");
    const cells = await page.locator(".card table tbody tr").evaluateAll((
      rows,
    ) =>
      (rows as HTMLTableRowElement[]).map((row) =>
        [...row.querySelectorAll("td")].map((td) =>
          (td as HTMLElement).innerText.split("\n")[0].trim()
        ).join(" / ")
      )
    );
    deepStrictEqual(cells, [
      "Cookie / Session",
      "Cookie / Session",
      "Cookie / Session",
    ]);
  });
});
