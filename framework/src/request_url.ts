/**
 * The URL of an incoming request, taken apart safely.
 *
 * `Deno.serve` builds `req.url` by gluing the `Host` header in front of
 * the request target, unchecked. A Host of `a b` makes `new URL()` throw,
 * and one of `127.0.0.1/account/sessions?` turns `/about` into a query, so
 * the route would come from the Host. RFC 9112 §3.2 requires a 400 for a
 * Host that is not a valid field value; once the Host is known to hold no
 * `/`, `?`, `#`, `@` or `\`, the first slash after the authority is where
 * the target begins, and the path can only come from the target.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9112#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-3.2.2
 * @module
 */

// RFC 3986 `host [ ":" port ]`: an IP literal in brackets, or a reg-name
// (which also covers IPv4) of unreserved, sub-delims and %XX escapes.
const HOST_FIELD =
  /^(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::([0-9]*))?$/;

/** Whether `host` is a valid `Host` field value (RFC 9112 §3.2). */
export function isValidHost(host: string): boolean {
  const match = HOST_FIELD.exec(host);
  if (!match) return false;
  const port = match[1];
  return port === undefined || port === "" || Number(port) <= 65535;
}

/**
 * Parses `req.url`, or returns `null` when the request must be refused
 * with a 400: an invalid `Host`, or a URL that does not parse.
 */
export function requestUrl(req: Request): URL | null {
  const host = req.headers.get("host");
  if (host !== null && !isValidHost(host)) return null;
  try {
    return new URL(req.url);
  } catch {
    return null;
  }
}
