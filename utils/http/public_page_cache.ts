/**
 * Serves repeat views of public pages to visitors without cookies from
 * memory, without rendering and without touching KV: with no cookie there
 * is no session, cart, message or login, so such a page is the same bytes
 * for all of them.
 *
 * @module
 */
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import { positiveOption } from "../positive_option.ts";

/** Options of {@linkcode publicPageCache}. All optional. */
export interface PublicPageCacheOptions {
  /** Most pages kept; storing one more evicts the oldest. @default 32 */
  maxEntries?: number;
  /** Seconds a stored page is served before it is rendered again. @default 60 */
  maxAge?: number;
  /** The clock, epoch ms. @default Date.now */
  now?: () => number;
}

/** What a route sets, through {@linkcode markPublicPage}. */
export interface PublicPageState {
  /** This page is the same for every visitor without a cookie. */
  publicPage?: boolean;
}

interface Entry {
  body: string;
  // A plain object: the cheapest form for `new Response()` to take in.
  // Iterating `Headers` has already joined repeated names.
  headers: Record<string, string>;
  expiresAt: number;
  /**
   * With a CSP nonce: the body and the policy cut where the nonce was, to
   * be joined around a fresh one on every hit.
   */
  cut: { body: string[]; policy: string[] } | undefined;
}

const NONCE = /'nonce-([^']+)'/;

/** Two hex digits for each byte value: one lookup per byte of a nonce. */
const HEX_BYTES = Array.from(
  { length: 256 },
  (_, byte) => byte.toString(16).padStart(2, "0"),
);
const NONCE_BYTES = 16;
// Random bytes for the next 256 nonces in one call into the runtime; each
// byte goes into one nonce only. The runtime's own pool is not public API
// (the app also runs on upstream Fresh), hence this one.
const pool = new Uint8Array(NONCE_BYTES * 256);
let poolOffset = pool.length;

/** 128 random bits, hex, like the runtime's own nonces. */
function freshNonce(): string {
  if (poolOffset === pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const end = poolOffset + NONCE_BYTES;
  let hex = "";
  for (let i = poolOffset; i < end; i++) hex += HEX_BYTES[pool[i]];
  poolOffset = end;
  return hex;
}

/**
 * A stored page as a new response. A nonce is only worth anything if no
 * two responses share it, so a page with one gets a new one each time:
 * the old value is 128 random bits, so it occurs nowhere else in the page.
 */
function replay(entry: Entry): Response {
  const cut = entry.cut;
  if (cut === undefined) {
    return new Response(entry.body, { headers: entry.headers });
  }
  const nonce = freshNonce();
  const headers = { ...entry.headers };
  headers["content-security-policy"] = joinAround(cut.policy, nonce);
  return new Response(joinAround(cut.body, nonce), { headers });
}

// Concatenation builds a rope from the stored parts, without scanning the
// page the way `replaceAll` does on every hit, or the copy `join` makes.
function joinAround(parts: string[], nonce: string): string {
  let text = parts[0];
  for (let i = 1; i < parts.length; i++) text += nonce + parts[i];
  return text;
}

/**
 * Declares that the page being rendered is the same for every visitor who
 * sent no cookie, so {@linkcode publicPageCache} may keep it. Call it only
 * when nothing else (query, time, stored data that changes) shapes the page.
 *
 * @param ctx The route's context.
 * @example
 * ```ts
 * GET(_req, ctx) {
 *   markPublicPage(ctx);
 *   return ctx.render(data);
 * }
 * ```
 */
export function markPublicPage(
  ctx: FreshContext<PublicPageState>,
): void {
  ctx.state.publicPage = true;
}

/**
 * Creates the middleware. Put it first in `routes/_middleware.ts`: a hit
 * answers before any other middleware runs, with the headers they added to
 * the stored response.
 *
 * The first response of a route marked with {@linkcode markPublicPage} is
 * kept, with its headers, and served again until `maxAge` passes.
 * Everything else passes through untouched:
 *
 * - any request with a `Cookie` header, or a method other than GET;
 * - a response that is not a 200, or that sets a cookie (the page started
 *   a session after all), or whose route did not mark it.
 *
 * The cache is per process and bounded (`maxEntries`, oldest stored
 * evicted first), and the key is the full URL, so a forged `Host` header
 * can only ever be answered with a page rendered for that same header.
 *
 * @param options Size, age and clock.
 * @example
 * ```ts
 * export const handler = [publicPageCache(), securityHeaders(), session()];
 * ```
 */
export function publicPageCache(
  options: PublicPageCacheOptions = {},
): MiddlewareHandler<PublicPageState> {
  const maxEntries = positiveOption(
    "publicPageCache",
    "maxEntries",
    options.maxEntries ?? 32,
  );
  const maxAgeMs =
    positiveOption("publicPageCache", "maxAge", options.maxAge ?? 60) * 1000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  // Not async: a hit is answered as a plain value, without the promise and
  // the frame an async function adds to every request it handles.
  return function publicPageCache(req, ctx) {
    if (req.method !== "GET" || req.headers.has("cookie")) return ctx.next();
    const url = req.url;
    const hit = entries.get(url);
    if (hit !== undefined && hit.expiresAt > now()) return replay(hit);
    return renderAndKeep(url, ctx);
  };

  async function renderAndKeep(
    url: string,
    ctx: FreshContext<PublicPageState>,
  ): Promise<Response> {
    const res = await ctx.next();
    if (
      ctx.state.publicPage !== true || res.status !== 200 ||
      res.headers.has("set-cookie") || res.body === null
    ) {
      return res;
    }
    const body = await res.text();
    entries.delete(url);
    if (entries.size >= maxEntries) {
      entries.delete(entries.keys().next().value!);
    }
    const policy = res.headers.get("content-security-policy");
    const nonce = policy ? NONCE.exec(policy)?.[1] : undefined;
    entries.set(url, {
      body,
      headers: Object.fromEntries(res.headers),
      expiresAt: now() + maxAgeMs,
      cut: policy && nonce
        ? { body: body.split(nonce), policy: policy.split(nonce) }
        : undefined,
    });
    return new Response(body, { status: 200, headers: res.headers });
  }
}
