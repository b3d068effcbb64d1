/**
 * Headers that middleware can change after `await ctx.next()`. Upstream
 * Fresh does not promise them: `Response.redirect()`, `Response.error()`
 * and fetched responses have immutable headers. (Our runtime gives that
 * promise with its own copy in `framework/src/context.ts`, which may not
 * import app code.)
 *
 * @module
 */

/**
 * Returns `res` itself when its headers can be changed, so the body keeps
 * the runtime's fast path for strings; only responses with immutable
 * headers (`Response.redirect()`, fetched responses) are copied. (A
 * `Response.error()` cannot be: its status 0 is refused by the `Response`
 * constructor, as by `Deno.serve`.) Our runtime already hands middleware mutable headers, but
 * upstream Fresh does not promise it. A response made with
 * `new Response()` (type "default", not a redirect) is mutable by
 * construction and is not probed: touching its headers costs a `Headers`
 * object on every request.
 */
export function withMutableHeaders(res: Response): Response {
  if (res.type === "default" && !REDIRECT_STATUSES.has(res.status)) {
    return res;
  }
  try {
    res.headers.append("x-headers-probe", "1");
    res.headers.delete("x-headers-probe");
    return res;
  } catch {
    return new Response(res.body, res);
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
