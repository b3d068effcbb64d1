/**
 * The HTTP side of sessions: whether a request is https, the session
 * cookie's name and attributes, and marking a response that depended on
 * the session as private to caches. Pure: strings and headers in and out.
 *
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-cookie-name-prefixes
 * @module
 */
import { generateDeleteCookie, generateSetCookie } from "../cookie.ts";
import type { ResolvedSessionOptions } from "./options.ts";
import type { SessionRecord } from "./record.ts";
import type { SessionToken } from "./token.ts";

/**
 * Whether `request` arrived over https, by the `secure` and `trustProxy`
 * options: what decides `Secure` and the `__Host-` prefix of cookies.
 *
 * @param request The incoming request.
 * @param options `secure` ("auto", true or false) and `trustProxy`.
 * @example
 * ```ts
 * isSecureRequest(req, { secure: "auto", trustProxy: false });
 * ```
 */
export function isSecureRequest(
  request: Request,
  options: Pick<ResolvedSessionOptions, "secure" | "trustProxy">,
): boolean {
  const { secure, trustProxy } = options;
  if (secure !== "auto") return secure;
  if (request.url.startsWith("https:")) return true;
  if (!trustProxy) return false;
  // A chain of proxies appends; the first value is the client-facing one.
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0];
  return proto?.trim().toLowerCase() === "https";
}

/**
 * The session cookie name: the `cookieName` option, or `__Host-sid` on
 * https and `sid` on http.
 *
 * @param options `cookieName`, if set.
 * @param secure Whether the request is https.
 */
export function sessionCookieName(
  options: Pick<ResolvedSessionOptions, "cookieName">,
  secure: boolean,
): string {
  return options.cookieName ?? (secure ? "__Host-sid" : "sid");
}

/** Where a session cookie goes: its name and whether the request is https. */
export interface SessionCookieTarget {
  readonly cookieName: string;
  readonly secure: boolean;
}

// Browsers keep a cookie named with one of these prefixes only with
// Secure, which over plain http they accept from localhost alone.
// https://datatracker.ietf.org/doc/html/draft-ietf-httpbis-rfc6265bis#name-cookie-name-prefixes
const SECURE_PREFIX = /^__(?:Host|Secure)-/i;

function attributes(target: SessionCookieTarget) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: target.secure || SECURE_PREFIX.test(target.cookieName),
  };
}

/**
 * The `Set-Cookie` value that hands `token` to the browser: `Max-Age` until
 * the record expires for a persistent session, none (a browser-session
 * cookie) otherwise.
 *
 * @param target The cookie's name and whether the request is https.
 * @param token The session's token.
 * @param record The record just written.
 * @param now Epoch ms of the write.
 */
export function sessionSetCookie(
  target: SessionCookieTarget,
  token: SessionToken,
  record: SessionRecord,
  now: number,
): string {
  return generateSetCookie({
    name: target.cookieName,
    value: token,
    ...attributes(target),
    maxAge: record.persistent
      ? Math.max(0, Math.ceil((record.expiresAt - now) / 1000))
      : undefined,
  });
}

/**
 * The `Set-Cookie` value that removes the session cookie.
 *
 * @param target The cookie's name and whether the request is https.
 */
export function sessionDeleteCookie(target: SessionCookieTarget): string {
  return generateDeleteCookie(target.cookieName, attributes(target));
}

/**
 * Marks a response as depending on the session: appends `Vary: Cookie`
 * (keeping other Vary values) and makes it `private` for caches, replacing
 * a `public` directive. Returns whether anything changed.
 *
 * @param headers Mutable response headers.
 */
export function markPrivate(headers: Headers): boolean {
  let changed = false;
  const vary = headers.get("vary");
  const varyTokens = vary?.toLowerCase().split(",").map((v) => v.trim()) ??
    [];
  if (!varyTokens.includes("cookie") && !varyTokens.includes("*")) {
    headers.append("vary", "Cookie");
    changed = true;
  }
  const cacheControl = headers.get("cache-control");
  if (cacheControl === null) {
    headers.set("cache-control", "private");
    return true;
  }
  const directives = cacheControl.split(",").map((d) => d.trim()).filter(
    Boolean,
  );
  const names = directives.map((d) => d.split("=")[0].toLowerCase());
  if (names.includes("private") && !names.includes("public")) return changed;
  if (names.includes("no-store") && !names.includes("public")) return changed;
  // `public` would let a shared cache hand one visitor's page to another.
  const kept = directives.filter((_, i) => names[i] !== "public");
  if (!names.includes("private") && !names.includes("no-store")) {
    kept.unshift("private");
  }
  headers.set("cache-control", kept.join(", "));
  return true;
}
