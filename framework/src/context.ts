/**
 * The per-request `FreshContext`: routing results, state, and the `next`,
 * `render` and `renderNotFound` operations.
 *
 * @module
 */
import type { ComponentType } from "preact";
import type {
  Destination,
  FreshContext,
  MiddlewareHandler,
  RenderOptions,
  ResolvedFreshConfig,
} from "../types.ts";
import { createNonce, cspHeader, defaultCsp } from "./csp_header.ts";
import type { ClientScripts, PageParts, PagePolicy } from "./render.ts";
import { renderPage } from "./render.ts";

// deno-lint-ignore no-explicit-any
type AnyComponent = ComponentType<any>;

/** The page `ctx.render()` draws and its default status. */
export interface PageTarget {
  app?: AnyComponent;
  layouts: AnyComponent[];
  page?: AnyComponent;
  status: number;
  /** The route's `config.csp`: render with a policy and a nonce. */
  csp: boolean;
}

/** What the app runtime hands each context. */
export interface ContextSetup {
  req: Request;
  url: URL;
  params: Record<string, string>;
  route: string;
  destination: Destination;
  remoteAddr: Deno.NetAddr;
  config: ResolvedFreshConfig;
  // deno-lint-ignore no-explicit-any
  middleware: MiddlewareHandler<any>[];
  /** Runs after the last middleware: the route handler, a file, a 404. */
  // deno-lint-ignore no-explicit-any
  final: (ctx: Context<any>) => Response | Promise<Response>;
  page: PageTarget;
  notFoundPage: PageTarget;
  scripts: ClientScripts | null;
}

// Copied by each Response: a shared init object, not a shared Headers.
const HTML_HEADERS = { "content-type": "text/html; charset=utf-8" } as const;

function Empty(): null {
  return null;
}

// deno-lint-ignore no-explicit-any
export class Context<State = Record<string, unknown>, Data = any>
  implements FreshContext<State, Data> {
  readonly req: Request;
  readonly url: URL;
  params: Record<string, string>;
  state: State = {} as State;
  data: Data = undefined as Data;
  route: string;
  destination: Destination;
  remoteAddr: Deno.NetAddr;
  readonly basePath: string;
  readonly isPartial = false;
  error?: unknown;
  codeFrame?: unknown;
  readonly config: ResolvedFreshConfig;
  Component: ComponentType<Record<never, never>> = Empty;
  #setup: ContextSetup;
  #nextIndex = 0;

  constructor(setup: ContextSetup) {
    this.#setup = setup;
    this.req = setup.req;
    this.url = setup.url;
    this.params = setup.params;
    this.route = setup.route;
    this.destination = setup.destination;
    this.remoteAddr = setup.remoteAddr;
    this.config = setup.config;
    this.basePath = setup.config.basePath;
  }

  get pattern(): string {
    return this.route;
  }

  // Not async: an async function adds its own promise and frame at every
  // middleware level of every request.
  next(): Promise<Response> {
    const index = this.#nextIndex++;
    const middleware = this.#setup.middleware[index];
    // Everything runs inside the `try`: a caller's `.catch()` must see what
    // the answer throws, and so must what copying a response throws (a
    // `Response.error()`, a body already read).
    try {
      // As in Fresh 1.7 the chain is used up as it runs: past its end there
      // is nothing left, so a second call never runs the handler again.
      if (!middleware && index > this.#setup.middleware.length) {
        throw new Error(
          "ctx.next() was called after the route handler ran: call it once per middleware",
        );
      }
      const answer = middleware
        ? middleware(this.req, this as FreshContext<State>)
        : this.#setup.final(this);
      if (answer instanceof Promise) return answer.then(withMutableHeaders);
      if (answer instanceof Response) {
        return Promise.resolve(withMutableHeaders(answer));
      }
      // Anything else is awaited, as an async next() would: a thenable too.
      return Promise.resolve(answer).then(withMutableHeaders);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  render(data?: Data, options?: RenderOptions): Response {
    return this.renderTarget(this.#setup.page, data, options);
  }

  /**
   * Points `render()` at `target` for the rest of the request: the runtime
   * uses it before calling the `_500` page's handler, whose `ctx.render()`
   * draws the error page.
   * @internal
   */
  usePage(target: PageTarget): void {
    this.#setup.page = target;
  }

  renderNotFound(data?: Data): Response {
    return this.renderTarget(this.#setup.notFoundPage, data);
  }

  /** Renders `target`; used for the route's page, `_404` and `_500`. */
  renderTarget(target: PageTarget, data?: Data, options?: RenderOptions) {
    this.data = data as Data;
    const parts: PageParts = {
      app: target.app,
      layouts: target.layouts,
      page: target.page,
      props: {
        url: this.url,
        route: this.route,
        params: this.params,
        data: this.data,
        state: this.state as Record<string, unknown>,
        error: this.error,
        codeFrame: this.codeFrame,
        isPartial: false,
      },
    };
    const policy: PagePolicy | undefined = target.csp
      ? { csp: defaultCsp(), nonce: createNonce() }
      : undefined;
    const html = renderPage(parts, this.#setup.scripts, policy);
    const init = {
      status: options?.status ?? target.status,
      statusText: options?.statusText,
    };
    let response: Response;
    if (options?.headers) {
      const headers = new Headers(options.headers);
      if (!headers.has("content-type")) {
        headers.set("content-type", HTML_HEADERS["content-type"]);
      }
      if (policy) headers.set(...cspHeader(policy.csp));
      response = new Response(html, { ...init, headers });
    } else {
      // Made with more headers than its content type, a Response has Deno
      // convert it for the server at once, body included, and that copy is
      // dropped the moment middleware touches `headers`, as it does on
      // every page. Made with the content type alone it is converted once,
      // when served; the policy then goes before the content type, where
      // the sorted `Headers` this replaced put it, so the header block on
      // the wire stays the same.
      response = new Response(html, { ...init, headers: HTML_HEADERS });
      if (policy) {
        const headers = response.headers;
        headers.delete("content-type");
        headers.set(...cspHeader(policy.csp));
        headers.set("content-type", HTML_HEADERS["content-type"]);
      }
    }
    return response;
  }
}

/**
 * Redirects and other responses already probed (or copied): each middleware
 * level sees the response again, and headers never turn immutable, so one
 * probe suffices.
 */
const mutable = new WeakSet<Response>();

/**
 * `Response.redirect()` and fetched responses have immutable headers, yet
 * middleware expects to add headers after `await ctx.next()`. Such a
 * response is copied once; the body stream moves over without a read. (A
 * `Response.error()` cannot be: the `Response` constructor refuses its
 * status 0.) Any other response made with `new Response()` (type
 * "default", not a redirect) is mutable by construction, and touching its
 * headers here would build a `Headers` object that the server then has to
 * convert back, so it is not probed; nor remembered, as a WeakSet entry
 * costs more than the two reads that tell it apart.
 */
function withMutableHeaders(response: Response): Response {
  if (response?.type === "default" && !REDIRECTS.has(response.status)) {
    return response;
  }
  if (!(response instanceof Response)) {
    // A middleware that forgot `return`: name the mistake, not our internals.
    throw new TypeError(
      `A middleware or handler answered with ${
        response === null ? "null" : typeof response
      }, not a Response: return ctx.next(), ctx.render() or a Response`,
    );
  }
  if (mutable.has(response)) return response;
  try {
    response.headers.append("x-frsh-probe", "1");
    response.headers.delete("x-frsh-probe");
  } catch {
    response = new Response(response.body, response);
  }
  mutable.add(response);
  return response;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
