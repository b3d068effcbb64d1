/**
 * The app's header-adding middleware on a response whose headers are
 * immutable: a route's `Response.redirect()` or a fetched response. Our
 * runtime hands middleware a mutable copy; upstream Fresh 1.7.3 hands over
 * the route's own object, so each middleware must cope by itself. Runs on
 * both (`tests/upstream/run.ts`).
 */
import { strictEqual } from "node:assert";
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import { noStore } from "../../../utils/http/no_store.ts";
import {
  DEFAULT_CSP,
  securityHeaders,
} from "../../../utils/http/security_headers.ts";
import { createApp, fetchText } from "../../framework/test_utils.ts";

type RouteHandler = (req: Request) => Response | Promise<Response>;

/** An app with `middleware` at its root and `/r` answered by `route`. */
function appWith(middleware: MiddlewareHandler[], route: RouteHandler) {
  return createApp({
    "./routes/_middleware.ts": { handler: middleware },
    "./routes/r.ts": { handler: route },
  });
}

const nativeRedirect: RouteHandler = (req) =>
  Response.redirect(new URL("/cart", req.url), 303);

// A `data:` URL: a real fetched response (immutable headers), no network.
const fetched: RouteHandler = () => fetch("data:text/plain,from%20upstream");

Deno.test("securityHeaders: a route's Response.redirect() stays a 303 and gets the security headers", async () => {
  const app = await appWith([securityHeaders()], nativeRedirect);
  const { status, res } = await fetchText(app, "/r");
  strictEqual(status, 303);
  strictEqual(res.headers.get("location"), "http://localhost/cart");
  strictEqual(res.headers.get("content-security-policy"), DEFAULT_CSP);
  strictEqual(res.headers.get("x-frame-options"), "DENY");
});

Deno.test("securityHeaders: a fetched response passed on keeps its body and gets the security headers", async () => {
  const app = await appWith([securityHeaders()], fetched);
  const { status, body, res } = await fetchText(app, "/r");
  strictEqual(status, 200);
  strictEqual(body, "from upstream");
  strictEqual(res.headers.get("content-type"), "text/plain");
  strictEqual(res.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("noStore: a route's Response.redirect() stays a 303 marked no-store", async () => {
  const app = await appWith([noStore()], nativeRedirect);
  const { status, res } = await fetchText(app, "/r");
  strictEqual(status, 303);
  strictEqual(res.headers.get("location"), "http://localhost/cart");
  strictEqual(res.headers.get("cache-control"), "no-store");
});

Deno.test("securityHeaders: a response with mutable headers is passed on as it is, not copied", async () => {
  let made: Response | undefined;
  let passedOn: Response | undefined;
  const outer = async (_req: Request, ctx: FreshContext) => {
    passedOn = await ctx.next();
    return passedOn;
  };
  const app = await appWith([outer, securityHeaders()], () => {
    made = new Response("page", { headers: { "content-type": "text/plain" } });
    return made;
  });
  const { body, res } = await fetchText(app, "/r");
  strictEqual(body, "page");
  strictEqual(res.headers.get("x-frame-options"), "DENY");
  strictEqual(passedOn, made);
});
