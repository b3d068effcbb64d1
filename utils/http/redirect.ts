/**
 * Redirect helpers: POST → 303 → GET, and a guard for user-supplied `next`
 * targets so that they can only point into this site.
 *
 * @module
 */

/** A 303 See Other to `location`, the answer to every successful form. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location } });
}

/**
 * Returns `next` if it is a same-origin path, else `fallback`. Absolute
 * URLs, protocol-relative `//host`, backslash tricks (`/\host`, which
 * browsers read as `//host`), `javascript:` and control characters are all
 * refused.
 *
 * @example
 * ```ts
 * safeNext("/cart?x=1", "/");        // "/cart?x=1"
 * safeNext("//evil.example/", "/"); // "/"
 * ```
 */
export function safeNext(
  next: string | null | undefined,
  fallback: string,
): string {
  if (!next || next.length > 2048) return fallback;
  if (!next.startsWith("/") || next.startsWith("//")) return fallback;
  // Control characters are refused on purpose: browsers drop some of them
  // while parsing, which can turn "/\t/host" into "//host".
  // deno-lint-ignore no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  const base = "http://site.invalid";
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Check the normalised path too: dot segments can turn "/.//host" into
  // "//host", which a browser reads as another site.
  if (url.pathname.startsWith("//")) return fallback;
  return url.pathname + url.search + url.hash;
}
