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

/** Two hex digits for each byte value: one lookup per byte of a nonce. */
const HEX_BYTES = Array.from(
  { length: 256 },
  (_, byte) => byte.toString(16).padStart(2, "0"),
);

const NONCE_BYTES = 16;
/**
 * Random bytes for the next 256 nonces, drawn from the CSPRNG in one call
 * (each `getRandomValues` is a call into the runtime); every byte goes
 * into one nonce only, and the pool is refilled before any is reused.
 */
const pool = new Uint8Array(NONCE_BYTES * 256);
let poolOffset = pool.length;

/** 128 random bits, hex: a nonce no response shares with another. */
export function createNonce(): string {
  if (poolOffset === pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const end = poolOffset + NONCE_BYTES;
  let hex = "";
  for (let i = poolOffset; i < end; i++) hex += HEX_BYTES[pool[i]];
  poolOffset = end;
  return hex;
}

/** Directive names as sent, by their camel-case key: computed once each. */
const DIRECTIVE_NAMES = new Map<string, string>();

function directiveName(key: string): string {
  let name = DIRECTIVE_NAMES.get(key);
  if (name === undefined) {
    name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    // Keys come from code, not requests, but a policy must not grow memory.
    if (DIRECTIVE_NAMES.size < 256) DIRECTIVE_NAMES.set(key, name);
  }
  return name;
}

/** `{ scriptSrc: ["'self'"] }` → `script-src 'self'`, joined with `; `. */
export function serializeDirectives(
  directives: ContentSecurityPolicyDirectives,
): string {
  let out = "";
  for (const key in directives) {
    if (!Object.hasOwn(directives, key)) continue;
    const value = directives[key as keyof ContentSecurityPolicyDirectives];
    if (value === undefined) continue;
    if (out !== "") out += "; ";
    out += `${directiveName(key)} ${
      Array.isArray(value) ? value.join(" ") : value
    }`;
  }
  return out;
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
