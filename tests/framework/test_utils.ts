/**
 * Helpers for the runtime's in-process tests: inline manifests rooted at
 * `fixtures/basic/` (whose `static/` folder is served), and a `fetch`-like
 * function over `createHandler` that needs no network.
 *
 * @module
 */
import { createHandler } from "$fresh/server.ts";
import type { FreshConfig, Manifest } from "$fresh/server.ts";

/** `fresh.gen.ts` of the fixture project; the file itself needn't exist. */
export const BASE_URL: string =
  new URL("./fixtures/basic/fresh.gen.ts", import.meta.url).href;

/** Sends a request for `path` (plus query) to the app, in-process. */
export type AppFetch = (path: string, init?: RequestInit) => Promise<Response>;

/** Builds an app from inline route modules, keyed as in `fresh.gen.ts`. */
export async function createApp(
  routes: Manifest["routes"],
  config: FreshConfig = {},
): Promise<AppFetch> {
  const handler = await createHandler(
    { routes, islands: {}, baseUrl: BASE_URL },
    config,
  );
  return (path, init) => handler(new Request(`http://localhost${path}`, init));
}

/** Sends one request and returns the status and the whole body text. */
export async function fetchText(
  app: AppFetch,
  path: string,
  init?: RequestInit,
): Promise<{ res: Response; status: number; body: string }> {
  const res = await app(path, init);
  return { res, status: res.status, body: await res.text() };
}

/** Replaces `console.error` while `fn` runs and returns the captured calls. */
export async function captureConsoleError(
  fn: () => Promise<void>,
): Promise<unknown[][]> {
  const calls: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    calls.push(args);
  };
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return calls;
}
