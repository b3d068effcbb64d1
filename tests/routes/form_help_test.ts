/**
 * What the forms do for the person filling them in: autocomplete tokens,
 * a country list instead of free text, focus on the first invalid field
 * after a failed submit (server-rendered `autofocus`, so it works without
 * JavaScript), and a default delivery option.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";
import { DEMO_PASSWORD, DEMO_USERNAME } from "../../utils/accounts/users.ts";

const ADDRESS = {
  name: "Ada Lovelace",
  street: "12 St James's Square",
  city: "London",
  postcode: "SW1Y 4JH",
  country: "United Kingdom",
};

/** The opening tag of the form control named `name`. */
function control(html: string, name: string): string {
  const tag = html.match(
    new RegExp(`<(input|select|textarea)\\b[^>]*\\bname="${name}"[^>]*>`),
  )?.[0];
  ok(tag, `a control named ${name}`);
  return tag;
}

/** The names of the controls that carry `autofocus`. */
function autofocused(html: string): string[] {
  return [...html.matchAll(/<(?:input|select|textarea)\b[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => /\sautofocus(=|\s|>|\/)/.test(tag))
    .map((tag) => tag.match(/\bname="([^"]+)"/)?.[1] ?? "?");
}

async function clientWithCart(): Promise<Client> {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  await client.get("/cart");
  await client.post("/checkout/contact", { email: "ada@example.com" });
  return client;
}

async function postForm(
  client: Client,
  path: string,
  fields: Record<string, string>,
): Promise<{ status: number; html: string }> {
  const res = await client.fetch(path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  return { status: res.status, html: await res.text() };
}

Deno.test("the address fields carry autocomplete tokens, and Country is a list", async () => {
  const client = await clientWithCart();
  const { html } = await client.get("/checkout/address");
  const tokens = Object.fromEntries(
    Object.keys(ADDRESS).map((name) => [
      name,
      control(html, name).match(/autocomplete="([^"]+)"/)?.[1],
    ]),
  );
  deepStrictEqual(tokens, {
    name: "shipping name",
    street: "shipping street-address",
    city: "shipping address-level2",
    postcode: "shipping postal-code",
    country: "shipping country-name",
  });
  ok(control(html, "country").startsWith("<select"), "Country is a select");
  ok(/<option\s*>United Kingdom<\/option>/.test(html), html);
  ok(/<option\s*>Germany<\/option>/.test(html));
  // Nothing is chosen for the visitor.
  ok(/<option value=""[^>]*>Choose a country<\/option>/.test(html));
  ok(!/<option[^>]*\sselected/.test(html));
  deepStrictEqual(autofocused(html), [], "a first visit focuses nothing");
});

Deno.test("a country that is not in the list is refused", async () => {
  const client = await clientWithCart();
  for (const country of ["Narnia", "united kingdom ", "<b>UK</b>"]) {
    const { status, html } = await postForm(client, "/checkout/address", {
      ...ADDRESS,
      country,
    });
    strictEqual(status, 422, country);
    ok(html.includes("Choose your country from the list."), country);
    deepStrictEqual(autofocused(html), ["country"]);
  }
  const res = await client.post("/checkout/address", ADDRESS);
  strictEqual(res.headers.get("location"), "/checkout/shipping");
  // Going back shows the chosen country selected.
  const { html } = await client.get("/checkout/address");
  ok(/<option\s+selected\s*>United Kingdom<\/option>/.test(html), html);
});

Deno.test("after a failed submit the first invalid field has autofocus, and only it", async (t) => {
  await t.step("address", async () => {
    const client = await clientWithCart();
    let { html } = await postForm(client, "/checkout/address", {});
    deepStrictEqual(autofocused(html), ["name"]);
    ({ html } = await postForm(client, "/checkout/address", {
      ...ADDRESS,
      city: "",
      postcode: "",
    }));
    deepStrictEqual(autofocused(html), ["city"]);
  });
  await t.step("sign-up", async () => {
    const client = await Client.forApp();
    let { status, html } = await postForm(client, "/signup", {
      username: "No Spaces Allowed",
      password: "x",
    });
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["username"]);
    ({ html } = await postForm(client, "/signup", {
      username: `ok_${crypto.randomUUID().slice(0, 8)}`,
      password: "x",
    }));
    deepStrictEqual(autofocused(html), ["password"]);
  });
  await t.step("sign-in: the password, to type it again", async () => {
    const client = await Client.forApp();
    const { status, html } = await postForm(client, "/login", {
      username: DEMO_USERNAME,
      password: "not the password",
    });
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["password"]);
    const first = await client.get("/login");
    deepStrictEqual(autofocused(first.html), []);
  });
  await t.step("change password", async () => {
    const client = await Client.forApp();
    await client.post("/login", {
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    });
    let { status, html } = await postForm(client, "/account/password", {
      current_password: DEMO_PASSWORD,
      new_password: "short",
    });
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["new_password"]);
    ({ status, html } = await postForm(client, "/account/password", {
      current_password: "not the password",
      new_password: "a long enough new password",
    }));
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["current_password"]);
  });
  await t.step("new post", async () => {
    const client = await Client.forApp();
    await client.post("/login", {
      username: DEMO_USERNAME,
      password: DEMO_PASSWORD,
    });
    const { status, html } = await postForm(client, "/posts", {
      title: "",
      body: "",
    });
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["title"]);
  });
  await t.step("delivery: the first option", async () => {
    const client = await clientWithCart();
    await client.post("/checkout/address", ADDRESS);
    const { status, html } = await postForm(client, "/checkout/shipping", {
      shipping: "teleport",
    });
    strictEqual(status, 422);
    deepStrictEqual(autofocused(html), ["shipping"]);
  });
});

Deno.test("delivery has a default choice: Standard is checked on a first visit", async () => {
  const client = await clientWithCart();
  await client.post("/checkout/address", ADDRESS);
  const { html } = await client.get("/checkout/shipping");
  const checked = [...html.matchAll(/<input\b[^>]*type="radio"[^>]*>/g)]
    .map(([tag]) => tag)
    .filter((tag) => /\schecked(=|\s|>|\/)/.test(tag))
    .map((tag) => tag.match(/value="([^"]+)"/)?.[1]);
  deepStrictEqual(checked, ["standard"]);
  // A choice made earlier is kept.
  await client.post("/checkout/shipping", { shipping: "express" });
  const again = await client.get("/checkout/shipping");
  ok(/<input[^>]*value="express"[^>]*checked/.test(again.html));
});
