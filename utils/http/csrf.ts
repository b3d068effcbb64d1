/**
 * Rejects cross-site unsafe requests (CSRF) using what browsers already
 * send: `Sec-Fetch-Site` and `Origin`. No token is needed, because every
 * browser that supports cookies with SameSite also sends at least one of
 * the two headers on a cross-site POST. Requests with neither header are
 * let through, so command-line clients keep working; they carry no
 * browser's cookies by accident.
 *
 * @see https://developer.mozilla.org/docs/Web/HTTP/Headers/Sec-Fetch-Site
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";

const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"] as const;

/** Options of {@linkcode csrf}. */
export interface CsrfOptions {
  /**
   * Extra origins allowed to post, e.g. `https://shop.example.com` when the
   * app sits behind a proxy that rewrites the Host.
   * @default [] (only the request URL's own origin)
   */
  trustedOrigins?: string[];
  /** Builds the 403 answer. @default a short plain-text response */
  onReject?: (req: Request, reason: string) => Response;
}

/** Whether `req` is an unsafe request sent from another site. */
export function isCrossSiteRequest(
  req: Request,
  url: URL,
  trustedOrigins: readonly string[] = [],
): string | null {
  if ((SAFE_METHODS as readonly string[]).includes(req.method)) return null;
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    return "Sec-Fetch-Site: cross-site";
  }
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  if (origin === url.origin || trustedOrigins.includes(origin)) return null;
  return `Origin ${origin} is not this site`;
}

/**
 * Creates the CSRF middleware.
 *
 * @example
 * ```ts
 * export const handler = [csrf()];
 * ```
 */
export function csrf(options: CsrfOptions = {}): MiddlewareHandler {
  const trustedOrigins = options.trustedOrigins ?? [];
  const onReject = options.onReject ?? defaultReject;
  return function csrf(req: Request, ctx: FreshContext) {
    const reason = isCrossSiteRequest(req, ctx.url, trustedOrigins);
    if (reason) {
      return onReject(req, reason);
    }
    return ctx.next();
  };
}

function defaultReject(): Response {
  return new Response("Cross-site request refused.", {
    status: 403,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}
