/**
 * What Fresh 1.7 does to links and images while it renders a page: `<a>`
 * elements pointing at the current page or one of its ancestors are
 * marked (`aria-current`, `data-current`, `data-ancestor`), and local
 * `<img src>` / `srcset` (and `<source>`) get the build's cache-busting
 * query, as `asset()` gives them.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import fc from "fast-check";
import { asset } from "$fresh/runtime.ts";
import { linkPath } from "../../framework/src/page_links.ts";
import { createApp, fetchText } from "./test_utils.ts";

function Nav() {
  return (
    <nav>
      <a href="/">Home</a>
      <a href="/docs">Docs</a>
      <a href="/docs/intro/">Intro</a>
      <a href="/about" aria-current="false">About</a>
      <a href="https://example.com/docs">Elsewhere</a>
      <a href="#top">Top</a>
    </nav>
  );
}

function tags(body: string, name: string): string[] {
  return body.match(new RegExp(`<${name}\\b[^>]*>`, "g")) ?? [];
}

Deno.test("links: the current page's links are marked current, its ancestors' ancestor", async () => {
  const app = await createApp({
    "./routes/docs/[page].tsx": { default: Nav },
    "./routes/about.tsx": { default: Nav },
  });
  const { body } = await fetchText(app, "/docs/intro");
  deepStrictEqual(
    tags(body, "a"),
    [
      '<a href="/" data-ancestor="true" aria-current="true">',
      '<a href="/docs" data-ancestor="true" aria-current="true">',
      '<a href="/docs/intro/" data-current="true" aria-current="page">',
      '<a href="/about" aria-current="false">',
      '<a href="https://example.com/docs">',
      '<a href="#top">',
    ].map((tag) => tag),
  );
  const about = await fetchText(app, "/about");
  ok(
    tags(about.body, "a").includes(
      '<a href="/about" aria-current="page" data-current="true">',
    ),
    about.body,
  );
});

Deno.test("links: local images get the cache-busting query, others stay as written", async () => {
  const app = await createApp({
    "./routes/index.tsx": {
      default: () => (
        <picture>
          <source srcset="/img/a.webp 1x, /img/a@2x.webp 2x" />
          <img src="/img/a.png" alt="" />
          <img src="https://cdn.example/b.png" alt="" />
          <img src="/img/c.png" data-fresh-disable-lock alt="" />
          <img
            src="/img/d.png"
            srcset="/img/d.png 1x, /img/d@2x.png 2x"
            alt=""
          />
        </picture>
      ),
    },
  });
  const { body } = await fetchText(app, "/");
  const img = tags(body, "img");
  ok(img[0].startsWith(`<img src="${asset("/img/a.png")}"`), img[0]);
  ok(asset("/img/a.png").includes("__frsh_c="), "asset() adds the query");
  ok(img[1].startsWith('<img src="https://cdn.example/b.png"'), img[1]);
  ok(img[2].includes('src="/img/c.png"'), img[2]);
  ok(
    img[3].includes(
      `srcset="${asset("/img/d.png")} 1x, ${asset("/img/d@2x.png")} 2x"`,
    ),
    img[3],
  );
  const source = tags(body, "source")[0];
  ok(
    source.includes(
      `srcset="${asset("/img/a.webp")} 1x, ${asset("/img/a@2x.webp")} 2x"`,
    ),
    source,
  );
});

/** `new URL(href, origin).pathname`, or "refused" when it throws. */
function parsedPath(
  href: string,
  path: (href: string) => string | undefined,
): string {
  try {
    return path(href) ?? "refused";
  } catch {
    return "refused";
  }
}

Deno.test("links: the path of a local href is the URL parser's, for any href", () => {
  const byParser = (href: string) => new URL(href, "http://localhost").pathname;
  const char = fc.constantFrom(
    ..."aZ09-_~/./..%2e%2F?#\\ é:@;=+&".split(""),
  );
  fc.assert(
    fc.property(fc.array(char, { maxLength: 24 }), (chars) => {
      const href = "/" + chars.join("");
      strictEqual(parsedPath(href, linkPath), parsedPath(href, byParser));
    }),
    { numRuns: 5000 },
  );
  for (
    const href of [
      "/",
      "//",
      "//evil.example/x",
      "/a//b",
      "/a/./b",
      "/a/../b",
      "/\\x",
      "/%41",
      "/A b",
    ]
  ) {
    strictEqual(parsedPath(href, linkPath), parsedPath(href, byParser));
  }
});

Deno.test("links: an href the URL parser refuses renders unmarked, not as an error page", async () => {
  const app = await createApp({
    "./routes/index.tsx": {
      default: () => (
        <nav>
          <a href="//">Nowhere</a>
          <a href="//a b/">Spaces</a>
          <a href="/">Home</a>
        </nav>
      ),
    },
  });
  const { status, body } = await fetchText(app, "/");
  strictEqual(status, 200);
  deepStrictEqual(tags(body, "a"), [
    '<a href="//">',
    '<a href="//a b/">',
    '<a href="/" data-current="true" aria-current="page">',
  ]);
});
