import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  asset,
  ASSET_CACHE_BUST_KEY,
  type ContentSecurityPolicy,
  CSP_CONTEXT,
  Head,
  HEAD_CONTEXT,
  IS_BROWSER,
  NONE,
  useCSP,
} from "$fresh/runtime.ts";
import { captureConsoleError, createApp, fetchText } from "./test_utils.ts";
import { BUILD_ID } from "../../framework/src/build_id.ts";

Deno.test("runtime: asset() adds the cache-busting query to local paths", () => {
  strictEqual(ASSET_CACHE_BUST_KEY, "__frsh_c");
  const cases: [string, string][] = [
    ["/a.css", `/a.css?__frsh_c=${BUILD_ID}`],
    ["/img/logo.svg", `/img/logo.svg?__frsh_c=${BUILD_ID}`],
    ["/a.css?v=1#top", `/a.css?v=1&__frsh_c=${BUILD_ID}#top`],
  ];
  for (const [input, expected] of cases) {
    strictEqual(asset(input), expected, input);
  }
});

Deno.test("runtime: asset() leaves absolute, relative and busted URLs alone", () => {
  for (
    const url of [
      "https://cdn.example/a.css",
      "http://cdn.example/a.css",
      "//cdn.example/a.css",
      "a.css",
      "./a.css",
      "data:text/css,body{}",
      "/a.css?__frsh_c=older",
    ]
  ) {
    strictEqual(asset(url), url);
  }
});

Deno.test("runtime: IS_BROWSER is false on the server", () => {
  strictEqual(IS_BROWSER, false);
});

Deno.test("runtime: <Head> outside a page render renders nothing", () => {
  strictEqual(
    renderToString(
      <div>
        <Head>
          <title>x</title>
        </Head>
      </div>,
    ),
    "<div></div>",
  );
});

Deno.test("runtime: <Head> and useCSP outside a page render reach their Providers, as in Fresh", () => {
  const head: ComponentChildren[] = [];
  const policy: ContentSecurityPolicy = { directives: {}, reportOnly: false };
  function Shaper() {
    useCSP((csp) => csp.directives.defaultSrc = [NONE]);
    return null;
  }
  renderToString(
    <HEAD_CONTEXT.Provider value={head}>
      <CSP_CONTEXT.Provider value={policy}>
        <Head>
          <title>mine</title>
        </Head>
        <Shaper />
      </CSP_CONTEXT.Provider>
    </HEAD_CONTEXT.Provider>,
  );
  strictEqual(renderToString(<>{head}</>), "<title>mine</title>");
  deepStrictEqual(policy.directives.defaultSrc, [NONE]);
});

Deno.test("runtime: a page whose render throws leaves neither its head nor its policy to what renders next", async () => {
  let policyCalls = 0;
  function Shaper() {
    useCSP(() => policyCalls++);
    return null;
  }
  function Thrower(): null {
    throw new Error("render failed");
  }
  const app = await createApp({
    "./routes/boom.tsx": {
      default: () => (
        <>
          <Head>
            <title>boom</title>
          </Head>
          <Shaper />
          <Thrower />
        </>
      ),
      config: { csp: true },
    },
    "./routes/index.tsx": {
      default: () => (
        <Head>
          <title>index</title>
        </Head>
      ),
    },
  });
  await captureConsoleError(async () => {
    strictEqual((await fetchText(app, "/boom")).res.status, 500);
  });
  strictEqual(policyCalls, 1);
  const { body } = await fetchText(app, "/");
  ok(body.includes("<title>index</title>"), body);
  ok(!body.includes("boom"), body);
  // Outside any page: <Head> renders nothing and useCSP has no policy.
  strictEqual(renderToString(<Head>x</Head>), "");
  renderToString(<Shaper />);
  strictEqual(policyCalls, 1);
});
