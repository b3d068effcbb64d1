/**
 * Security headers on every response: a Content-Security-Policy without
 * `unsafe-inline` (the runtime emits no inline script or style, so `'self'`
 * suffices), `X-Content-Type-Options`, `Referrer-Policy` and
 * `frame-ancestors` against clickjacking.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";

/** The policy used when none is given. */
export const DEFAULT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Options of {@linkcode securityHeaders}. */
export interface SecurityHeadersOptions {
  /** @default DEFAULT_CSP */
  contentSecurityPolicy?: string;
  /** @default "strict-origin-when-cross-origin" */
  referrerPolicy?: string;
}

/** Creates the middleware that adds the headers (unless a route set them). */
export function securityHeaders(
  options: SecurityHeadersOptions = {},
): MiddlewareHandler {
  const headers: [string, string][] = [
    ["content-security-policy", options.contentSecurityPolicy ?? DEFAULT_CSP],
    ["x-content-type-options", "nosniff"],
    [
      "referrer-policy",
      options.referrerPolicy ?? "strict-origin-when-cross-origin",
    ],
    ["x-frame-options", "DENY"],
    ["cross-origin-opener-policy", "same-origin"],
  ];
  return async function securityHeaders(_req: Request, ctx: FreshContext) {
    const res = await ctx.next();
    for (const [name, value] of headers) {
      if (!res.headers.has(name)) res.headers.set(name, value);
    }
    return res;
  };
}
