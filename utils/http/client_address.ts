/**
 * The client's address, for rate limits. By default it is the peer of the
 * TCP connection; `X-Forwarded-For` is believed only when the app is told
 * it sits behind a proxy that sets it, since any client can send the
 * header to pose as a fresh address on every request.
 *
 * @see https://developer.mozilla.org/docs/Web/HTTP/Headers/X-Forwarded-For#security_and_privacy_concerns
 * @module
 */

/** Options of {@linkcode clientAddress}. */
export interface ClientAddressOptions {
  /**
   * Use the last `X-Forwarded-For` entry: the address the proxy in front
   * of the app saw. Only enable behind such a proxy.
   * @default false
   */
  trustForwardedFor?: boolean;
}

// IPv4, IPv6 (optionally with a zone), nothing else: the value becomes part
// of a KV key.
const ADDRESS_RE = /^[0-9A-Fa-f.:]{2,45}(?:%[0-9A-Za-z_.-]{1,16})?$/;

/**
 * The client address of a request.
 *
 * @param req The request.
 * @param remoteAddr The connection's peer (`ctx.remoteAddr`).
 * @param options Whether to trust `X-Forwarded-For`.
 * @example
 * ```ts
 * clientAddress(req, ctx.remoteAddr); // "203.0.113.9"
 * ```
 */
export function clientAddress(
  req: Request,
  remoteAddr: Deno.Addr,
  options: ClientAddressOptions = {},
): string {
  if (options.trustForwardedFor) {
    const forwarded = req.headers.get("x-forwarded-for")?.split(",").at(-1)
      ?.trim();
    if (forwarded && ADDRESS_RE.test(forwarded)) return forwarded;
  }
  return "hostname" in remoteAddr ? remoteAddr.hostname : "unknown";
}
