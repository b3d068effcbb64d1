/**
 * The public types of the runtime, named and shaped as in Fresh 1.7 so that
 * app code type-checks against either implementation.
 *
 * @module
 */
import type { ComponentChildren, ComponentType, VNode } from "preact";

/** Where a request is headed once routing has run. */
export type Destination = "internal" | "static" | "route" | "notFound";

/** The HTTP methods a `Handlers` object may define. */
export type KnownMethod =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "DELETE"
  | "OPTIONS"
  | "PATCH";

/** Options for `ctx.render()`: a subset of `ResponseInit`. */
export interface RenderOptions {
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

/** What the server knows about the connection a request arrived on. */
export interface ServeHandlerInfo {
  remoteAddr: Deno.NetAddr;
  completed?: Promise<void>;
}

/**
 * The context handed to handlers, middleware and route components.
 *
 * @template State The shape of `ctx.state`, filled in by middleware.
 * @template Data The data a handler passes to `ctx.render()`.
 */
export interface FreshContext<
  State = Record<string, unknown>,
  // deno-lint-ignore no-explicit-any
  Data = any,
  NotFoundData = Data,
> {
  req: Request;
  url: URL;
  /** Path parameters of the matched route, for example `{ id: "42" }`. */
  params: Record<string, string>;
  /** Per-request state shared between middleware, handlers and pages. */
  state: State;
  data: Data;
  /** The route pattern that matched, such as `/products/:id`. */
  route: string;
  /** Alias of `route`, kept for Fresh 1.7 compatibility. */
  pattern: string;
  destination: Destination;
  remoteAddr: Deno.NetAddr;
  basePath: string;
  isPartial: boolean;
  /** Set on the `_500` page: the value that was thrown. */
  error?: unknown;
  codeFrame?: unknown;
  config: ResolvedFreshConfig;
  Component: ComponentType<Record<never, never>>;
  /** Calls the next middleware, or the route handler after the last one. */
  next(): Promise<Response>;
  /** Renders the route's page component with `data`. */
  render(data?: Data, options?: RenderOptions): Response | Promise<Response>;
  /** Renders the `_404` page with status 404. */
  renderNotFound(data?: NotFoundData): Response | Promise<Response>;
}

/** Fresh 1.7 names for the same context. */
export type HandlerContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = FreshContext<State, Data>;
export type MiddlewareHandlerContext<State = Record<string, unknown>> =
  FreshContext<State>;
export type RouteContext<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = FreshContext<State, Data>;

/** Props that every page, layout and `_app` component receives. */
export interface PageProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> {
  url: URL;
  route: string;
  params: Record<string, string>;
  data: Data;
  state: State;
  /** The next component in the chain: the layout or page being wrapped. */
  Component: ComponentType<Record<never, never>>;
  /** Set on the `_500` page. */
  error?: unknown;
  codeFrame?: unknown;
  isPartial: boolean;
}
export type AppProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = PageProps<Data, State>;
export type LayoutProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = PageProps<Data, State>;
export type UnknownPageProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = PageProps<Data, State>;
export type ErrorPageProps<
  // deno-lint-ignore no-explicit-any
  Data = any,
  State = Record<string, unknown>,
> = PageProps<Data, State>;

// deno-lint-ignore no-explicit-any
export type Handler<T = any, State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State, T>,
) => Response | Promise<Response>;

// deno-lint-ignore no-explicit-any
export type Handlers<T = any, State = Record<string, unknown>> = {
  [K in KnownMethod]?: Handler<T, State>;
};

export type MiddlewareHandler<State = Record<string, unknown>> = (
  req: Request,
  ctx: FreshContext<State>,
) => Response | Promise<Response>;

/** Per-route options, exported from a route module as `config`. */
export interface RouteConfig {
  /** Replaces the pattern derived from the file path. */
  routeOverride?: string;
  /**
   * Renders the page with a Content-Security-Policy that its components
   * shape with `useCSP` (from `$fresh/runtime.ts`), and a fresh nonce on
   * the runtime's scripts. @default false
   */
  csp?: boolean;
  /**
   * On a page: renders it without any `_layout`, its own folder's included.
   * On a `_layout`: drops only the layouts above that one.
   */
  skipInheritedLayouts?: boolean;
  /** Renders the page without `_app`. */
  skipAppWrapper?: boolean;
}

/** The shape of a module under `routes/`. */
export interface RouteModule {
  // deno-lint-ignore no-explicit-any
  default?: ComponentType<PageProps<any, any>>;
  // deno-lint-ignore no-explicit-any
  handler?: Handler<any, any> | Handlers<any, any>;
  config?: RouteConfig;
}

/** The shape of a `_middleware.ts` module. */
export interface MiddlewareModule {
  // deno-lint-ignore no-explicit-any
  handler: MiddlewareHandler<any> | MiddlewareHandler<any>[];
}

/** The shape of a module under `islands/`. */
export interface IslandModule {
  // deno-lint-ignore no-explicit-any
  [exportName: string]: ComponentType<any> | unknown;
}

/** What `dev.ts` writes to `fresh.gen.ts`. */
export interface Manifest {
  routes: Record<string, RouteModule | MiddlewareModule>;
  islands: Record<string, IslandModule>;
  /** `import.meta.url` of `fresh.gen.ts`: the project root. */
  baseUrl: string;
}

/** Options for the HTTP listener, passed through to `Deno.serve`. */
export interface ServerOptions {
  /** @default 8000, or the `PORT` environment variable */
  port?: number;
  /** @default "0.0.0.0" (all interfaces), or the `HOST` environment variable */
  hostname?: string;
  signal?: AbortSignal;
  onListen?: (addr: Deno.NetAddr) => void;
}

/** The object `fresh.config.ts` exports. */
export interface FreshConfig {
  /** Listener options. `PORT` in the environment overrides the default port. */
  server?: ServerOptions;
  build?: {
    /** Where `deno task build` writes. @default "<root>/_fresh" */
    outDir?: string;
    /** Accepted for Fresh 1.7 compatibility. */
    target?: string | string[];
  };
  router?: {
    /** Keeps trailing slashes instead of redirecting. @default false */
    trailingSlash?: boolean;
    /** Serves the app under a path prefix. @default "" */
    basePath?: string;
  };
  /** Accepted for Fresh 1.7 compatibility; plugins are not supported. */
  plugins?: unknown[];
  /** Deprecated Fresh 1.x listener fields, still honoured. */
  port?: number;
  hostname?: string;
  onListen?: (addr: Deno.NetAddr) => void;
}

/** `FreshConfig` with every default filled in. */
export interface ResolvedFreshConfig {
  dev: boolean;
  root: string;
  staticDir: string;
  build: { outDir: string; target: string | string[] };
  router: { trailingSlash: boolean; basePath: string };
  server: ServerOptions;
  basePath: string;
}

/** Anything Preact can render as children. */
export type Children = ComponentChildren;
export type { VNode };
