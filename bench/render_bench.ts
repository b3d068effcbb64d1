/**
 * A full page render through the runtime (`createHandler` on the real
 * manifest, KV_PATH=:memory:) next to bare preact-render-to-string of the
 * same component tree: the cost of routing, middleware, island markers and
 * prop serialization.
 *
 *   deno task build && deno bench --allow-all bench/render_bench.ts
 *
 * @module
 */
import { Fragment, h, type VNode } from "preact";
import { renderToString } from "preact-render-to-string";

if (!Deno.env.get("KV_PATH")) Deno.env.set("KV_PATH", ":memory:");
// Imported after KV_PATH is set: utils/kv/db.ts opens KV when loaded.
const { createHandler } = await import("../framework/server.ts");
const { default: manifest } = await import("../fresh.gen.ts");
const { default: config } = await import("../fresh.config.ts");
const { HEAD_CONTEXT } = await import("../framework/runtime.ts");
const { default: App } = await import("../routes/_app.tsx");
const { default: About } = await import("../routes/about.tsx");

let sink = 0;
const handler = await createHandler(manifest, config);
const get = async (path: string) => {
  const res = await handler(new Request(`http://localhost${path}`));
  sink = (await res.text()).length;
};
await get("/"); // the catalogue is loaded once per process
if (sink === 0) throw new Error("empty page");

Deno.bench("runtime: GET /about (middleware, _app, 1 island)", {
  group: "about",
  baseline: true,
}, async () => {
  await get("/about");
});

Deno.bench("bare: renderToString(_app + About)", { group: "about" }, () => {
  const head: VNode[] = [];
  const url = new URL("http://localhost/about");
  const body = renderToString(
    h(
      HEAD_CONTEXT.Provider,
      { value: head },
      h(App, {
        url,
        route: "/about",
        params: {},
        data: undefined,
        state: {},
        isPartial: false,
        Component: About,
      }),
    ),
  );
  const headHtml = renderToString(h(Fragment, null, head));
  sink = body.length + headHtml.length;
});

Deno.bench("runtime: GET / catalogue, anonymous (3 islands)", {
  group: "catalogue",
}, async () => {
  await get("/");
});
