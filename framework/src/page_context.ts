/**
 * The context a page renders in, handed to the renderer as its initial
 * context: `HEAD_CONTEXT` holding the page's head list and, on routes with
 * `config.csp`, `CSP_CONTEXT` holding its policy. Components see both as if
 * Providers wrapped the page, as in Fresh 1.7: `<Head>`, `useCSP` and
 * `useContext` reach them, a nearer Provider still wins, and a
 * `renderToString` of a component's own starts without them.
 *
 * Not Providers: on a server render Preact's Provider is one more component,
 * which builds a Set, a context object and four closures for updates a
 * server render never gets. This relies on two Preact internals, as
 * `islands.ts` relies on the renderer's parent links: a component's context
 * holds each provider under its context's id (`_id`, mangled to `__c`), and
 * `useContext` and `contextType` read the provider's `props.value` and call
 * its `sub()` once per component (to re-render it on a change). The tests in
 * tests/framework/page_contexts_test.tsx fail if either changes.
 *
 * @module
 */
import type { ComponentChildren, Context } from "preact";
import { HEAD_CONTEXT } from "../runtime.ts";
import { type ContentSecurityPolicy, CSP_CONTEXT } from "./csp.ts";

/** What a component's context holds for each Provider above it. */
interface ProvidedValue<T> {
  props: { value: T };
  sub(): void;
}

function contextId<T>(context: Context<T>): string {
  return (context as unknown as { __c: string }).__c;
}

const HEAD_ID = contextId(HEAD_CONTEXT);
const CSP_ID = contextId(CSP_CONTEXT);

// A server render never re-renders a consumer.
function neverUpdates(): void {}

function provided<T>(value: T): ProvidedValue<T> {
  return { props: { value }, sub: neverUpdates };
}

/**
 * The initial context for `renderToString(page, context)`.
 *
 * @param head Receives the children of every `<Head>` in the page.
 * @param csp The page's policy, on routes with `config.csp`.
 */
export function pageContext(
  head: ComponentChildren[],
  csp: ContentSecurityPolicy | undefined,
): Record<string, ProvidedValue<unknown>> {
  const context: Record<string, ProvidedValue<unknown>> = {
    [HEAD_ID]: provided(head),
  };
  if (csp) context[CSP_ID] = provided(csp);
  return context;
}
