/**
 * Health endpoints for load balancers and orchestrators, answered before
 * any other middleware: no session, no cookie, no security headers to
 * compute, and no request log line (they are polled every few seconds).
 *
 * - `GET /healthz` (liveness): the process answers. Touches no KV, so a
 *   database outage never gets a healthy process restarted.
 * - `GET /readyz` (readiness): one KV read. 503 with `Retry-After` when
 *   KV fails or does not answer in time, so traffic goes elsewhere.
 *
 * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
 * @module
 */
import type { FreshContext } from "$fresh/server.ts";

/** Options of {@linkcode health}. */
export interface HealthOptions {
  /** The KV handle `/readyz` reads from. */
  kv: Deno.Kv;
  /** Milliseconds `/readyz` waits for its read. @default 2000 */
  timeout?: number;
  /** Seconds in the `Retry-After` of a 503. @default 5 */
  retryAfter?: number;
}

/** The paths {@linkcode health} answers. */
export const HEALTH_PATHS = ["/healthz", "/readyz"] as const;

// Any key will do: reading a missing one still round-trips to the store.
const PROBE_KEY = ["health", "probe"];

const TEXT = {
  "content-type": "text/plain; charset=utf-8",
  "cache-control": "no-store",
} as const;

/**
 * Middleware answering `/healthz` and `/readyz`; put it first.
 *
 * @example
 * ```ts
 * export const handler = [health({ kv }), session({ store })];
 * ```
 */
export function health(options: HealthOptions) {
  const { kv } = options;
  const timeout = options.timeout ?? 2000;
  const retryAfter = String(options.retryAfter ?? 5);

  // Not async: every other request passes through with the promise
  // `ctx.next()` returns, not one more wrapped around it.
  return function health(
    req: Request,
    ctx: FreshContext,
  ): Response | Promise<Response> {
    const path = ctx.url.pathname;
    if (path !== "/healthz" && path !== "/readyz") return ctx.next();
    if (req.method !== "GET" && req.method !== "HEAD") {
      return new Response("Method Not Allowed\n", {
        status: 405,
        headers: { ...TEXT, allow: "GET, HEAD" },
      });
    }
    if (path === "/healthz") return new Response("ok\n", { headers: TEXT });
    return readiness(kv, timeout, retryAfter);
  };
}

async function readiness(
  kv: Deno.Kv,
  timeout: number,
  retryAfter: string,
): Promise<Response> {
  if (await kvAnswers(kv, timeout)) {
    return new Response("ready\n", { headers: TEXT });
  }
  return new Response("KV unavailable\n", {
    status: 503,
    headers: { ...TEXT, "retry-after": retryAfter },
  });
}

async function kvAnswers(kv: Deno.Kv, timeout: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeout);
  });
  try {
    return await Promise.race([kv.get(PROBE_KEY).then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
