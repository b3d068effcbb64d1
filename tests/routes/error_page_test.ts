/**
 * The app's 500 page carries the security headers: a throw unwinds the
 * securityHeaders middleware, so `_500`'s handler adds them.
 */
import { ok, strictEqual } from "node:assert";
import { createHandler, type Manifest } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { DEFAULT_CSP } from "../../utils/http/security_headers.ts";

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
  strictEqual(res.headers.get("content-security-policy"), DEFAULT_CSP);
  strictEqual(res.headers.get("x-frame-options"), "DENY");
  strictEqual(res.headers.get("x-content-type-options"), "nosniff");
  ok(res.headers.get("referrer-policy"));
});
