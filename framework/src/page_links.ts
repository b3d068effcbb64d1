/**
 * What Fresh 1.7 does to the elements of a page while rendering it:
 *
 * - an `<a>` whose `href` is a local path gets `data-current="true"` and
 *   `aria-current="page"` when it points at the page itself, and
 *   `data-ancestor="true"` with `aria-current="true"` when it points at a
 *   folder above it (`/` is above every page), so navigation can be styled
 *   and announced without each link comparing URLs;
 * - an `<img>` or `<source>` with a local `src` or `srcset` gets the
 *   build's cache-busting query (see `asset()`), unless it has
 *   `data-fresh-disable-lock`.
 *
 * Only while a page renders: the hook is inert for any other
 * `renderToString`, and the page's path is passed in, not global state
 * of a request.
 *
 * @module
 */
import { options, type VNode } from "preact";
import { asset } from "../runtime.ts";

/** The path of the page being rendered, or `null` between renders. */
let pagePath: string | null = null;
let installed = false;

/** Runs `render` with the hook on, for the page at `pathname`. */
export function withPageLinks<T>(pathname: string, render: () => T): T {
  install();
  const previous = pagePath;
  pagePath = pathname;
  try {
    return render();
  } finally {
    pagePath = previous;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const previous = options.vnode;
  options.vnode = (vnode) => {
    if (pagePath !== null && typeof vnode.type === "string") {
      rewrite(vnode as VNode<Record<string, unknown>>, pagePath);
    }
    previous?.(vnode);
  };
}

function rewrite(vnode: VNode<Record<string, unknown>>, path: string): void {
  const props = vnode.props;
  if (vnode.type === "a") {
    if (typeof props.href === "string") markLink(props, props.href, path);
  } else if (vnode.type === "img" || vnode.type === "source") {
    if (props["data-fresh-disable-lock"]) return;
    if (typeof props.src === "string") props.src = asset(props.src);
    if (typeof props.srcset === "string") {
      props.srcset = assetSrcSet(props.srcset);
    }
  }
}

function withoutTrailingSlash(path: string): string {
  return path !== "/" && path.endsWith("/") ? path.slice(0, -1) : path;
}

function markLink(
  props: Record<string, unknown>,
  href: string,
  pagePath: string,
): void {
  if (!href.startsWith("/")) return;
  const path = linkPath(href);
  if (path === undefined) return;
  const target = withoutTrailingSlash(path);
  const current = withoutTrailingSlash(pagePath);
  if (target === current) {
    props["data-current"] = "true";
    props["aria-current"] = "page";
  } else if (target === "/" || current.startsWith(target + "/")) {
    props["data-ancestor"] = "true";
    props["aria-current"] = "true";
  }
}

// Nothing in such a path is changed by the URL parser: no dot segments,
// percent escapes, backslashes, query or fragment, and no second leading
// slash (which would name a host).
const PLAIN_PATH = /^\/(?:[A-Za-z0-9_~-][A-Za-z0-9_~\/-]*)?$/;

/**
 * The path a local `href` (one starting with `/`) points at, as
 * `new URL(href, origin).pathname` gives it, or `undefined` when the URL
 * parser refuses it (`//` names an empty host). Plain paths, which most
 * links are, are returned as they are without parsing a URL for each link.
 */
export function linkPath(href: string): string | undefined {
  return PLAIN_PATH.test(href)
    ? href
    : URL.parse(href, "http://localhost")?.pathname;
}

/**
 * `asset()` on each URL of a `srcset`. A value with syntax this does not
 * parse (`image-set(` style parentheses, empty candidates) stays as it is.
 */
export function assetSrcSet(srcset: string): string {
  if (srcset.includes("(")) return srcset;
  const out: string[] = [];
  for (const candidate of srcset.split(",")) {
    const trimmed = candidate.trimStart();
    if (trimmed === "") return srcset;
    const lead = candidate.slice(0, candidate.length - trimmed.length);
    const end = trimmed.indexOf(" ");
    const url = end === -1 ? trimmed : trimmed.slice(0, end);
    const rest = end === -1 ? "" : trimmed.slice(end);
    out.push(lead + asset(url) + rest);
  }
  return out.join(",");
}
