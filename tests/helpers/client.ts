/**
 * A tiny browser stand-in for route tests: it calls an in-process handler
 * (from `createHandler`), keeps cookies in a {@linkcode CookieJar} the way
 * a browser would, and posts forms.
 *
 * @module
 */
import { createHandler, type ServeHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";
import { CookieJar, jarFetch } from "./cookie_jar.ts";

/** The app's handler, created once per test module. */
let appHandler: Promise<ServeHandler> | undefined;
export function appHandlerOnce(): Promise<ServeHandler> {
  appHandler ??= createHandler(manifest, {
    build: { outDir: "/nonexistent/_fresh" },
  });
  return appHandler;
}

export const ORIGIN = "http://localhost";

/** One visitor: a cookie jar plus helpers for GET and form POSTs. */
export class Client {
  readonly jar = new CookieJar();
  #origin: string;
  #fetch: (path: string, init?: RequestInit) => Promise<Response>;

  constructor(handler: ServeHandler, origin = ORIGIN) {
    this.#origin = origin;
    this.#fetch = jarFetch(handler, this.jar, { origin });
  }

  /** A client for the real app, in-process. */
  static async forApp(origin = ORIGIN): Promise<Client> {
    return new Client(await appHandlerOnce(), origin);
  }

  /** The `Cookie` header this client sends ("" when it has none). */
  get cookieHeader(): string {
    return this.jar.header() ?? "";
  }

  /** Sends a request with this client's cookies and keeps the answer's. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    return this.#fetch(path, init);
  }

  /** GET `path`; the body is read and returned as text. */
  async get(
    path: string,
    headers?: HeadersInit,
  ): Promise<{ res: Response; html: string }> {
    const res = await this.fetch(path, { headers });
    return { res, html: await res.text() };
  }

  /** POSTs `fields` as a URL-encoded form, like a browser form submit. */
  async post(
    path: string,
    fields: Record<string, string> = {},
    headers?: HeadersInit,
  ): Promise<Response> {
    const res = await this.fetch(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: this.#origin,
        ...Object.fromEntries(new Headers(headers)),
      },
    });
    await res.body?.cancel();
    return res;
  }

  /** Follows one redirect (`Location`) with a GET. */
  follow(res: Response): Promise<{ res: Response; html: string }> {
    const location = res.headers.get("location");
    if (!location) throw new Error(`Not a redirect: ${res.status}`);
    return this.get(location);
  }
}

/** Text content of the element with `data-testid="id"`, roughly. */
export function testId(html: string, id: string): string | undefined {
  const match = new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}
