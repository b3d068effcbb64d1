import type { Handler, RouteConfig } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { applySecurityHeaders } from "../utils/http/security_headers.ts";

export const config: RouteConfig = { csp: true };

/**
 * The runtime renders this page after a throw has unwound the middleware,
 * so the security headers the middleware adds are added here.
 */
export const handler: Handler = async (_req, ctx) => {
  const res = await ctx.render();
  applySecurityHeaders(res.headers);
  return res;
};

// The error itself is logged on the server; the visitor never sees it.
export default function ServerError() {
  return (
    <section class="card error-page">
      <Head>
        <title>Something went wrong · Deno Shop</title>
      </Head>
      <h1>Something went wrong</h1>
      <p>
        We hit an error on our side. Please try again in a moment.
      </p>
      <p>
        <a href="/">Back to the catalogue</a>
      </p>
    </section>
  );
}
