/**
 * Test helpers for the messages layer: an in-process app running the real
 * session middleware and the real messages middleware on a real
 * `Deno.openKv(":memory:")`, a client that carries cookies between
 * requests like a browser, and a way to load a bare session without HTTP.
 *
 * @module
 */
import { createHandler, type Manifest } from "$fresh/server.ts";
import type { FreshContext, MiddlewareHandler } from "$fresh/server.ts";
import {
  createSessionManager,
  type Session,
  type SessionManager,
  silentLogger,
} from "../../../utils/session/mod.ts";
import { session } from "../../../utils/session/mod.ts";
import { messages, type MessagesOptions } from "../../../utils/messages/mod.ts";
import app from "../../../fresh.gen.ts";
import { CookieJar, jarFetch } from "../../helpers/cookie_jar.ts";
import { routes } from "./_routes.tsx";

/** A controllable clock in epoch ms. */
export function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

/** What the recorder middleware saw for each request. */
export interface Seen {
  path: string;
  destination: string;
  /** Whether ctx.state.messages was set when the response came back. */
  hadMessages: boolean;
}

/** An in-process app plus the log of what its outer middleware saw. */
export interface TestApp {
  handler: (req: Request) => Promise<Response>;
  seen: Seen[];
  kv: Deno.Kv;
  close(): void;
}

/**
 * Builds an app from `routes` (keyed as in fresh.gen.ts) with a recorder,
 * `session()` and `messages(options)` as its root middleware. It is rooted
 * at the project (its static/ folder, its islands and their build), because
 * `_app` renders the FlashMessages island, and Fresh renders a component
 * with state hooks only if it is registered as an island.
 */
export async function createTestApp(
  routes: Manifest["routes"],
  options: MessagesOptions = {},
): Promise<TestApp> {
  const kv = await Deno.openKv(":memory:");
  const seen: Seen[] = [];
  const recorder: MiddlewareHandler = async (req, ctx: FreshContext) => {
    const res = await ctx.next();
    seen.push({
      path: new URL(req.url).pathname,
      destination: ctx.destination,
      hadMessages: ctx.state.messages !== undefined,
    });
    return res;
  };
  const handler = await createHandler({
    routes: {
      "./routes/_middleware.ts": {
        handler: [
          recorder,
          session({ kv, logger: silentLogger }),
          messages({ logger: silentLogger, ...options }),
        ],
      },
      ...routes,
    },
    islands: app.islands,
    baseUrl: app.baseUrl,
  });
  return { handler: (req) => handler(req), seen, kv, close: () => kv.close() };
}

/**
 * A browser-like client: keeps the cookies each response sets and sends
 * them back, and follows no redirects by itself.
 */
export class Client {
  readonly jar = new CookieJar();
  #fetch: (path: string, init?: RequestInit) => Promise<Response>;

  constructor(app: TestApp) {
    this.#fetch = jarFetch(app.handler, this.jar);
  }

  /** The cookie header the client would send. */
  get cookieHeader(): string {
    return this.jar.header() ?? "";
  }

  /** Sends a request and stores the cookies of the answer. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return this.#fetch(path, init);
  }

  /** Sends a request and reads the whole body. */
  async text(
    path: string,
    init?: RequestInit,
  ): Promise<{ res: Response; body: string }> {
    const res = await this.fetch(path, init);
    return { res, body: await res.text() };
  }

  /**
   * Follows redirects like a browser (as GET), up to 10, and returns the
   * final response with its body.
   */
  async follow(
    path: string,
    init?: RequestInit,
  ): Promise<{ res: Response; body: string; path: string }> {
    let res = await this.fetch(path, init);
    let current = path;
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      await res.body?.cancel();
      current = res.headers.get("location")!;
      res = await this.fetch(current);
    }
    return { res, body: await res.text(), path: current };
  }
}

/** A banner as found in server-rendered HTML. */
export interface Banner {
  id: string;
  className: string;
  /** The role of the live region the banner is in: "status" or "alert". */
  role: string;
  text: string;
}

/**
 * Extracts the FlashMessages banners from a page's HTML. Banners sit in
 * two live regions, the polite one (`role="status"`) first, then the
 * assertive one (`role="alert"`); a banner's role is its region's.
 */
export function banners(html: string): Banner[] {
  const out: Banner[] = [];
  const regions = [
    ...html.matchAll(
      /<div class="flash-region" role="([^"]*)" aria-live="[^"]*" data-flash-region="[^"]*">/g,
    ),
  ].map((m) => ({ at: m.index, role: m[1] }));
  const re =
    /<div class="([^"]*)" data-flash-id="([^"]*)">.*?<p class="flash__text">(.*?)<\/p>/gs;
  for (const m of html.matchAll(re)) {
    const region = regions.filter((r) => r.at < m.index).at(-1);
    out.push({
      className: m[1],
      role: region?.role ?? "",
      id: m[2],
      text: m[3],
    });
  }
  return out;
}

/** The texts of the banners in a page. */
export function bannerTexts(html: string): string[] {
  return banners(html).map((b) => b.text);
}

/** A session manager on `kv`, for storage tests without HTTP. */
export function sessionManager(
  kv: Deno.Kv,
  now?: () => number,
): SessionManager {
  return createSessionManager({ kv, logger: silentLogger, now });
}

/**
 * Loads the session `cookie` names (or a new one), runs `fn`, commits it,
 * and returns the cookie header for the next round.
 */
export async function withSession(
  manager: SessionManager,
  cookie: string,
  fn: (session: Session) => void | Promise<void>,
): Promise<string> {
  const req = new Request("http://localhost/", {
    headers: cookie ? { cookie } : {},
  });
  const s = await manager.loadSession(req);
  await fn(s);
  const headers = new Headers();
  await manager.commitSession(s, headers);
  const set = headers.getSetCookie()[0];
  if (!set) return cookie;
  return set.split(";")[0];
}

/**
 * Runs `fn` against a fresh app built from the shared test routes
 * (`_routes.tsx`) and a client for it, closing the app's KV afterwards.
 */
export async function withApp(
  fn: (app: TestApp, client: Client) => Promise<void>,
): Promise<void> {
  const app = await createTestApp(routes);
  try {
    await fn(app, new Client(app));
  } finally {
    app.close();
  }
}

/** The texts still pending in the client's session (route `/peek`). */
export async function pending(client: Client): Promise<string[]> {
  return await (await client.fetch("/peek")).json();
}
