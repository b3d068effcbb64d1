/**
 * Renders a page: `_app` around the layouts around the page component, then
 * moves `<Head>` content into `<head>` and, when the page has islands, adds
 * their serialized props and the boot script.
 *
 * The page ships no JavaScript at all unless an island was rendered.
 *
 * @module
 */
import {
  type ComponentChildren,
  type ComponentType,
  Fragment,
  h,
  type VNode,
} from "preact";
import { renderToString } from "preact-render-to-string";
import { serialize } from "./serializer/encode.ts";
import { type ContentSecurityPolicy, nonce } from "./csp.ts";
import { pageContext } from "./page_context.ts";
import type { PageProps } from "../types.ts";
import { collectIslands, type IslandCollector } from "./islands.ts";
import { withPageLinks } from "./page_links.ts";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

/** Where the browser finds the client bundles. */
export interface ClientScripts {
  /** URL prefix of the bundles, e.g. `/_frsh/js/<BUILD_ID>/`. */
  baseUrl: string;
  /** Path of the boot module under `baseUrl`. */
  bootPath: string;
  buildId: string;
}

export interface PageParts {
  app?: AnyComponent;
  layouts: AnyComponent[];
  page?: AnyComponent;
  props: Omit<PageProps, "Component">;
}

/** What the browser's boot script reads from `#__FRSH_STATE`. */
export interface BootMeta {
  base: string;
  buildId: string;
  /** Per island instance: its bundle path and export name. */
  islands: [string, string][];
}

const DEFAULT_HEAD =
  '<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>';

function Nothing(): null {
  return null;
}

/** The policy of a page rendered with `config.csp`, and its nonce. */
export interface PagePolicy {
  csp: ContentSecurityPolicy;
  nonce: string;
}

/**
 * Renders the full HTML document for a page. With `policy`, components may
 * change it through `useCSP` while rendering; afterwards its nonce is added
 * to `script-src` and to every script the page gets from the runtime.
 *
 * @throws when the page contains islands but no client bundle is available.
 */
export function renderPage(
  parts: PageParts,
  scripts: ClientScripts | null,
  policy?: PagePolicy,
): string {
  const props = parts.props;
  let inner: AnyComponent = parts.page
    ? wrap(parts.page, props, Nothing)
    : Nothing;
  for (let i = parts.layouts.length - 1; i >= 0; i--) {
    inner = wrap(parts.layouts[i], props, inner);
  }
  const head: ComponentChildren[] = [];
  const tree = parts.app
    ? h(parts.app, { ...props, Component: inner })
    : h(inner, null);
  const collector: IslandCollector = { islands: [], slots: new Map() };
  const context = pageContext(head, policy?.csp);
  const body = withPageLinks(
    props.url.pathname,
    () => collectIslands(collector, () => renderToString(tree, context)),
  );
  let headHtml = head.length > 0 ? renderToString(h(Fragment, null, head)) : "";
  let tail = "";
  let nonceAttr = "";
  if (policy) {
    const directives = policy.csp.directives;
    directives.scriptSrc = [
      ...directives.scriptSrc ?? [],
      nonce(policy.nonce),
    ];
    nonceAttr = ` nonce="${policy.nonce}"`;
  }
  if (collector.islands.length > 0) {
    if (!scripts) {
      throw new Error(
        "This page renders an island, but no client bundle was built. Run `deno task build`.",
      );
    }
    const modules = new Set(collector.islands.map((i) => i.island.modulePath));
    const meta: BootMeta = {
      base: scripts.baseUrl,
      buildId: scripts.buildId,
      islands: collector.islands.map((
        { island },
      ) => [island.modulePath, island.exportName]),
    };
    const state = serialize(
      [meta, collector.islands.map((i) => i.props)],
      { encodeVNode: (vnode) => slotId(collector, vnode) },
    );
    const boot = scripts.baseUrl + scripts.bootPath;
    headHtml += `<link rel="modulepreload" href="${boot}"/>`;
    for (const path of modules) {
      headHtml +=
        `<link rel="modulepreload" href="${scripts.baseUrl}${path}"/>`;
    }
    tail =
      `<script id="__FRSH_STATE" type="application/json"${nonceAttr}>${state}</script>` +
      `<script type="module" src="${boot}"${nonceAttr}></script>`;
  }
  return assemble(body, headHtml, tail);
}

function wrap(
  component: AnyComponent,
  props: Omit<PageProps, "Component">,
  inner: AnyComponent,
): AnyComponent {
  // An arrow function on purpose: it has no `prototype`. The renderer reads
  // `type.prototype` of every component to tell classes from functions, and
  // on a fresh `function` closure that read makes V8 create a prototype
  // object. The arrow made GET /about serve 1.46–1.49× more requests per
  // second (A/B runs of the whole app).
  const Wrapped = () => h(component, { ...props, Component: inner });
  return Wrapped;
}

function slotId(collector: IslandCollector, vnode: VNode): number {
  const id = collector.slots.get(vnode);
  if (id === undefined) {
    throw new TypeError(
      "JSX can be passed to an island only as a top-level prop, such as children",
    );
  }
  return id;
}

function assemble(body: string, head: string, tail: string): string {
  const headEnd = body.indexOf("</head>");
  if (headEnd === -1) {
    return `<!DOCTYPE html><html><head>${DEFAULT_HEAD}${head}</head><body>${body}${tail}</body></html>`;
  }
  let before = body.slice(0, headEnd);
  // A page's <Head><title> replaces the layout's default title: browsers use
  // the first <title>, so both together would hide the page's own.
  if (head.includes("<title")) before = withoutFirstTitle(before);
  if (tail === "") {
    return "<!DOCTYPE html>" + before + head + body.slice(headEnd);
  }
  const bodyEnd = body.lastIndexOf("</body>");
  if (bodyEnd === -1) {
    return "<!DOCTYPE html>" + before + head + body.slice(headEnd) + tail;
  }
  return "<!DOCTYPE html>" + before + head + body.slice(headEnd, bodyEnd) +
    tail + body.slice(bodyEnd);
}

/** `html` without its first `<title>…</title>` element, if it has one. */
function withoutFirstTitle(html: string): string {
  let start = html.indexOf("<title");
  // Skip look-alikes such as <titlebar>: the name must end there.
  while (start !== -1 && !/[\s>]/.test(html[start + 6] ?? "")) {
    start = html.indexOf("<title", start + 6);
  }
  if (start === -1) return html;
  const end = html.indexOf("</title>", start);
  if (end === -1) return html;
  return html.slice(0, start) + html.slice(end + "</title>".length);
}
