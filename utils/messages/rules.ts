/**
 * When a response consumes the messages it carries. Pure predicates over
 * the request and response, no context.
 *
 * A page consumes what it rendered only when the person will actually see
 * it: a successful (200) HTML answer to a GET that is not a prefetch.
 * Redirects, errors, HEAD requests and prefetches leave messages pending,
 * so they survive redirect chains and show on the next real page.
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
 * Whether `res` is a page the person sees: 200, `text/html`, answering a
 * GET that is not a prefetch.
 *
 * @param req The request.
 * @param res The response the route produced.
 */
export function isConsumingPage(req: Request, res: Response): boolean {
  return req.method === "GET" && !isPrefetch(req) && res.status === 200 &&
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
