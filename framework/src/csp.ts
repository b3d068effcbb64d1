/**
 * Content-Security-Policy as Fresh 1.7 documents it: a route opts in with
 * `export const config = { csp: true }`; while its page renders, components
 * shape the policy with {@linkcode useCSP}; the runtime then adds a fresh
 * nonce to `script-src`, puts that nonce on the scripts it emits, and
 * sends the policy as the page's `Content-Security-Policy` header.
 *
 * This module is also bundled for the browser (through `runtime.ts`), where
 * {@linkcode useCSP} does nothing, so it imports only Preact.
 *
 * @see https://fresh.deno.dev/docs/examples/using-csp
 * @module
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";

export const SELF = "'self'";
export const UNSAFE_INLINE = "'unsafe-inline'";
export const UNSAFE_EVAL = "'unsafe-eval'";
export const UNSAFE_HASHES = "'unsafe-hashes'";
export const NONE = "'none'";
export const STRICT_DYNAMIC = "'strict-dynamic'";

/** The source expression that allows the scripts carrying `value`. */
export function nonce(value: string): string {
  return `'nonce-${value}'`;
}

/** The policy of one response, mutable while the page renders. */
export interface ContentSecurityPolicy {
  directives: ContentSecurityPolicyDirectives;
  /** Sends `Content-Security-Policy-Report-Only` instead. */
  reportOnly: boolean;
}

/**
 * The directives, in camel case: `scriptSrc` is sent as `script-src`.
 * Lists are joined with spaces; directives go out in the order they were
 * first set.
 */
export interface ContentSecurityPolicyDirectives {
  childSrc?: string[];
  connectSrc?: string[];
  defaultSrc?: string[];
  fontSrc?: string[];
  frameSrc?: string[];
  imgSrc?: string[];
  manifestSrc?: string[];
  mediaSrc?: string[];
  objectSrc?: string[];
  prefetchSrc?: string[];
  scriptSrc?: string[];
  scriptSrcElem?: string[];
  scriptSrcAttr?: string[];
  styleSrc?: string[];
  styleSrcElem?: string[];
  styleSrcAttr?: string[];
  workerSrc?: string[];
  baseUri?: string[];
  sandbox?: string[];
  formAction?: string[];
  frameAncestors?: string[];
  navigateTo?: string[];
  /** Where browsers report violations. */
  reportUri?: string;
}

/** Holds the policy of the page being rendered, on routes with `csp`. */
export const CSP_CONTEXT = createContext<ContentSecurityPolicy | undefined>(
  undefined,
);

/**
 * Lets a component change the policy of the page it renders in. Does
 * nothing on routes without `config.csp`, and in the browser.
 *
 * @example routes/_app.tsx
 * ```tsx
 * useCSP((csp) => {
 *   csp.directives.scriptSrc = [SELF];
 *   csp.directives.styleSrc = [SELF];
 * });
 * ```
 */
export function useCSP(
  mutator: (csp: ContentSecurityPolicy) => void,
): void {
  const csp = useContext(CSP_CONTEXT);
  if (csp) mutator(csp);
}
