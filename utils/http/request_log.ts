/**
 * The request log: one JSON line per request with `LOG_FORMAT=json`, and
 * one line per error thrown by a handler in either format, never the raw
 * path or the session token.
 *
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";
import type { Session } from "../session/session.ts";
import { jsonLine } from "../json_log.ts";
import type { LogFormat } from "../log_format.ts";
import { nameRequestSpan } from "../tracing.ts";

/**
 * The runtime's mark for an error the app has already logged: set to
 * `true` on the error object, it stops a second log line.
 */
export const ERROR_LOGGED: unique symbol = Symbol.for("framework.errorLogged");

/** Options of {@linkcode requestLog}. */
export interface RequestLogOptions {
  /** @default "text" (errors only) */
  format?: LogFormat;
  /** Where request lines go. @default console.log */
  write?: (line: string) => void;
  /** Where error lines go. @default console.error */
  writeError?: (line: string) => void;
}

/** What a request line holds. */
export interface RequestLine {
  time: string;
  level: "info" | "error";
  msg: "request";
  /** The OpenTelemetry trace id with tracing on, else a random UUID. */
  id: string;
  method: string;
  /** The route pattern; `null` for static files, bundles and 404s. */
  route: string | null;
  status: number;
  duration_ms: number;
  /** `Session.logHash`, or `null` without a stored session. */
  session: string | null;
}

type LogState = { session?: Session };

/**
 * Creates the request-log middleware. With `LOG_FORMAT=json`, one JSON line
 * per request on standard output: its id, method, route pattern
 * (`/products/:id`, never the raw path with its ids and query), status,
 * duration, and a short salted hash of the session (never the token). With
 * the default `LOG_FORMAT=text`, requests are not logged.
 *
 * In both formats an error thrown by a handler is logged here, once, with
 * the request's id, and marked so that the runtime does not log it again
 * before rendering `_500` (see {@linkcode ERROR_LOGGED}).
 *
 * Put it after `health()`, whose probes are not worth a line each.
 */
export function requestLog(options: RequestLogOptions = {}) {
  const json = (options.format ?? "text") === "json";
  const write = options.write ?? ((line) => console.log(line));
  const writeError = options.writeError ?? ((line) => console.error(line));

  function logError(
    error: unknown,
    req: Request,
    ctx: FreshContext<LogState>,
    id: string,
  ): void {
    writeError(
      json
        ? jsonLine("error", "unhandled error", {
          id,
          method: req.method,
          route: ctx.route || null,
          error: describe(error),
        })
        : `Error while handling ${req.method} ${
          ctx.route || ctx.url.pathname
        } (request ${id}): ${describe(error)}`,
    );
    markLogged(error);
  }

  if (!json) {
    // No line per request: the id is drawn only for an error. Not async:
    // the error is caught on the promise `ctx.next()` returns, without
    // another promise and frame around every request.
    return function requestLog(
      req: Request,
      ctx: FreshContext<LogState>,
    ): Promise<Response> {
      const traceId = nameRequestSpan(req.method, ctx.route);
      return ctx.next().catch((error) => {
        logError(error, req, ctx, requestId(traceId));
        throw error;
      });
    };
  }

  return async function requestLog(
    req: Request,
    ctx: FreshContext<LogState>,
  ): Promise<Response> {
    const started = performance.now();
    const traceId = nameRequestSpan(req.method, ctx.route);
    const id = requestId(traceId);
    const line = (status: number): string =>
      jsonLine(
        status >= 500 ? "error" : "info",
        "request",
        {
          id,
          method: req.method,
          route: ctx.route || null,
          status,
          duration_ms: Math.round((performance.now() - started) * 10) / 10,
          session: ctx.state.session?.logHash ?? null,
        } satisfies Omit<RequestLine, "time" | "level" | "msg">,
      );
    let res: Response;
    try {
      res = await ctx.next();
    } catch (error) {
      logError(error, req, ctx, id);
      write(line(500));
      throw error;
    }
    write(line(res.status));
    return res;
  };
}

function requestId(traceId: string | undefined): string {
  return traceId ?? crypto.randomUUID();
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? String(error);
  return String(error);
}

function markLogged(error: unknown): void {
  if (typeof error === "object" && error !== null) {
    try {
      (error as Record<symbol, unknown>)[ERROR_LOGGED] = true;
    } catch {
      // A frozen object: logged twice, still not lost.
    }
  }
}
