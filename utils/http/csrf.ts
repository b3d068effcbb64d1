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
  /**
   * Behind a TLS-terminating proxy the request URL says `http://`, while the
   * browser's `Origin` says `https://`. When true, the site's origin is
   * taken from `X-Forwarded-Proto` and `X-Forwarded-Host` instead. Only for
   * a proxy you control, which overwrites those headers.
   * @default false
   */
  trustProxy?: boolean;
  /** Builds the 403 answer. @default a short plain-text response */
  onReject?: (req: Request, reason: string) => Response;
}

/** The origin the browser sees for `url`, by the proxy's headers if trusted. */
export function siteOrigin(
  req: Request,
  url: URL,
  trustProxy = false,
): string {
  if (!trustProxy) return url.origin;
  // Proxies append to these lists; the first value is the client-facing one.
  const first = (name: string) =>
    req.headers.get(name)?.split(",")[0].trim().toLowerCase() || undefined;
  const proto = first("x-forwarded-proto") ?? url.protocol.slice(0, -1);
  const host = first("x-forwarded-host") ?? url.host;
  return `${proto}://${host}`;
}

/** Whether `req` is an unsafe request sent from another site. */
export function isCrossSiteRequest(
  req: Request,
  url: URL,
  trustedOrigins: readonly string[] = [],
  trustProxy = false,
): string | null {
  if ((SAFE_METHODS as readonly string[]).includes(req.method)) return null;
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    return "Sec-Fetch-Site: cross-site";
  }
  const origin = req.headers.get("origin");
  if (origin === null) return null;
  if (
    origin === siteOrigin(req, url, trustProxy) ||
    trustedOrigins.includes(origin)
  ) {
    return null;
  }
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
  const trustProxy = options.trustProxy ?? false;
  return function csrf(req: Request, ctx: FreshContext) {
    const reason = isCrossSiteRequest(
      req,
      ctx.url,
      trustedOrigins,
      trustProxy,
    );
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
