/**
 * File-system routing: turns the manifest's `routes` entries into a route
 * table, and matches request paths against it.
 *
 * Conventions (as in Fresh 1.7): `index` maps to the folder itself,
 * `[name]` captures one segment, `[...name]` captures the rest of the path,
 * `(group)` folders scope layouts and middleware without adding a segment,
 * and `_app`, `_layout`, `_middleware`, `_404` and `_500` are special files.
 *
 * @module
 */
import type { ComponentType } from "preact";
import type {
  Handler,
  Handlers,
  Manifest,
  MiddlewareHandler,
  MiddlewareModule,
  RouteConfig,
  RouteModule,
} from "../types.ts";

type Segment =
  | { kind: "static"; value: string }
  | { kind: "param"; name: string }
  | { kind: "rest"; name: string };

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;
// deno-lint-ignore no-explicit-any
type AnyHandler = Handler<any, any> | Handlers<any, any>;
// deno-lint-ignore no-explicit-any
type AnyMiddleware = MiddlewareHandler<any>;

/** A page route, with everything it needs precomputed at start-up. */
export interface Route {
  /** The manifest key, e.g. `./routes/products/[id].tsx`. */
  id: string;
  /** The URL pattern, e.g. `/products/:id`. */
  pattern: string;
  component?: AnyComponent;
  handler?: AnyHandler;
  config: RouteConfig;
  /** `_layout` components that wrap the page, outermost first. */
  layouts: AnyComponent[];
  /** Middleware that runs before the handler, outermost first. */
  middleware: AnyMiddleware[];
  segments: Segment[];
}

/** A special page (`_404`, `_500`) that may also export a handler. */
export interface SpecialPage {
  component?: AnyComponent;
  handler?: AnyHandler;
  config?: RouteConfig;
  layouts: AnyComponent[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface Folder {
  /** Folder path under `routes/`, groups included, e.g. `(shop)/cart`. */
  dir: string;
  segments: Segment[];
  inGroup: boolean;
}

interface MiddlewareEntry extends Folder {
  handlers: AnyMiddleware[];
}

interface LayoutEntry {
  dir: string;
  component: AnyComponent;
  skipInherited: boolean;
}

const ROUTE_FILE = /^\.\/routes\/(.+)\.(?:tsx|ts|jsx|js|mts|mjs)$/;

/** The route table of one app, built once from the manifest. */
export class Router {
  readonly app?: AnyComponent;
  readonly notFound: SpecialPage;
  readonly error: SpecialPage;
  #routes: Route[];
  #staticRoutes = new Map<string, Route>();
  #middleware: MiddlewareEntry[];

  constructor(manifest: Manifest) {
    const layouts: LayoutEntry[] = [];
    const middleware: MiddlewareEntry[] = [];
    const pages: { folder: Folder; name: string; mod: RouteModule }[] = [];
    let app: AnyComponent | undefined;
    let notFound: RouteModule | undefined;
    let error: RouteModule | undefined;

    for (const [key, mod] of Object.entries(manifest.routes)) {
      const match = ROUTE_FILE.exec(key);
      if (!match) throw new Error(`Unexpected route file name: ${key}`);
      const parts = match[1].split("/");
      const name = parts.pop()!;
      const folder = toFolder(parts);
      if (name === "_middleware") {
        const handler = (mod as MiddlewareModule).handler;
        if (typeof handler !== "function" && !Array.isArray(handler)) {
          throw new Error(`${key} must export a handler function or array`);
        }
        middleware.push({
          ...folder,
          handlers: Array.isArray(handler) ? handler : [handler],
        });
      } else if (name === "_layout") {
        const layout = mod as RouteModule;
        if (!layout.default) throw new Error(`${key} has no default export`);
        layouts.push({
          dir: folder.dir,
          component: layout.default,
          skipInherited: layout.config?.skipInheritedLayouts === true,
        });
      } else if (name === "_app" && folder.dir === "") {
        app = (mod as RouteModule).default;
      } else if (name === "_404" && folder.dir === "") {
        notFound = mod as RouteModule;
      } else if (name === "_500" && folder.dir === "") {
        error = mod as RouteModule;
      } else if (!name.startsWith("_")) {
        pages.push({ folder, name, mod: mod as RouteModule });
      }
    }

    layouts.sort((a, b) => depth(a.dir) - depth(b.dir));
    middleware.sort((a, b) => depth(a.dir) - depth(b.dir));
    this.#middleware = middleware;
    this.app = app;
    const rootLayouts = layoutsFor("", layouts, false);
    this.notFound = {
      component: notFound?.default,
      handler: notFound?.handler,
      config: notFound?.config,
      layouts: rootLayouts,
    };
    this.error = {
      component: error?.default,
      handler: error?.handler,
      config: error?.config,
      layouts: rootLayouts,
    };

    this.#routes = pages.map(({ folder, name, mod }) => {
      const config = mod.config ?? {};
      const segments = config.routeOverride
        ? parsePattern(config.routeOverride)
        : [...folder.segments, ...fileSegment(name)];
      const dir = folder.dir;
      return {
        id: `./routes/${folder.dir ? folder.dir + "/" : ""}${name}`,
        pattern: toPattern(segments),
        component: mod.default,
        handler: mod.handler,
        config,
        layouts: layoutsFor(dir, layouts, config.skipInheritedLayouts),
        middleware: middleware
          .filter((m) => isAncestor(m.dir, dir))
          .flatMap((m) => m.handlers),
        segments,
      };
    });
    this.#routes.sort(compareRoutes);
    for (const route of this.#routes) {
      if (route.segments.every((s) => s.kind === "static")) {
        const path = toPattern(route.segments);
        if (!this.#staticRoutes.has(path)) this.#staticRoutes.set(path, route);
      }
    }
  }

  /** All page routes, in match order. */
  get routes(): readonly Route[] {
    return this.#routes;
  }

  /**
   * Finds the route for `pathname`. Returns `null` when nothing matches, or
   * when the path has malformed percent-encoding (which no route can match).
   */
  match(pathname: string): RouteMatch | null {
    const exact = this.#staticRoutes.get(pathname);
    if (exact) return { route: exact, params: {} };
    const parts = splitPath(pathname);
    if (parts === null) return null;
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return null;
  }

  /**
   * Middleware for a request that matched no page route (a static file, an
   * internal asset or a 404): the ones whose folder covers the path. Group
   * folders only scope their own routes, so their middleware is left out.
   */
  middlewareForPath(pathname: string): AnyMiddleware[] {
    if (this.#middleware.length === 0) return [];
    const parts = splitPath(pathname) ?? [];
    return this.#middleware
      .filter((m) => !m.inGroup && matchPrefix(m.segments, parts))
      .flatMap((m) => m.handlers);
  }
}

function toFolder(parts: string[]): Folder {
  const segments: Segment[] = [];
  let inGroup = false;
  for (const part of parts) {
    if (/^\(.+\)$/.test(part)) inGroup = true;
    else segments.push(...fileSegment(part));
  }
  return { dir: parts.join("/"), segments, inGroup };
}

function fileSegment(name: string): Segment[] {
  if (name === "index") return [];
  const rest = /^\[\.\.\.(\w+)\]$/.exec(name);
  if (rest) return [{ kind: "rest", name: rest[1] }];
  const param = /^\[(\w+)\]$/.exec(name);
  if (param) return [{ kind: "param", name: param[1] }];
  if (/[[\]]/.test(name)) {
    throw new Error(`Unsupported route segment "${name}"`);
  }
  return [{ kind: "static", value: name }];
}

/** Parses a `routeOverride` such as `/blog/:slug` or `/files/:path*`. */
function parsePattern(pattern: string): Segment[] {
  return pattern.split("/").filter(Boolean).map((part): Segment => {
    const rest = /^:(\w+)\*$/.exec(part);
    if (rest) return { kind: "rest", name: rest[1] };
    const param = /^:(\w+)$/.exec(part);
    if (param) return { kind: "param", name: param[1] };
    return { kind: "static", value: part };
  });
}

function toPattern(segments: Segment[]): string {
  return "/" +
    segments.map((s) =>
      s.kind === "static"
        ? s.value
        : s.kind === "param"
        ? `:${s.name}`
        : `:${s.name}*`
    ).join("/");
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}

function isAncestor(dir: string, of: string): boolean {
  return dir === "" || dir === of || of.startsWith(dir + "/");
}

function layoutsFor(
  dir: string,
  layouts: LayoutEntry[],
  skipInherited?: boolean,
): AnyComponent[] {
  // A page that sets skipInheritedLayouts renders with no `_layout` at all,
  // its own folder's included, as in Fresh 1.7 (`layouts = []` there).
  if (skipInherited) return [];
  let chain = layouts.filter((l) => isAncestor(l.dir, dir));
  const cut = chain.findLastIndex((l) => l.skipInherited);
  if (cut > 0) chain = chain.slice(cut);
  return chain.map((l) => l.component);
}

const RANK = { static: 0, param: 1, rest: 2 } as const;

/** Static segments win over params, and params over catch-alls. */
function compareRoutes(a: Route, b: Route): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const sa = a.segments[i], sb = b.segments[i];
    if (!sa || !sb) return sa ? 1 : -1;
    const diff = RANK[sa.kind] - RANK[sb.kind];
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Splits and percent-decodes a path; `null` if the encoding is malformed. */
function splitPath(pathname: string): string[] | null {
  const parts = pathname.split("/").filter((p) => p !== "");
  try {
    return parts.map(decodeURIComponent);
  } catch {
    return null;
  }
}

function matchSegments(
  segments: Segment[],
  parts: string[],
): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === "rest") {
      params[segment.name] = parts.slice(i).join("/");
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (segment.kind === "static") {
      if (segment.value !== part) return null;
    } else {
      params[segment.name] = part;
    }
  }
  return parts.length === segments.length ? params : null;
}

function matchPrefix(segments: Segment[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === "rest") return true;
    if (parts[i] === undefined) return false;
    if (segment.kind === "static" && segment.value !== parts[i]) return false;
  }
  return true;
}
