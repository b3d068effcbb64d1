/**
 * A small cookie jar for in-process tests: it keeps what `Set-Cookie`
 * headers set, honours deletion (`Max-Age=0` or an `Expires` in the past),
 * and sends the cookies back on the next request. One jar is one browser;
 * two jars are two devices.
 *
 * It models a single site: `Domain` and `Path` are recorded but not used to
 * choose cookies, and every cookie goes on every request.
 *
 * @example
 * ```ts
 * const handler = await createHandler(manifest);
 * const jar = new CookieJar();
 * const send = jarFetch(handler, jar);
 * await send("/login", { method: "POST", body: form });
 * jar.get("sid"); // the session cookie, if one was set
 * ```
 * @module
 */

/** A stored cookie. */
export interface JarCookie {
  name: string;
  value: string;
  /** Epoch ms, or undefined for a browser-session cookie. */
  expires?: number;
  path?: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: string;
}

/** One parsed `Set-Cookie` header, deletion included. */
export interface SetCookie extends JarCookie {
  /** Whether the header deletes the cookie (`Max-Age<=0`, past `Expires`). */
  deletes: boolean;
}

/**
 * Parses one `Set-Cookie` header value. Returns null when it has no
 * `name=value` pair.
 *
 * @param header The header value.
 * @param now The clock, epoch ms.
 */
export function parseSetCookie(
  header: string,
  now: number = Date.now(),
): SetCookie | null {
  const [pair, ...attributes] = header.split(";");
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  const cookie: SetCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    httpOnly: false,
    secure: false,
    deletes: false,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawName, ...rest] = attribute.split("=");
    const name = rawName.trim().toLowerCase();
    const value = rest.join("=").trim();
    if (name === "max-age" && /^-?\d+$/.test(value)) maxAge = Number(value);
    else if (name === "expires") {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) cookie.expires = time;
    } else if (name === "path") cookie.path = value;
    else if (name === "httponly") cookie.httpOnly = true;
    else if (name === "secure") cookie.secure = true;
    else if (name === "samesite") cookie.sameSite = value;
  }
  // Max-Age wins over Expires (RFC 6265 §5.3 step 3).
  if (maxAge !== undefined) cookie.expires = now + maxAge * 1000;
  cookie.deletes = cookie.expires !== undefined && cookie.expires <= now;
  return cookie;
}

/** The cookies of one simulated browser. */
export class CookieJar {
  #cookies = new Map<string, JarCookie>();
  #now: () => number;

  /** @param now The clock, epoch ms; inject one to test expiry. */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /**
   * Applies every `Set-Cookie` of `res`. Returns the parsed headers, so a
   * test can also assert what the server asked for.
   */
  update(res: Response): SetCookie[] {
    const now = this.#now();
    const parsed = res.headers.getSetCookie()
      .map((header) => parseSetCookie(header, now))
      .filter((cookie): cookie is SetCookie => cookie !== null);
    for (const { deletes, ...cookie } of parsed) {
      if (deletes) this.#cookies.delete(cookie.name);
      else this.#cookies.set(cookie.name, cookie);
    }
    return parsed;
  }

  /** The live cookie named `name`. */
  cookie(name: string): JarCookie | undefined {
    this.#dropExpired();
    return this.#cookies.get(name);
  }

  /** The value of the live cookie `name`. */
  get(name: string): string | undefined {
    return this.cookie(name)?.value;
  }

  /** Sets a cookie by hand, e.g. to replay an old session cookie. */
  set(name: string, value: string): void {
    this.#cookies.set(name, {
      name,
      value,
      httpOnly: false,
      secure: false,
    });
  }

  /** Removes a cookie. */
  delete(name: string): void {
    this.#cookies.delete(name);
  }

  /** Names of the live cookies. */
  names(): string[] {
    this.#dropExpired();
    return [...this.#cookies.keys()];
  }

  /** The `Cookie` request header, or undefined when the jar is empty. */
  header(): string | undefined {
    this.#dropExpired();
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies.values()]
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join("; ");
  }

  /** An independent copy: the same cookies, in a second "browser". */
  clone(): CookieJar {
    const copy = new CookieJar(this.#now);
    for (const cookie of this.#cookies.values()) {
      copy.#cookies.set(cookie.name, { ...cookie });
    }
    return copy;
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [name, cookie] of this.#cookies) {
      if (cookie.expires !== undefined && cookie.expires <= now) {
        this.#cookies.delete(name);
      }
    }
  }
}

/** A handler as `createHandler` returns it. */
export type RequestHandler = (
  req: Request,
  info?: { remoteAddr: Deno.NetAddr },
) => Promise<Response>;

/** Options of {@linkcode jarFetch}. */
export interface JarFetchOptions {
  /** Origin of the requests. @default "http://localhost" */
  origin?: string;
  /** Client address passed as `info.remoteAddr`. @default "127.0.0.1" */
  address?: string;
}

/**
 * A `fetch`-like function that sends the jar's cookies to `handler` and
 * stores the response's. Redirects are not followed.
 *
 * @param handler From `createHandler`.
 * @param jar The browser's cookies.
 * @param options Origin and client address.
 */
export function jarFetch(
  handler: RequestHandler,
  jar: CookieJar,
  options: JarFetchOptions = {},
): (path: string, init?: RequestInit) => Promise<Response> {
  const origin = options.origin ?? "http://localhost";
  const remoteAddr: Deno.NetAddr = {
    transport: "tcp",
    hostname: options.address ?? "127.0.0.1",
    port: 40000,
  };
  return async (path, init = {}) => {
    const headers = new Headers(init.headers);
    const cookie = jar.header();
    if (cookie !== undefined && !headers.has("cookie")) {
      headers.set("cookie", cookie);
    }
    const res = await handler(
      new Request(new URL(path, origin), { ...init, headers }),
      { remoteAddr },
    );
    jar.update(res);
    return res;
  };
}
