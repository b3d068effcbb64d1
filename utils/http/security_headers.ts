/**
 * Security headers on every response: a Content-Security-Policy without
 * `unsafe-inline`, `X-Content-Type-Options`, `Referrer-Policy` and
 * `frame-ancestors` against clickjacking.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import {
  type ContentSecurityPolicy,
  type ContentSecurityPolicyDirectives,
  NONE,
  SELF,
  useCSP,
} from "$fresh/runtime.ts";
import { withMutableHeaders } from "../mutable_headers.ts";

/** The app's policy: everything from its own origin, nothing inline. */
export const APP_CSP_DIRECTIVES: Readonly<ContentSecurityPolicyDirectives> =
  Object.freeze({
    defaultSrc: [SELF],
    scriptSrc: [SELF],
    styleSrc: [SELF],
    imgSrc: [SELF, "data:"],
    fontSrc: [SELF],
    connectSrc: [SELF],
    objectSrc: [NONE],
    baseUri: [NONE],
    formAction: [SELF],
    frameAncestors: [NONE],
  });

function serialize(directives: ContentSecurityPolicyDirectives): string {
  return Object.entries(directives).map(([name, sources]) =>
    `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${
      Array.isArray(sources) ? sources.join(" ") : sources
    }`
  ).join("; ");
}

/**
 * The policy the middleware gives responses that are not pages (redirects,
 * status pages, files): the app's directives without a nonce, as such
 * responses run no script.
 */
export const DEFAULT_CSP: string = serialize(APP_CSP_DIRECTIVES);

/**
 * Sets the page's policy to the app's. Call it once, in `_app`; it works
 * on routes whose `config.csp` is `true`, which every page route sets.
 * The runtime then adds a per-response nonce to `script-src` and to the
 * scripts it emits, as Fresh 1.7 does (upstream Fresh boots islands with an
 * inline script, which only that nonce lets run).
 */
export function useAppCsp(): void {
  useCSP(applyAppCsp);
}

// The policy is frozen: its entries are listed once, not on every page.
const APP_CSP_ENTRIES = Object.entries(APP_CSP_DIRECTIVES);

/** Gives the page its own copy of the app's policy, which it may change. */
function applyAppCsp(csp: ContentSecurityPolicy): void {
  const directives: Record<string, unknown> = {};
  for (const [name, sources] of APP_CSP_ENTRIES) {
    directives[name] = Array.isArray(sources) ? sources.slice() : sources;
  }
  csp.directives = directives as ContentSecurityPolicyDirectives;
}

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
 * responses made outside it. When a handler throws, the throw unwinds every
 * middleware and the runtime renders the `_500` page afterwards (as Fresh
 * 1.7 does), so `routes/_500.tsx` calls this; otherwise a 500 page would
 * go out without `X-Frame-Options`.
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
    // Upstream Fresh passes a route's `Response.redirect()` on as it is.
    const res = withMutableHeaders(await ctx.next());
    apply(res.headers, headers);
    return res;
  };
}
