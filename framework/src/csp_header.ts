/**
 * The server side of `config.csp`: the policy a page starts from, its
 * nonce, and the header it becomes.
 *
 * @module
 */
import {
  type ContentSecurityPolicy,
  type ContentSecurityPolicyDirectives,
  NONE,
  UNSAFE_INLINE,
} from "./csp.ts";

/**
 * Where a page with `config.csp` starts, before its components call
 * `useCSP`: Fresh 1.7's default, `default-src 'none'; style-src
 * 'unsafe-inline'`, so a page that never calls `useCSP` behaves the same
 * on both runtimes.
 */
export function defaultCsp(): ContentSecurityPolicy {
  return {
    directives: { defaultSrc: [NONE], styleSrc: [UNSAFE_INLINE] },
    reportOnly: false,
  };
}

/** 128 random bits, hex: a nonce no response shares with another. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** `{ scriptSrc: ["'self'"] }` → `script-src 'self'`, joined with `; `. */
export function serializeDirectives(
  directives: ContentSecurityPolicyDirectives,
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(directives)) {
    if (value === undefined) continue;
    const key = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    parts.push(`${key} ${Array.isArray(value) ? value.join(" ") : value}`);
  }
  return parts.join("; ");
}

/** The header name and value for `csp`. */
export function cspHeader(csp: ContentSecurityPolicy): [string, string] {
  return [
    csp.reportOnly
      ? "content-security-policy-report-only"
      : "content-security-policy",
    serializeDirectives(csp.directives),
  ];
}
