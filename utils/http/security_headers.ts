/**
 * Security headers on every response: a Content-Security-Policy without
 * `unsafe-inline` (the runtime emits no inline script or style, so `'self'`
 * suffices), `X-Content-Type-Options`, `Referrer-Policy` and
 * `frame-ancestors` against clickjacking.
 *
 * Responses the middleware never sees need them too: when a handler
 * throws, the throw unwinds every middleware, and the runtime renders the
 * `_500` page afterwards (Fresh 1.7 does the same). So `routes/_500.tsx`
 * exports a handler that calls {@linkcode applySecurityHeaders} on the
 * page it renders; otherwise a 500 page would go out with no CSP and no
 * `X-Frame-Options`.
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

function headerList(options: SecurityHeadersOptions): [string, string][] {
  return [
    ["content-security-policy", options.contentSecurityPolicy ?? DEFAULT_CSP],
    ["x-content-type-options", "nosniff"],
    [
      "referrer-policy",
      options.referrerPolicy ?? "strict-origin-when-cross-origin",
    ],
    ["x-frame-options", "DENY"],
    ["cross-origin-opener-policy", "same-origin"],
  ];
}

function apply(headers: Headers, list: [string, string][]): void {
  for (const [name, value] of list) {
    if (!headers.has(name)) headers.set(name, value);
  }
}

/**
 * Adds the security headers `headers` lacks, as the middleware does: for
 * responses made outside it, such as the `_500` page.
 *
 * @param headers Mutable response headers.
 * @param options As for {@linkcode securityHeaders}.
 * @example routes/_500.tsx
 * ```ts
 * export const handler: Handler = async (_req, ctx) => {
 *   const res = await ctx.render();
 *   applySecurityHeaders(res.headers);
 *   return res;
 * };
 * ```
 */
export function applySecurityHeaders(
  headers: Headers,
  options: SecurityHeadersOptions = {},
): void {
  apply(headers, headerList(options));
}

/** Creates the middleware that adds the headers (unless a route set them). */
export function securityHeaders(
  options: SecurityHeadersOptions = {},
): MiddlewareHandler {
  const headers = headerList(options);
  return async function securityHeaders(_req: Request, ctx: FreshContext) {
    const res = await ctx.next();
    apply(res.headers, headers);
    return res;
  };
}
