/**
 * The request pipeline of one app: trailing-slash redirect, destination,
 * middleware chain, then the route handler, a static file, a client bundle
 * or the 404 page; any throw becomes the 404 or 500 page.
 *
 * @module
 */
import type {
  FreshConfig,
  Handler,
  Handlers,
  KnownMethod,
  Manifest,
  ResolvedFreshConfig,
  ServeHandlerInfo,
} from "../types.ts";
import { bundleClient, BundleServer, loadBundle } from "./client_bundle.ts";
import { resolveConfig } from "./config.ts";
import { Context, type ContextSetup, type PageTarget } from "./context.ts";
import { registerIslands } from "./islands.ts";
import { stripBodyForHead } from "./head.ts";
import { requestUrl } from "./request_url.ts";
import { type Route, Router, type SpecialPage } from "./router.ts";
import { StaticFiles } from "./static_files.ts";

/** The function `createHandler` resolves to. */
export type ServeHandler = (
  req: Request,
  info?: ServeHandlerInfo,
) => Promise<Response>;

const KNOWN_METHODS: KnownMethod[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
];

const FALLBACK_500 =
  "<!DOCTYPE html><title>500 Internal Server Error</title><h1>500 Internal Server Error</h1><p>Something went wrong on our side.</p>";

const LOCAL_ADDR: Deno.NetAddr = {
  transport: "tcp",
  hostname: "127.0.0.1",
  port: 0,
};

/** Builds the request handler for `manifest`: the body of `createHandler`. */
export async function createApp(
  manifest: Manifest,
  config?: FreshConfig,
): Promise<ServeHandler> {
  const resolved = resolveConfig(manifest.baseUrl, config);
  const router = new Router(manifest);
  const islands = registerIslands(manifest);
  const [staticFiles, bundle] = await Promise.all([
    StaticFiles.load(resolved.staticDir),
    prepareBundle(Object.keys(manifest.islands), resolved),
  ]);
  const bundles = bundle ? new BundleServer(bundle, resolved.basePath) : null;
  for (const island of islands) {
    const modulePath = bundle?.islands[island.file.replace(/^\.\//, "")];
    if (!modulePath) throw new Error(`No client bundle for ${island.file}`);
    island.modulePath = modulePath;
  }
  const app = new AppRuntime(resolved, router, staticFiles, bundles);
  return (req, info) => app.handle(req, info);
}

async function prepareBundle(
  islandFiles: string[],
  config: ResolvedFreshConfig,
) {
  if (!config.dev) {
    const built = await loadBundle(config.build.outDir, islandFiles);
    if (built) return built;
    if (Deno.env.get("DENO_DEPLOYMENT_ID")) {
      throw new Error(
        `No ahead-of-time build in ${config.build.outDir}. Deno Deploy cannot bundle at start-up (no subprocesses, read-only disk): run \`deno task build\` before deploying and ship _fresh/.`,
      );
    }
  }
  if (islandFiles.length === 0) return null;
  return await bundleClient(config.root, islandFiles);
}

class AppRuntime {
  #config: ResolvedFreshConfig;
  #router: Router;
  #static: StaticFiles;
  #bundles: BundleServer | null;
  #notFoundPage: PageTarget;
  #errorPage: PageTarget;

  constructor(
    config: ResolvedFreshConfig,
    router: Router,
    staticFiles: StaticFiles,
    bundles: BundleServer | null,
  ) {
    this.#config = config;
    this.#router = router;
    this.#static = staticFiles;
    this.#bundles = bundles;
    this.#notFoundPage = specialTarget(router, router.notFound, 404);
    this.#errorPage = specialTarget(router, router.error, 500);
  }

  async handle(req: Request, info?: ServeHandlerInfo): Promise<Response> {
    const url = requestUrl(req);
    if (!url) return badRequest();
    const basePath = this.#config.basePath;
    let path = url.pathname;
    if (basePath) {
      if (path !== basePath && !path.startsWith(basePath + "/")) {
        return new Response("Not Found", { status: 404 });
      }
      path = path.slice(basePath.length) || "/";
    }
    if (
      !this.#config.router.trailingSlash && path.length > 1 &&
      path.endsWith("/")
    ) {
      return trailingSlashRedirect(basePath, path, url.search);
    }

    const method = req.method;
    const setup: ContextSetup = {
      req,
      url,
      params: {},
      route: "",
      destination: "notFound",
      remoteAddr: info?.remoteAddr ?? LOCAL_ADDR,
      config: this.#config,
      middleware: [],
      final: (c) => this.#renderNotFound(c),
      page: this.#notFoundPage,
      notFoundPage: this.#notFoundPage,
      scripts: this.#bundles?.scripts ?? null,
    };
    if (path.startsWith("/_frsh/")) {
      setup.destination = "internal";
      setup.final = () => this.#serveInternal(req, url);
      setup.middleware = this.#router.middlewareForPath(path);
    } else if (
      (method === "GET" || method === "HEAD") && this.#static.has(path)
    ) {
      setup.destination = "static";
      setup.final = () => this.#static.serve(req, url, path);
      setup.middleware = this.#router.middlewareForPath(path);
    } else {
      const match = this.#router.match(path);
      if (match) {
        const route = match.route;
        setup.destination = "route";
        setup.params = match.params;
        setup.route = route.pattern;
        setup.middleware = route.middleware;
        setup.page = {
          app: route.config.skipAppWrapper ? undefined : this.#router.app,
          layouts: route.layouts,
          page: route.component,
          status: 200,
          csp: route.config.csp === true,
        };
        setup.final = (c) => dispatch(route, c);
      } else {
        setup.middleware = this.#router.middlewareForPath(path);
      }
    }
    const ctx = new Context(setup);

    try {
      // RFC 9110 §9.3.2: a HEAD response has no content. Stripping here also
      // covers the 405 and internal 404 answers, not only route handlers, so
      // in-process callers of createHandler see what Deno.serve would send.
      return stripBodyForHead(req, await ctx.next());
    } catch (error) {
      return await this.#handleError(error, ctx);
    }
  }

  #serveInternal(req: Request, url: URL): Response {
    if (this.#bundles) return this.#bundles.serve(req, url);
    return new Response("Not Found", { status: 404 });
  }

  async #renderNotFound(ctx: Context): Promise<Response> {
    const handler = this.#router.notFound.handler;
    const fn = typeof handler === "function"
      ? handler
      : handler?.[ctx.req.method as KnownMethod] ?? handler?.GET;
    const response = fn ? await fn(ctx.req, ctx) : ctx.renderNotFound();
    return stripBodyForHead(ctx.req, response);
  }

  /**
   * The `_404` page for a thrown `Deno.errors.NotFound`, else the `_500`
   * page: through the `handler` `_500` exports, as in Fresh 1.7, when it
   * has one (its `ctx.render()` draws the page and `ctx.error` holds the
   * error), so that the app can decorate the response (headers) that its
   * middleware, already unwound by the throw, cannot.
   */
  async #handleError(error: unknown, ctx: Context): Promise<Response> {
    if (error instanceof Deno.errors.NotFound) {
      try {
        return stripBodyForHead(ctx.req, ctx.renderNotFound());
      } catch (renderError) {
        error = renderError;
      }
    }
    if (!isLogged(error)) {
      console.error(
        `Error while handling ${ctx.req.method} ${ctx.url.pathname}:`,
        error,
      );
    }
    try {
      ctx.error = error;
      const handler = this.#router.error.handler;
      const fn = typeof handler === "function"
        ? handler
        : handler?.[ctx.req.method as KnownMethod] ?? handler?.GET;
      ctx.usePage(this.#errorPage);
      const response = fn
        ? await fn(ctx.req, ctx)
        : ctx.renderTarget(this.#errorPage);
      return stripBodyForHead(ctx.req, response);
    } catch (renderError) {
      console.error("The _500 page failed to render:", renderError);
      return new Response(FALLBACK_500, {
        status: 500,
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
  }
}

/**
 * Our extension: middleware that logs an error itself (with a request id,
 * say) sets this symbol to `true` on it, and the runtime renders `_500`
 * without a second log line.
 */
const ERROR_LOGGED = Symbol.for("framework.errorLogged");

function isLogged(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as Record<symbol, unknown>)[ERROR_LOGGED] === true;
}

function specialTarget(
  router: Router,
  page: SpecialPage,
  status: number,
): PageTarget {
  return {
    app: router.app,
    layouts: page.layouts,
    page: page.component ?? (status === 404 ? DefaultNotFound : DefaultError),
    status,
    csp: page.config?.csp === true,
  };
}

function DefaultNotFound() {
  return "404 - Page not found";
}

function DefaultError() {
  return "500 - Internal Server Error";
}

/** Calls the route's handler for the request's method, or renders. */
async function dispatch(route: Route, ctx: Context): Promise<Response> {
  const method = ctx.req.method;
  const handler = route.handler;
  if (typeof handler === "function") {
    return stripBodyForHead(ctx.req, await handler(ctx.req, ctx));
  }
  const fn = methodHandler(route, handler, method as KnownMethod);
  if (!fn) {
    return new Response("Method Not Allowed", {
      status: 405,
      headers: { allow: allowedMethods(route, handler).join(", ") },
    });
  }
  return stripBodyForHead(ctx.req, await fn(ctx.req, ctx));
}

function methodHandler(
  route: Route,
  // deno-lint-ignore no-explicit-any
  handlers: Handlers<any, any> | undefined,
  method: KnownMethod,
  // deno-lint-ignore no-explicit-any
): Handler<any, any> | undefined {
  const own = handlers?.[method];
  if (own) return own;
  if (method === "HEAD") return methodHandler(route, handlers, "GET");
  if (method === "GET" && route.component) return renderPageHandler;
  return undefined;
}

const renderPageHandler: Handler = (_req, ctx) => ctx.render();

function allowedMethods(
  route: Route,
  // deno-lint-ignore no-explicit-any
  handlers: Handlers<any, any> | undefined,
): KnownMethod[] {
  return KNOWN_METHODS.filter((m) =>
    methodHandler(route, handlers, m) !== undefined
  );
}

function badRequest(): Response {
  return new Response("Bad Request", {
    status: 400,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

function trailingSlashRedirect(
  basePath: string,
  path: string,
  search: string,
): Response {
  // Collapse leading slashes too: "//evil.example/" must not become a
  // protocol-relative redirect to another host.
  const trimmed = "/" + path.replace(/^\/+/, "").replace(/\/+$/, "");
  return new Response(null, {
    status: 307,
    headers: { location: basePath + trimmed + search },
  });
}
