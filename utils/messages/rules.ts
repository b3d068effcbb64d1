/**
 * When a response shows and consumes the messages it carries. Pure
 * predicates over the request and response, no context.
 *
 * A full HTML page that a person sees consumes exactly what it rendered,
 * whatever its status: a 422 form with its errors shows the pending
 * messages once, like a 200 page, so the next page does not show them
 * again. Redirects, HEAD requests, prefetches and prerenders, and answers
 * that are not HTML show nothing and leave messages pending, so they
 * survive redirect chains and show on the next real page.
 *
 * @module
 */

/**
 * Whether the browser fetched this speculatively, so the person may never
 * see the answer: `Sec-Purpose: prefetch` (which Chromium also sends, with
 * `;prerender`, for prerendering) or the older `Purpose: prefetch`.
 *
 * @see https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Purpose
 * @param req The request.
 * @example
 * ```ts
 * isPrefetch(new Request("http://x/", { headers: { purpose: "prefetch" } })); // true
 * ```
 */
export function isPrefetch(req: Request): boolean {
  const secPurpose = req.headers.get("sec-purpose");
  // A structured-header list such as "prefetch;prerender".
  if (
    secPurpose?.split(/[;,]/).some((t) => t.trim().toLowerCase() === "prefetch")
  ) {
    return true;
  }
  return req.headers.get("purpose")?.trim().toLowerCase() === "prefetch";
}

function mediaType(res: Response): string {
  return (res.headers.get("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
}

/**
 * Whether the answer to `req` may show pending messages at all: not a HEAD
 * request (no body) and not a prefetch or prerender (a page fetched ahead
 * may reach the screen later, or never).
 *
 * @param req The request.
 */
export function mayShowMessages(req: Request): boolean {
  return req.method !== "HEAD" && !isPrefetch(req);
}

// Statuses whose answer has no page to show: 204, 205 and 304 carry no
// content (RFC 9110 §15.3.5, §15.3.6, §15.4.5); 1xx and 3xx lead elsewhere.
function showsContent(status: number): boolean {
  return status >= 200 && status < 300
    ? status !== 204 && status !== 205
    : status >= 400 && status < 600;
}

/**
 * Whether `res` is a page the person sees: a `text/html` answer with
 * content, of any 2xx, 4xx or 5xx status, to a request that
 * {@linkcode mayShowMessages}. A 422 form re-rendered after a POST counts.
 *
 * @param req The request.
 * @param res The response the route produced.
 * @example
 * ```ts
 * isConsumingPage(new Request("http://x/login", { method: "POST" }),
 *   new Response("<p>", { status: 422, headers: { "content-type": "text/html" } })); // true
 * ```
 */
export function isConsumingPage(req: Request, res: Response): boolean {
  return mayShowMessages(req) && showsContent(res.status) &&
    mediaType(res) === "text/html";
}

/**
 * Whether `res` is a JSON answer a script reads: `application/json` (or a
 * `+json` type) with a 2xx or 4xx status, to anything but HEAD or a
 * prefetch. A 4xx JSON answer counts: a form posted with `fetch` shows its
 * error messages from it.
 *
 * @param req The request.
 * @param res The response the route produced.
 */
export function isConsumingJson(req: Request, res: Response): boolean {
  const type = mediaType(res);
  const shown = (res.status >= 200 && res.status < 300) ||
    (res.status >= 400 && res.status < 500);
  return shown && req.method !== "HEAD" && !isPrefetch(req) &&
    (type === "application/json" || type.endsWith("+json"));
}
