/**
 * Every page carries a strict, nonce-based Content-Security-Policy: no
 * `'unsafe-inline'`, a fresh nonce per response in `script-src`, and that
 * nonce on every `<script>` of the page, so the page's own scripts run
 * (on both runtimes, whichever way each boots its islands) and an
 * injected one does not.
 */
import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert";
import manifest from "../../fresh.gen.ts";
import { Client } from "../helpers/client.ts";

const NONCE = /'nonce-([A-Za-z0-9+/_=-]{16,})'/;

function assertStrictPolicy(res: Response, html: string, what: string) {
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(!policy.includes("unsafe-inline"), `${what}: ${policy}`);
  ok(!policy.includes("unsafe-eval"), `${what}: ${policy}`);
  const scriptSrc = /(?:^|;\s*)script-src ([^;]*)/.exec(policy)?.[1] ?? "";
  ok(scriptSrc.includes("'self'"), `${what}: ${policy}`);
  const nonce = NONCE.exec(scriptSrc)?.[1];
  ok(nonce, `${what}: no nonce in ${policy}`);
  ok(/(?:^|;\s*)default-src 'self'/.test(policy), `${what}: ${policy}`);
  ok(/(?:^|;\s*)frame-ancestors 'none'/.test(policy), `${what}: ${policy}`);
  ok(/(?:^|;\s*)object-src 'none'/.test(policy), `${what}: ${policy}`);
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  deepStrictEqual(
    scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`)),
    [],
    what,
  );
  return { nonce, scripts };
}

Deno.test("pages carry a nonce-based policy without 'unsafe-inline', and each page's scripts carry its nonce", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  const pages = [
    "/",
    "/about",
    "/cart",
    "/products/notebook",
    "/posts",
    "/login",
    "/signup",
    "/checkout/contact",
    "/no-such-page",
  ];
  const withScripts: string[] = [];
  for (const path of pages) {
    const { res, html } = await client.get(path);
    ok(res.status === 200 || res.status === 404, `${path}: ${res.status}`);
    const { scripts } = assertStrictPolicy(res, html, path);
    if (scripts.length > 0) withScripts.push(path);
  }
  // The catalogue, the product page and /about have islands.
  for (const path of ["/", "/products/notebook", "/about"]) {
    ok(withScripts.includes(path), `${path} had no scripts`);
  }
});

Deno.test("no two responses share a nonce, not even two views of the same public page", async () => {
  const nonces = new Set<string>();
  for (let i = 0; i < 3; i++) {
    // No cookie: the catalogue may come from the public page cache.
    const client = await Client.forApp();
    const { res, html } = await client.get("/");
    strictEqual(res.status, 200);
    nonces.add(assertStrictPolicy(res, html, "/").nonce);
  }
  strictEqual(nonces.size, 3);
});

Deno.test("every page route opts in to config.csp, _404 and _500 included", () => {
  // Fresh sends a page's policy only for routes that opt in; a page that
  // forgot would get the middleware's nonce-less policy, and on upstream
  // Fresh its islands would not boot.
  const missing: string[] = [];
  for (const [key, mod] of Object.entries(manifest.routes)) {
    if (!("default" in mod) || !mod.default || key.endsWith("/_app.tsx")) {
      continue;
    }
    const config = (mod as { config?: { csp?: boolean } }).config;
    if (config?.csp !== true) missing.push(key);
  }
  deepStrictEqual(missing, [], "page routes without config.csp");
  notStrictEqual(Object.keys(manifest.routes).length, 0);
});
