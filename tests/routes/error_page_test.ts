/**
 * The app's 500 page carries the security headers: a throw unwinds the
 * securityHeaders middleware, so `_500`'s handler adds them.
 */
import { ok, strictEqual } from "node:assert";
import { createHandler, type Manifest } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";

Deno.test("a thrown error's 500 page has the CSP and frame protections", async () => {
  const withBoom: Manifest = {
    ...manifest,
    routes: {
      ...manifest.routes,
      "./routes/boom.ts": {
        handler: () => {
          throw new Error("secret detail");
        },
      },
    },
  };
  const handler = await createHandler(withBoom, {
    build: { outDir: "/nonexistent/_fresh" },
  });
  const original = console.error;
  console.error = () => {};
  let res: Response;
  try {
    res = await handler(new Request("http://localhost/boom"));
  } finally {
    console.error = original;
  }
  const html = await res.text();
  strictEqual(res.status, 500);
  ok(html.includes("Something went wrong"), html);
  ok(!html.includes("secret detail"));
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(
    /^default-src 'self'; script-src 'self' 'nonce-\w+'; /.test(policy),
    policy,
  );
  ok(!policy.includes("unsafe-inline"), policy);
  ok(policy.includes("frame-ancestors 'none'"), policy);
  strictEqual(res.headers.get("x-frame-options"), "DENY");
  strictEqual(res.headers.get("x-content-type-options"), "nosniff");
  ok(res.headers.get("referrer-policy"));
});
