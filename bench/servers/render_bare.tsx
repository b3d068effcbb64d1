/**
 * The "render path" baseline: the About page's component tree (`_app`
 * around `routes/about.tsx`, whose Counter island renders as a plain
 * component) drawn with bare preact-render-to-string inside plain
 * `Deno.serve`: no router, no middleware, no island markers or props.
 * bench/run.ts compares it with GET /about on the real app. It answers
 * with the same response headers as the app (security headers, Vary,
 * Cache-Control), fixed once, so both send the same bytes apart from the
 * page itself.
 *
 * Env: PORT.
 *
 * @module
 */
import { Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { HEAD_CONTEXT } from "../../framework/runtime.ts";
import { applySecurityHeaders } from "../../utils/http/security_headers.ts";
import App from "../../routes/_app.tsx";
import About from "../../routes/about.tsx";

const fixed = new Headers({
  "content-type": "text/html; charset=utf-8",
  vary: "Cookie",
  "cache-control": "private",
});
applySecurityHeaders(fixed);
const headers = Object.fromEntries(fixed);

function render(url: URL): string {
  const head: VNode[] = [];
  const props = {
    url,
    route: "/about",
    params: {},
    data: undefined,
    state: {},
    isPartial: false,
  };
  const body = renderToString(
    h(
      HEAD_CONTEXT.Provider,
      { value: head },
      h(App, { ...props, Component: About }),
    ),
  );
  const at = body.indexOf("</head>");
  return "<!DOCTYPE html>" + body.slice(0, at) +
    renderToString(h(Fragment, null, head)) +
    body.slice(at);
}

Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 8000),
  hostname: "127.0.0.1",
  onListen: () => {},
}, (req) => new Response(render(new URL(req.url)), { headers }));
