/**
 * The header a page's policy becomes, and its nonce: the same bytes as the
 * plain definition (camel case to kebab case, sources joined with spaces,
 * directives with `; ` in the order they were set), for any policy.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import fc from "fast-check";
import {
  createNonce,
  cspHeader,
  serializeDirectives,
} from "../../framework/src/csp_header.ts";
import type { ContentSecurityPolicyDirectives } from "../../framework/src/csp.ts";

/** The definition, written the slow and obvious way. */
function reference(directives: Record<string, unknown>): string {
  return Object.entries(directives)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) =>
      `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${
        Array.isArray(value) ? value.join(" ") : value
      }`
    )
    .join("; ");
}

const KEYS = [
  "defaultSrc",
  "scriptSrc",
  "styleSrc",
  "imgSrc",
  "frameAncestors",
  "baseUri",
  "formAction",
  "reportUri",
  "scriptSrcElem",
  "upgradeInsecureRequests",
];

Deno.test("serializeDirectives gives the definition's bytes for any policy", () => {
  const source = fc.constantFrom(
    "'self'",
    "'none'",
    "data:",
    "https://a.example",
    "'nonce-abc'",
  );
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.constantFrom(...KEYS), { maxLength: KEYS.length }),
      fc.array(
        fc.option(fc.array(source, { maxLength: 4 }), { nil: undefined }),
        {
          minLength: KEYS.length,
          maxLength: KEYS.length,
        },
      ),
      (keys, values) => {
        const directives: Record<string, unknown> = {};
        keys.forEach((key, i) => {
          directives[key] = key === "reportUri" ? "/csp-report" : values[i];
        });
        strictEqual(
          serializeDirectives(directives as ContentSecurityPolicyDirectives),
          reference(directives),
        );
      },
    ),
  );
});

Deno.test("serializeDirectives skips inherited keys, as Object.entries does", () => {
  const directives = Object.create({ objectSrc: ["'none'"] });
  directives.defaultSrc = ["'self'"];
  strictEqual(serializeDirectives(directives), "default-src 'self'");
});

Deno.test("cspHeader names the report-only header when asked", () => {
  deepStrictEqual(
    cspHeader({ directives: { defaultSrc: ["'none'"] }, reportOnly: true }),
    ["content-security-policy-report-only", "default-src 'none'"],
  );
});

Deno.test("createNonce: 32 lowercase hex digits, every byte value reachable, never repeated", () => {
  const seen = new Set<string>();
  const pairs = new Set<string>();
  for (let i = 0; i < 4000; i++) {
    const nonce = createNonce();
    ok(/^[0-9a-f]{32}$/.test(nonce), nonce);
    ok(!seen.has(nonce), nonce);
    seen.add(nonce);
    for (let j = 0; j < 32; j += 2) pairs.add(nonce.slice(j, j + 2));
  }
  // 64,000 random bytes miss one of the 256 values with odds of about 1e-106.
  strictEqual(pairs.size, 256);
});
