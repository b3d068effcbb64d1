/**
 * Where `<Head>` puts its children while a page renders on the server.
 *
 * Module state rather than a context: a page renders synchronously, so one
 * page at a time, and a context Provider is one more component per render,
 * for which Preact builds a Set, a context object and four closures, plus a
 * subscription per consumer.
 *
 * Bundled for the browser with `runtime.ts`, where no sink is ever set.
 *
 * @module
 */
import type { ComponentChildren } from "preact";

let sink: ComponentChildren[] | undefined;

/** Runs `render`, with every `<Head>` rendered during it adding to `into`. */
export function collectHead<T>(into: ComponentChildren[], render: () => T): T {
  const previous = sink;
  sink = into;
  try {
    return render();
  } finally {
    sink = previous;
  }
}

/** Adds `children` to the page's head; `false` outside a page render. */
export function addToHead(children: ComponentChildren): boolean {
  if (sink === undefined) return false;
  sink.push(children);
  return true;
}
