import { deepStrictEqual, match, ok, strictEqual } from "node:assert";
import type { Manifest, PageProps } from "$fresh/server.ts";
import { asset } from "$fresh/runtime.ts";
import { createApp, fetchText } from "./test_utils.ts";

const CSS = await Deno.readTextFile(
  new URL("./fixtures/basic/static/css/site.css", import.meta.url),
);

const ROUTES: Manifest["routes"] = {
  "./routes/index.tsx": { default: () => <p>home</p> },
  "./routes/_404.tsx": {
    default: ({ url }: PageProps) => <h1>custom 404 {url.pathname}</h1>,
  },
};

Deno.test("static: files are served with content-type, ETag and length", async () => {
  const app = await createApp(ROUTES);
  const { res, status, body } = await fetchText(app, "/css/site.css");
  strictEqual(status, 200);
  strictEqual(body, CSS);
  strictEqual(res.headers.get("content-type"), "text/css; charset=utf-8");
  strictEqual(res.headers.get("content-length"), String(CSS.length));
  match(res.headers.get("etag") ?? "", /^"[\w-]+"$/);
  ok(!res.headers.get("cache-control")?.includes("immutable"));

  const txt = await fetchText(app, "/robots.txt");
  strictEqual(txt.status, 200);
  strictEqual(txt.res.headers.get("content-type"), "text/plain; charset=utf-8");
  strictEqual(txt.body, "hello static\n");

  // A percent-encoded spelling of the same path names the same file.
  const encoded = await fetchText(app, "/css/site%2Ecss");
  strictEqual(encoded.status, 200);
  strictEqual(encoded.body, CSS);
});

Deno.test("static: If-None-Match with the ETag answers 304 with no body", async (t) => {
  const app = await createApp(ROUTES);
  const first = await app("/css/site.css");
  await first.body?.cancel();
  const etag = first.headers.get("etag")!;

  const cases: [string, string, number][] = [
    ["exact tag", etag, 304],
    ["weak tag", `W/${etag}`, 304],
    ["in a list", `"other", ${etag}`, 304],
    ["wildcard", "*", 304],
    ["another tag", '"something-else"', 200],
  ];
  for (const [name, header, status] of cases) {
    await t.step(name, async () => {
      const res = await fetchText(app, "/css/site.css", {
        headers: { "if-none-match": header },
      });
      strictEqual(res.status, status);
      strictEqual(res.body, status === 304 ? "" : CSS);
      strictEqual(res.res.headers.get("etag"), etag);
    });
  }
});

Deno.test("static: asset() URLs are cacheable as immutable", async () => {
  const app = await createApp(ROUTES);
  const url = asset("/css/site.css");
  ok(url.includes("__frsh_c="), url);
  const { res, body } = await fetchText(app, url);
  strictEqual(res.status, 200);
  strictEqual(body, CSS);
  match(res.headers.get("cache-control") ?? "", /immutable/);
});

Deno.test("static: HEAD answers with headers only", async () => {
  const app = await createApp(ROUTES);
  const res = await app("/css/site.css", { method: "HEAD" });
  strictEqual(res.status, 200);
  strictEqual(res.headers.get("content-length"), String(CSS.length));
  strictEqual(res.body, null);
});

/** Attempts to read files outside static/ (the fixture root, the repo). */
const TRAVERSALS = [
  "/../secret.txt",
  "/%2e%2e/secret.txt",
  "/..%2fsecret.txt",
  "/%2e%2e%2fsecret.txt",
  "/..%5csecret.txt",
  "/css/..%2f..%2fsecret.txt",
  "/css/%2e%2e%2f%2e%2e%2fsecret.txt",
  "/static/../secret.txt",
  "/../deno.json",
  "/%2e%2e/deno.json",
  "/..%2fdeno.json",
  "/..%2f..%2f..%2f..%2fdeno.json",
  "/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
  "/css/site.css%00.txt",
];

Deno.test("static: path traversal never serves a file outside static/", async (t) => {
  const app = await createApp(ROUTES);
  for (const path of TRAVERSALS) {
    await t.step(path, async () => {
      const { status, body } = await fetchText(app, path);
      strictEqual(status, 404);
      ok(body.includes("custom 404"), body);
      for (
        const leak of ["TOP-SECRET", '"imports"', "root:", "rebeccapurple"]
      ) {
        ok(!body.includes(leak), `${leak} in ${body}`);
      }
    });
  }
});

Deno.test("static: other methods than GET and HEAD don't serve the file", async (t) => {
  const app = await createApp(ROUTES);
  for (const method of ["POST", "PUT", "DELETE", "PATCH"]) {
    await t.step(method, async () => {
      const { status, body } = await fetchText(app, "/css/site.css", {
        method,
      });
      ok(status === 404 || status === 405, String(status));
      ok(!body.includes("rebeccapurple"), body);
    });
  }
});

Deno.test("static: with a basePath, files and routes live under it", async (t) => {
  const app = await createApp(ROUTES, { router: { basePath: "/app" } });
  const cases: [string, number, string][] = [
    ["/app/css/site.css", 200, CSS],
    ["/app", 200, "<p>home</p>"],
    ["/app/", 200, "<p>home</p>"],
    ["/css/site.css", 404, ""],
    ["/application", 404, ""],
  ];
  for (const [path, status, expected] of cases) {
    await t.step(`${path} -> ${status}`, async () => {
      const res = await fetchText(app, path);
      strictEqual(res.status, status);
      ok(res.body.includes(expected), res.body);
      if (status === 404) ok(!res.body.includes("rebeccapurple"));
    });
  }
  const revalidate = await app("/app/css/site.css", {
    headers: { "if-none-match": "*" },
  });
  deepStrictEqual([revalidate.status, await revalidate.text()], [304, ""]);
});
