/**
 * Turns a thrown {@linkcode HttpError} into its status page. Anything else
 * propagates to the runtime, which logs it and renders `_500`.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import { HttpError } from "./http_error.ts";
import { statusPage } from "./status_page.ts";

/** Creates the middleware; place it outside the ones whose errors it maps. */
export function httpErrors(): MiddlewareHandler {
  return async function httpErrors(_req: Request, ctx: FreshContext) {
    try {
      return await ctx.next();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      return statusPage(error.status, error.message, error.headers);
    }
  };
}
