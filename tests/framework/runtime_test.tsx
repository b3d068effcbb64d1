import { strictEqual } from "node:assert";
import { renderToString } from "preact-render-to-string";
import {
  asset,
  ASSET_CACHE_BUST_KEY,
  Head,
  IS_BROWSER,
} from "$fresh/runtime.ts";
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
