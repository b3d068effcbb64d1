/**
 * Turns a thrown {@linkcode HttpError} into its status page, and an error
 * of an unavailable KV database into a 503 with `Retry-After`. Anything
 * else propagates to the runtime, which logs it and renders `_500`.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import { isKvUnavailableError } from "../kv/errors.ts";
import { HttpError } from "./http_error.ts";
import type { StatusPageRenderer } from "./status_page.ts";

/** Seconds a client is asked to wait when KV is unavailable. */
export const KV_RETRY_AFTER = 2;

/** Options of {@linkcode httpErrors}. */
export interface HttpErrorsOptions {
  /** Renders the page for each status (see `createStatusPage`). */
  statusPage: StatusPageRenderer;
}

/** Creates the middleware; place it outside the ones whose errors it maps. */
export function httpErrors(
  { statusPage }: HttpErrorsOptions,
): MiddlewareHandler {
  return async function httpErrors(req: Request, ctx: FreshContext) {
    try {
      return await ctx.next();
    } catch (error) {
      if (error instanceof HttpError) {
        return statusPage(error.status, error.message, error.headers);
      }
      // The session store retries a locked KV and answers 503 itself, but
      // every other KV call (accounts, throttle, posts, orders, saved carts,
      // the catalogue) would otherwise surface SQLite's "database is locked"
      // as a 500 with a stack trace in the log. A KV that is busy or
      // unavailable is a temporary condition of the server, not a bug, so
      // it is answered here, once, for all of them. The session changes of
      // the request are dropped (the session middleware, inside this one,
      // does not commit after a throw), and a retry is safe: orders are
      // keyed by checkout id, users and posts are created with atomic
      // checks.
      if (isKvUnavailableError(error)) {
        console.warn(
          `KV unavailable while handling ${req.method} ${ctx.url.pathname}: ${
            (error as Error).message
          }`,
        );
        return statusPage(
          503,
          "The shop's database is busy just now. Please try again in a moment.",
          { "retry-after": String(KV_RETRY_AFTER) },
        );
      }
      throw error;
    }
  };
}
