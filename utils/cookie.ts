/**
 * Pure cookie helpers: string in, string out. They wrap `npm:cookie` and
 * never touch a request context; the session middleware binds them to one.
 *
 * Parsing is tolerant: a `Cookie` header is attacker-controlled, so bad
 * pairs are skipped rather than reported (RFC 6265bis §5.6 asks user agents
 * to ignore malformed pairs; servers should be at least as forgiving).
 *
 * @see https://httpwg.org/http-extensions/draft-ietf-httpbis-rfc6265bis.html#section-5.6
 * @module
 */
import { parseCookie, stringifySetCookie } from "cookie";

/** Attributes of a `Set-Cookie` header, as `npm:cookie` takes them. */
export interface SetCookieInit {
  name: string;
  value: string;
  /** Seconds; omit for a browser-session cookie. */
  maxAge?: number;
  path?: string;
  domain?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: "lax" | "strict" | "none";
}

/**
 * Parses a `Cookie` header into a name→value record, percent-decoding
 * values. When a name repeats, the first occurrence wins (browsers send the
 * most specific path first, RFC 6265bis §5.8.3). The result has no
 * prototype, so a cookie named `__proto__` is just a key.
 *
 * @param header The raw `Cookie` header, or null when absent.
 * @example
 * ```ts
 * getCookies("a=1; b=x%20y"); // { a: "1", b: "x y" }
 * ```
 */
export function getCookies(
  header: string | null | undefined,
): Record<string, string> {
  if (!header) return Object.create(null);
  const cookies = parseCookie(header) as Record<string, string>;
  // "=x" parses as a cookie with an empty name; there is no such cookie.
  delete cookies[""];
  return cookies;
}

/**
 * Returns the raw (not decoded) value of the first cookie called `name`
 * whose value passes `accept`, or `undefined`. Use it for values with a
 * strict shape, such as session tokens: percent escapes are not decoded, so
 * `%41` never aliases `A`.
 *
 * @param header The raw `Cookie` header, or null when absent.
 * @param name The cookie name to look for.
 * @param accept A shape check; occurrences that fail it are skipped.
 * @example
 * ```ts
 * getCookie("sid=bad; sid=good", "sid", (v) => v === "good"); // "good"
 * ```
 */
export function getCookie(
  header: string | null | undefined,
  name: string,
  accept: (value: string) => boolean = () => true,
): string | undefined {
  // A cheap pre-check: most requests carry no cookie of this name at all.
  if (!header || !header.includes(name)) return undefined;
  // npm:cookie skips an occurrence when `decode` returns undefined and tries
  // the next one of the same name; that is exactly "first acceptable".
  const cookies = parseCookie(header, {
    decode: (raw) => (accept(raw) ? raw : undefined),
  });
  return cookies[name];
}

/**
 * Serializes one `Set-Cookie` header value. Throws a TypeError for an
 * invalid name, path or domain: that is a programming error, not input.
 *
 * @param cookie The cookie and its attributes.
 * @example
 * ```ts
 * generateSetCookie({ name: "sid", value: "abc", httpOnly: true, path: "/" });
 * // "sid=abc; Path=/; HttpOnly"
 * ```
 */
export function generateSetCookie(cookie: SetCookieInit): string {
  return stringifySetCookie(cookie);
}

/**
 * Serializes a `Set-Cookie` header value that removes a cookie: empty value
 * and `Max-Age=0`. The other attributes must match the ones the cookie was
 * set with (a `__Host-` cookie needs `Secure` and `Path=/` even to delete).
 *
 * @param name The cookie to remove.
 * @param attributes The attributes it was set with.
 * @example
 * ```ts
 * generateDeleteCookie("sid", { path: "/", httpOnly: true });
 * // "sid=; Max-Age=0; Path=/; HttpOnly"
 * ```
 */
export function generateDeleteCookie(
  name: string,
  attributes: Omit<SetCookieInit, "name" | "value" | "maxAge"> = {},
): string {
  return stringifySetCookie({ ...attributes, name, value: "", maxAge: 0 });
}
