/**
 * A tiny browser stand-in for route tests: it calls an in-process handler
 * (from `createHandler`) and keeps cookies between requests the way a
 * browser would, including deletions (`Max-Age=0`).
 *
 * @module
 */
import { createHandler, type ServeHandler } from "$fresh/server.ts";
import manifest from "../../fresh.gen.ts";

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
  readonly cookies = new Map<string, string>();
  #handler: ServeHandler;
  #origin: string;

  constructor(handler: ServeHandler, origin = ORIGIN) {
    this.#handler = handler;
    this.#origin = origin;
  }

  /** A client for the real app, in-process. */
  static async forApp(origin = ORIGIN): Promise<Client> {
    return new Client(await appHandlerOnce(), origin);
  }

  /** The `Cookie` header this client sends. */
  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) {
      headers.set("cookie", this.cookieHeader);
    }
    const res = await this.#handler(
      new Request(new URL(path, this.#origin), { ...init, headers }),
    );
    this.#store(res.headers.getSetCookie());
    return res;
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

  #store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) =>
        /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a)
      );
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Text content of the element with `data-testid="id"`, roughly. */
export function testId(html: string, id: string): string | undefined {
  const match = new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}
