/**
 * A shopper over real HTTP: a cookie jar, redirects left unfollowed (so a
 * 303 is seen as the acknowledgement it is), and a record of every status
 * and every flash banner (by its `data-flash-id`) it was shown.
 *
 * @module
 */
import { CookieJar, jarFetch } from "../helpers/cookie_jar.ts";

/** A flash banner as rendered: its id and text. */
export interface Banner {
  id: string;
  text: string;
}

/** The banners of a page, in order. */
export function banners(html: string): Banner[] {
  return [
    ...html.matchAll(
      /data-flash-id="([^"]+)"[\s\S]*?<p class="flash__text">([^<]*)<\/p>/g,
    ),
  ].map((m) => ({ id: m[1], text: m[2] }));
}

/** Quantities per product on the cart page. */
export function cartLines(html: string): Map<string, number> {
  const lines = new Map<string, number>();
  for (const m of html.matchAll(/id="qty-([a-z0-9-]+)"[^>]*?value="(\d+)"/g)) {
    lines.set(m[1], Number(m[2]));
  }
  return lines;
}

/** What a leaked stack trace or error name looks like in a page. */
export const STACK_TRACE =
  /(?:file|ext|node):\/*[^\s"]*:\d+:\d+|\b(?:Type|Reference|Range)Error\b|database is locked/;

/** Tallies shared by many clients. */
export class Tally {
  /** Responses by status. */
  readonly statuses = new Map<number, number>();
  /** 503 answers without a usable Retry-After. */
  unavailableWithoutRetryAfter = 0;
  /** Requests that got no response at all. */
  networkErrors = 0;
  /** Retry-After values of 429 answers. */
  readonly throttled: number[] = [];
  /** Responses whose body looked like a stack trace. */
  stackTraces = 0;

  count(status: number): number {
    return this.statuses.get(status) ?? 0;
  }

  get total(): number {
    let n = 0;
    for (const c of this.statuses.values()) n += c;
    return n;
  }

  /** `{200: 10, 303: 5}` style summary. */
  summary(): Record<number, number> {
    return Object.fromEntries([...this.statuses].sort((a, b) => a[0] - b[0]));
  }
}

/** One browser talking to `origin` over HTTP. */
export class ShopClient {
  readonly jar = new CookieJar();
  readonly origin: string;
  readonly tally: Tally;
  /** How many times each banner id was shown. */
  readonly shown = new Map<string, { text: string; times: number }>();
  #send: (path: string, init?: RequestInit) => Promise<Response>;

  constructor(origin: string, tally = new Tally()) {
    this.origin = origin;
    this.tally = tally;
    this.#send = jarFetch(
      (req) => fetch(req, { redirect: "manual" }),
      this.jar,
      { origin },
    );
  }

  /** Sends a request; the body is read (HTML) or dropped. */
  async request(
    path: string,
    init: RequestInit = {},
  ): Promise<{ res: Response; html: string }> {
    let res: Response;
    try {
      res = await this.#send(path, init);
    } catch (error) {
      this.tally.networkErrors++;
      throw error;
    }
    const html = await res.text();
    const t = this.tally;
    t.statuses.set(res.status, t.count(res.status) + 1);
    if (res.status === 503) {
      const retryAfter = Number(res.headers.get("retry-after"));
      if (!(retryAfter > 0)) t.unavailableWithoutRetryAfter++;
    }
    if (res.status === 429) {
      t.throttled.push(Number(res.headers.get("retry-after")));
    }
    if (STACK_TRACE.test(html)) {
      t.stackTraces++;
    }
    if (res.status === 200 && init.method !== "HEAD") {
      for (const banner of banners(html)) {
        const seen = this.shown.get(banner.id);
        if (seen) seen.times++;
        else this.shown.set(banner.id, { text: banner.text, times: 1 });
      }
    }
    return { res, html };
  }

  get(path: string): Promise<{ res: Response; html: string }> {
    return this.request(path);
  }

  /** A same-site form POST, as a browser sends it. */
  async post(
    path: string,
    fields: Record<string, string> = {},
  ): Promise<Response> {
    const { res } = await this.request(path, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: this.origin,
        "sec-fetch-site": "same-origin",
      },
    });
    return res;
  }

  /** Banners shown more than once. */
  shownTwice(): { text: string; times: number }[] {
    return [...this.shown.values()].filter((s) => s.times > 1);
  }
}

/** Whether `res` is a 303 to `location`. */
export function isSeeOther(res: Response, location: string): boolean {
  return res.status === 303 && res.headers.get("location") === location;
}
