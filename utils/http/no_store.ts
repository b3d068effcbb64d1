/**
 * `Cache-Control: no-store` for pages that show personal data (account
 * pages, the checkout). The session middleware marks pages that read the
 * session `private`, which keeps shared caches out but lets the browser
 * keep the page: on a shared computer, Back after signing out would show it
 * again from the history cache. Other session pages stay `private`, so Back
 * stays fast there.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#web-content-caching
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import { withMutableHeaders } from "../mutable_headers.ts";

/**
 * Creates the middleware that makes every response `no-store`. Used as
 * folder middleware, so every page and re-rendered form in the folder is
 * covered, including ones added later.
 *
 * @example routes/account/_middleware.ts
 * ```ts
 * export const handler = [noStore()];
 * ```
 */
export function noStore(): MiddlewareHandler {
  return async function noStore(_req: Request, ctx: FreshContext) {
    const res = withMutableHeaders(await ctx.next());
    res.headers.set("cache-control", "no-store");
    return res;
  };
}
