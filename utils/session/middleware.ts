/**
 * The Fresh middleware: loads the session before route handlers run, puts
 * it on `ctx.state.session`, and commits it after. It acts on requests
 * routed to a page or handler (`ctx.destination === "route"`); static files
 * and internal assets pass straight through with no KV access.
 *
 * A session started by a request with no live session cookie is
 * provisional and counts against its client address's new-session limit
 * (see `SessionOptions`); past the limit a GET or HEAD is answered without
 * the session, anything else with `onError` (429).
 *
 * Unknown URLs (`"notFound"`) get the session read-only, so that the 404
 * page shows the right header (signed in, cart count): one KV read, and only
 * for a well-formed session cookie. It is never committed: a 404 creates no
 * session, writes nothing (not even an idle-timeout touch), sets no cookie
 * and consumes no pending message. What a 404 page changes is dropped.
 *
 * @example routes/_middleware.ts
 * ```ts
 * import { kv } from "../utils/kv/db.ts";
 * import { session, sessionOptionsFromEnv } from "../utils/session/mod.ts";
 *
 * export const handler = [session({ kv, ...sessionOptionsFromEnv() })];
 * ```
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import {
  isSessionHttpError,
  type SessionHttpError,
  SessionLimitedError,
} from "./errors.ts";
import { runAfterCommit } from "./after_commit.ts";
import { renderSessionError } from "./error_page.ts";
import { markPrivate } from "./http_policy.ts";
import { withMutableHeaders } from "../mutable_headers.ts";
import {
  createSessionManager,
  type SessionManager,
  type SessionManagerOptions,
} from "./manager.ts";
import type { Session } from "./session.ts";

/**
 * The slice of `ctx.state` this middleware provides. An app's own state
 * type extends it (and the slices of its other middleware).
 *
 * @example
 * ```ts
 * interface State extends SessionMiddlewareState { theme?: string }
 * ```
 */
export interface SessionMiddlewareState {
  /** The visitor's session. */
  session: Session;
}

/** Options of {@linkcode session}: storage, session options, error page. */
export interface SessionMiddlewareOptions extends SessionManagerOptions {
  /**
   * Renders the response for a session that cannot be saved (413) or a
   * store that stays busy (503). Escape anything dynamic you include.
   * @default renderSessionError (a small plain HTML page)
   */
  onError?: (
    error: SessionHttpError,
    req: Request,
  ) => Response | Promise<Response>;
  /**
   * The client's address, which the `newSessionsPerMinute` limit counts
   * by. Override it behind a proxy you trust to report the client.
   * @default the connection's peer, `ctx.remoteAddr.hostname`
   */
  clientAddress?: (req: Request, ctx: SessionContext) => string | undefined;
}

/** The part of the Fresh context this middleware uses. */
export type SessionContext<
  S extends SessionMiddlewareState = SessionMiddlewareState,
> =
  & Pick<FreshContext<S>, "destination" | "state" | "next">
  & Partial<Pick<FreshContext<S>, "remoteAddr">>;

function peerAddress(_req: Request, ctx: SessionContext): string | undefined {
  return ctx.remoteAddr?.hostname;
}

/**
 * Creates the session middleware. Options are validated here, at startup.
 *
 * @param options `kv` (or `store`) plus any session options.
 * @example
 * ```ts
 * export const handler = [session({ kv, idleTimeout: 60 * 60 })];
 * ```
 */
export function session<
  S extends SessionMiddlewareState = SessionMiddlewareState,
>(
  options: SessionMiddlewareOptions,
): MiddlewareHandler<S> {
  const manager = createSessionManager(options);
  const onError = options.onError ?? renderSessionError;
  const clientAddress = options.clientAddress ?? peerAddress;

  async function readOnly(
    req: Request,
    ctx: SessionContext<S>,
  ): Promise<Response> {
    let current;
    try {
      current = await manager.loadSession(req);
    } catch (error) {
      if (!isSessionHttpError(error)) throw error;
      // A busy store must not turn a 404 into a 503: show it anonymous.
      current = await anonymous(manager, req);
    }
    ctx.state.session = current;
    const res = withMutableHeaders(await ctx.next());
    // The page depended on the cookie: keep shared caches out.
    if (current.accessed) markPrivate(res.headers);
    return res;
  }

  return async function session(
    req: Request,
    ctx: SessionContext<S>,
  ): Promise<Response> {
    if (ctx.destination === "notFound") return await readOnly(req, ctx);
    if (ctx.destination !== "route") return ctx.next();
    try {
      const current = await manager.loadSession(req, {
        clientAddress: clientAddress(req, ctx as SessionContext),
      });
      ctx.state.session = current;
      const res = withMutableHeaders(await ctx.next());
      try {
        await manager.commitSession(current, res.headers);
      } catch (error) {
        if (error instanceof SessionLimitedError && isSafe(req)) {
          // Past the new-session limit a page is still served, without
          // the session it would have started (nothing was written).
          markPrivate(res.headers);
          return res;
        }
        await res.body?.cancel();
        throw error;
      }
      return runAfterCommit(current, res);
    } catch (error) {
      if (isSessionHttpError(error)) return await onError(error, req);
      throw error;
    }
  };
}

/** An anonymous session for `req`, loaded without its cookie: no KV read. */
function anonymous(manager: SessionManager, req: Request) {
  const headers = new Headers(req.headers);
  headers.delete("cookie");
  return manager.loadSession(new Request(req.url, { headers }));
}

function isSafe(req: Request): boolean {
  return req.method === "GET" || req.method === "HEAD";
}
