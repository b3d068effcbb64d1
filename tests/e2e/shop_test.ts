/**
 * The shop in a real browser: two adds on two clicks, then the cart shows
 * count 2, with and without JavaScript, the add-to-cart island updating the header badge
 * without a page load, the checkout from cart to "Order placed.", and a
 * second tab changing the cart under an open review. Every
 * page runs under the app's Content-Security-Policy, so a violation (an
 * inline script, say) fails the test.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { Page } from "playwright-core";
import app from "../../fresh.gen.ts";
import { atPath, waitForHydration } from "../helpers/browser.ts";
import { withBrowserApp } from "../helpers/browser_app.ts";

/** Collects page errors and CSP violations reported on the console. */
function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      problems.push(message.text());
    }
  });
  return problems;
}

function badge(page: Page) {
  return page.getByTestId("cart-badge");
}

Deno.test("with JavaScript: two clicks update the badge without a page load, then the cart shows count 2", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(server.origin + "/");
    await waitForHydration(page);
    // Every product picture is an SVG that the browser decoded and drew,
    // with no emoji font on the machine.
    const drawn = await page.locator(".product-grid img").evaluateAll(
      (imgs) =>
        (imgs as HTMLImageElement[]).map((img) => [
          img.alt,
          img.complete && img.naturalWidth > 0,
          img.getBoundingClientRect().width > 50,
        ]),
    );
    strictEqual(drawn.length, 12);
    deepStrictEqual(drawn.filter(([, loaded, big]) => !loaded || !big), []);
    const navigations: string[] = [];
    page.on("framenavigated", (frame) => navigations.push(frame.url()));

    await page.getByRole("button", { name: "Add to cart: Ceramic mug" })
      .click();
    await page.getByText("Added 1 × Ceramic mug to your cart.").waitFor();
    strictEqual(await badge(page).textContent(), "1");
    await page.getByRole("button", { name: "Add to cart: Dot-grid notebook" })
      .click();
    await page.getByText("Added 1 × Dot-grid notebook to your cart.").waitFor();
    strictEqual(await badge(page).textContent(), "2");
    deepStrictEqual(navigations, [], "the page never reloaded");

    await page.goto(server.origin + "/cart");
    strictEqual(await page.getByTestId("cart-count").textContent(), "2");
    // The island showed the messages, so the cart page does not repeat them.
    strictEqual(await page.locator(".flash").count(), 0);
    deepStrictEqual(problems, []);
  });
});

Deno.test("without JavaScript: two adds go through POST → 303, and the cart shows count 2", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    await page.getByRole("button", { name: "Add to cart: Ceramic mug" })
      .click();
    await page.waitForURL(atPath("/cart"));
    await page.getByText("Added 1 × Ceramic mug to your cart.").waitFor();
    await page.goto(server.origin + "/");
    await page.getByRole("button", { name: "Add to cart: Dot-grid notebook" })
      .click();
    await page.waitForURL(atPath("/cart"));
    strictEqual(await page.getByTestId("cart-count").textContent(), "2");
    strictEqual(await badge(page).textContent(), "2");
    await page.reload();
    strictEqual(
      await page.getByText("Added 1 × Dot-grid notebook to your cart.").count(),
      0,
      "the banner is shown once",
    );
    await context.close();
  });
});

Deno.test("checkout: contact, address, delivery, payment, review, then Order placed, never paid", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    const problems = watchProblems(page);
    await page.goto(server.origin + "/products/desk-lamp");
    await waitForHydration(page);
    await page.getByLabel("Quantity").fill("2");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByText("Added 2 × Desk lamp to your cart.").waitFor();
    strictEqual(await badge(page).textContent(), "2");

    await page.goto(server.origin + "/cart");
    await page.getByRole("link", { name: "Checkout" }).click();
    await page.waitForURL(atPath("/checkout/contact"));
    await page.getByLabel("Email").fill("grace@example.com");
    await page.getByRole("button", { name: "Continue to address" }).click();
    await page.waitForURL(atPath("/checkout/address"));
    // Submitting empty shows the errors, with status 422, on the same step.
    await page.getByRole("button", { name: "Continue to delivery" }).click();
    await page.getByText("Full name is required.").waitFor();
    await page.getByLabel("Full name").fill("Grace Hopper");
    await page.getByLabel("Street and number").fill("1 Navy Way");
    await page.getByLabel("City").fill("Arlington");
    await page.getByLabel("Postcode").fill("22202");
    await page.getByLabel("Country").selectOption("United States");
    await page.getByRole("button", { name: "Continue to delivery" }).click();
    await page.waitForURL(atPath("/checkout/shipping"));
    // Going back keeps what was typed.
    await page.getByRole("link", { name: "Back" }).click();
    await page.waitForURL(atPath("/checkout/address"));
    strictEqual(await page.getByLabel("City").inputValue(), "Arlington");
    await page.getByRole("button", { name: "Continue to delivery" }).click();
    await page.getByLabel(/Express/).check();
    await page.getByRole("button", { name: "Continue to payment" }).click();
    await page.waitForURL(atPath("/checkout/payment"));
    // Pay on delivery is the default; a card is in test mode only.
    ok(await page.getByLabel(/Pay on delivery/).isChecked());
    await page.getByRole("button", { name: "Review order" }).click();
    await page.waitForURL(atPath("/checkout/review"));
    // 2 × $39 + $15 express
    strictEqual(await page.getByTestId("order-total").textContent(), "$93.00");
    strictEqual(
      await page.getByTestId("review-email").textContent(),
      "Confirmation to grace@example.com",
    );
    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(atPath("/checkout/complete"));
    await page.getByText("Order placed.").waitFor();
    await page.getByText("Thank you, Grace Hopper!").waitFor();
    await page.getByText("You will pay $93.00 on delivery").waitFor();
    ok(!/\bpaid\b/i.test(await page.locator("main").innerText()));
    strictEqual(await badge(page).textContent(), "0");
    deepStrictEqual(problems, []);
  });
});

Deno.test("two tabs: the cart changed in the other tab, so Place order places nothing and the review says what changed", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const other = await context.newPage();
    const problems = watchProblems(tab);
    await tab.goto(server.origin + "/products/notebook");
    await waitForHydration(tab);
    await tab.getByRole("button", { name: "Add to cart" }).click();
    await tab.getByText("Added 1 × Dot-grid notebook to your cart.").waitFor();
    await tab.goto(server.origin + "/checkout/contact");
    await tab.getByLabel("Email").fill("maire@example.com");
    await tab.getByRole("button", { name: "Continue to address" }).click();
    await tab.waitForURL(atPath("/checkout/address"));
    await tab.getByLabel("Full name").fill("Máire O'Brien");
    await tab.getByLabel("Street and number").fill('1 "Quoted" Lane & Co');
    await tab.getByLabel("City").fill("Dublin");
    await tab.getByLabel("Postcode").fill("D02 X285");
    await tab.getByLabel("Country").selectOption("Ireland");
    await tab.getByRole("button", { name: "Continue to delivery" }).click();
    await tab.getByLabel(/Standard/).check();
    await tab.getByRole("button", { name: "Continue to payment" }).click();
    await tab.getByRole("button", { name: "Review order" }).click();
    await tab.waitForURL(atPath("/checkout/review"));
    strictEqual(await tab.getByTestId("order-total").textContent(), "$17.00");

    // The other tab adds 99 headphones while the review is open.
    await other.goto(server.origin + "/products/headphones");
    await waitForHydration(other);
    await other.getByLabel("Quantity").fill("99");
    await other.getByRole("button", { name: "Add to cart" }).click();
    await other.getByText("Added 99 × Wireless headphones to your cart.")
      .waitFor();

    await tab.getByRole("button", { name: "Place order" }).click();
    await tab.waitForURL(atPath("/checkout/review"));
    await tab.getByText("99 × Wireless headphones added").waitFor();
    strictEqual(
      await tab.getByTestId("order-total").textContent(),
      "$8,828.00",
    );
    // Now the review shows it, placing it places exactly that.
    await tab.getByRole("button", { name: "Place order" }).click();
    await tab.waitForURL(atPath("/checkout/complete"));
    await tab.getByText("Thank you, Máire O'Brien!").waitFor();
    ok((await tab.content()).includes("$8,828.00"));
    deepStrictEqual(problems, []);
    await context.close();
  });
});

Deno.test("under the strict CSP the islands boot and Chromium reports no violation", async () => {
  await withBrowserApp(app, async (server, browser) => {
    const page = await browser.newPage();
    const violations: string[] = [];
    await page.exposeFunction(
      "reportViolation",
      (text: string) => violations.push(text),
    );
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (globalThis as unknown as { reportViolation(t: string): void })
          .reportViolation(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    for (const path of ["/", "/about", "/products/notebook", "/cart"]) {
      const res = await page.goto(server.origin + path);
      const csp = (await res?.allHeaders())?.["content-security-policy"] ??
        "";
      ok(/script-src 'self' 'nonce-[^']+'/.test(csp), `${path}: ${csp}`);
      ok(!csp.includes("unsafe-inline"), `${path}: ${csp}`);
      ok(csp.includes("frame-ancestors 'none'"), csp);
      await waitForHydration(page);
    }
    // The counter on /about only works once its island booted.
    await page.goto(server.origin + "/about");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Increase" }).click();
    strictEqual(await page.getByTestId("counter-value").textContent(), "4");
    deepStrictEqual(violations, []);
  });
});
