/**
 * The requests of one in-process flow, for the benches that drive the app
 * through `createHandler` one request at a time (bench/budget.ts,
 * bench/alloc.ts): the sessions each flow needs, made like a visitor's,
 * then the request to measure.
 *
 * @module
 */

/** The Host both in-process benches send, as a local server would see it. */
export const BENCH_HOST = "127.0.0.1:8000";

/**
 * The request as the server would hand it over: a GET, or a url-encoded
 * POST when `form` is given. The stage budget's rules name this function.
 */
export function makeRequest(
  path: string,
  cookie: string | null,
  form?: string,
): Request {
  const headers: Record<string, string> = { host: BENCH_HOST };
  if (cookie) headers.cookie = cookie;
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  return new Request(`http://${BENCH_HOST}${path}`, {
    method: form ? "POST" : "GET",
    headers,
    body: form,
  });
}

/** The flows an in-process bench measures. */
export type InProcessFlow = "read" | "cart" | "anon" | "about";

/** The page each flow measures. */
export function flowPath(flow: InProcessFlow): string {
  return flow === "cart" ? "/cart" : flow === "about" ? "/about" : "/";
}

/** Sends one request to the app and reads its body. */
export type Send = (
  path: string,
  cookie: string | null,
  form?: string,
) => Promise<Response>;

/** A flow ready to run: `warm` requests first, then the measured ones. */
export interface PreparedFlow {
  warm: number;
  /** The `i`-th request of the flow (warm-up ones included). */
  next: (i: number) => Promise<Response>;
}

const PRODUCTS = ["ceramic-mug", "notebook", "desk-plant"];

/**
 * Makes the sessions `flow` needs for `n` measured requests and a warm-up
 * of a fifth of them (at least 200):
 * - `anon`: no cookie, GET / (a public page cache hit);
 * - `about`: no cookie, GET /about (rendered on every request: the bench's
 *   render path);
 * - `read`: one session with a 3-item cart, GET /;
 * - `cart`: one session per request with a pending message, GET /cart
 *   (each cart page consumes one session's flash).
 *
 * @param send How a request reaches the app.
 * @throws when an add is not answered with 303 or sets no cookie.
 */
export async function prepareFlow(
  send: Send,
  flow: InProcessFlow,
  n: number,
): Promise<PreparedFlow> {
  const add = async (cookie: string | null, product: string) => {
    const res = await send(
      "/cart/add",
      cookie,
      `product_id=${product}&quantity=1`,
    );
    if (res.status !== 303) throw new Error(`add answered ${res.status}`);
    return cookie ?? res.headers.getSetCookie()[0]?.split(";")[0] ?? null;
  };
  // As bench/flows.ts makeSession: the adds, then the cart page consuming
  // their messages, so that reading the session changes nothing.
  const session = async (items: number): Promise<string> => {
    let cookie: string | null = null;
    for (let i = 0; i < items; i++) cookie = await add(cookie, PRODUCTS[i]);
    if (!cookie) throw new Error("no session cookie");
    await send("/cart", cookie);
    return cookie;
  };

  const warm = Math.max(200, Math.round(n / 5));
  if (flow === "anon" || flow === "about") {
    const path = flowPath(flow);
    return { warm, next: () => send(path, null) };
  }
  if (flow === "read") {
    const cookie = await session(3);
    return { warm, next: () => send("/", cookie) };
  }
  const cookies: string[] = [];
  for (let i = 0; i < warm + n; i++) {
    const cookie = await session(1);
    await add(cookie, "notebook");
    cookies.push(cookie);
  }
  return { warm, next: (i) => send("/cart", cookies[i]) };
}
