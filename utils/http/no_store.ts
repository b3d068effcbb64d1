/**
 * `Cache-Control: no-store` for pages that show personal data: account
 * pages (sessions with their devices, the password form) and the checkout
 * (name, address, order). The session middleware marks every page that
 * read the session `private`, which keeps shared caches out but lets the
 * browser keep the page: on a shared computer, Back after signing out
 * would show it again from the history cache. `no-store` forbids keeping
 * it at all. Other session pages stay `private`, so Back stays fast there.
 *
 * Used as folder middleware (`routes/account/_middleware.ts`,
 * `routes/checkout/_middleware.ts`), so every page and re-rendered form in
 * those folders is covered, including ones added later.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2.5
 * @see https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#web-content-caching
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";

/**
 * Creates the middleware that makes every response `no-store`.
 *
 * @example routes/account/_middleware.ts
 * ```ts
 * export const handler = [noStore()];
 * ```
 */
export function noStore(): MiddlewareHandler {
  return async function noStore(_req: Request, ctx: FreshContext) {
    let res = await ctx.next();
    try {
      res.headers.set("cache-control", "no-store");
    } catch {
      // Immutable headers (`Response.redirect()`): copy, keep the body.
      res = new Response(res.body, res);
      res.headers.set("cache-control", "no-store");
    }
    return res;
  };
}
