import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { FreshContext, Manifest, PageProps } from "$fresh/server.ts";
import { Head } from "$fresh/runtime.ts";
import { captureConsoleError, createApp, fetchText } from "./test_utils.ts";

function App({ Component }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <link rel="stylesheet" href="/css/site.css" />
      </head>
      <body>
        <main id="app">
          <Component />
        </main>
      </body>
    </html>
  );
}

function layout(name: string) {
  return function Layout({ Component, params }: PageProps) {
    return (
      <div class={name} data-params={Object.keys(params).join(",") || "none"}>
        <Component />
      </div>
    );
  };
}

const LAYOUT_ROUTES: Manifest["routes"] = {
  "./routes/_app.tsx": { default: App },
  "./routes/_layout.tsx": { default: layout("root") },
  "./routes/docs/_layout.tsx": { default: layout("docs") },
  "./routes/docs/[page].tsx": {
    default: ({ params }: PageProps) => <p>{params.page}</p>,
  },
  "./routes/docs/special.tsx": {
    default: () => <p>special</p>,
    config: { skipInheritedLayouts: true },
  },
  "./routes/docs/api/_layout.tsx": {
    default: layout("api"),
    config: { skipInheritedLayouts: true },
  },
  "./routes/docs/api/ref.tsx": { default: () => <p>ref</p> },
  "./routes/bare.tsx": {
    default: () => <p>bare</p>,
    config: { skipAppWrapper: true },
  },
};

/** [path, the exact markup expected between <body> and </body>] */
const LAYOUT_CASES: [string, string][] = [
  // _app outermost, then layouts from the root down, then the page.
  [
    "/docs/intro",
    '<main id="app"><div class="root" data-params="page"><div class="docs" data-params="page"><p>intro</p></div></div></main>',
  ],
  // A page's skipInheritedLayouts drops every _layout (as in Fresh 1.7),
  // but _app still wraps it.
  ["/docs/special", '<main id="app"><p>special</p></main>'],
  // A layout's skipInheritedLayouts drops only the layouts above it.
  [
    "/docs/api/ref",
    '<main id="app"><div class="api" data-params="none"><p>ref</p></div></main>',
  ],
  // skipAppWrapper drops _app but keeps the layouts.
  ["/bare", '<div class="root" data-params="none"><p>bare</p></div>'],
];

Deno.test("pages: _app and nested _layout files wrap the page in order", async (t) => {
  const app = await createApp(LAYOUT_ROUTES);
  for (const [path, expected] of LAYOUT_CASES) {
    await t.step(path, async () => {
      const { status, body } = await fetchText(app, path);
      strictEqual(status, 200);
      const inner = /<body>(.*)<\/body>/s.exec(body)?.[1];
      strictEqual(inner, expected);
      ok(body.startsWith("<!DOCTYPE html>"), body);
    });
  }
});

Deno.test("pages: skipAppWrapper still yields a full document", async () => {
  const app = await createApp(LAYOUT_ROUTES);
  const { res, body } = await fetchText(app, "/bare");
  strictEqual(res.headers.get("content-type"), "text/html; charset=utf-8");
  ok(body.startsWith("<!DOCTYPE html><html><head>"), body);
  ok(!body.includes("/css/site.css"), "the _app's <head> must not appear");
});

Deno.test("pages: <Head> content lands inside <head>, with or without _app", async (t) => {
  function Page() {
    return (
      <>
        <Head>
          <title>Cart (3)</title>
          <meta name="description" content="checkout" />
        </Head>
        <h1>Cart</h1>
      </>
    );
  }
  const variants: [string, Manifest["routes"]][] = [
    ["with _app", {
      "./routes/_app.tsx": { default: App },
      "./routes/index.tsx": { default: Page },
    }],
    ["without _app", { "./routes/index.tsx": { default: Page } }],
  ];
  for (const [name, routes] of variants) {
    await t.step(name, async () => {
      const app = await createApp(routes);
      const { body } = await fetchText(app, "/");
      ok(body.startsWith("<!DOCTYPE html><html"), body);
      const head = /<head>(.*)<\/head>/s.exec(body)?.[1] ?? "";
      ok(head.includes("<title>Cart (3)</title>"), head);
      ok(head.includes('<meta name="description" content="checkout"/>'), head);
      ok(head.includes('charset="utf-8"'), head);
      const bodyPart = /<body>(.*)<\/body>/s.exec(body)?.[1] ?? "";
      ok(!bodyPart.includes("<title>"), bodyPart);
      ok(bodyPart.includes("<h1>Cart</h1>"), bodyPart);
      // Exactly one <head> and one <body>.
      strictEqual(body.split("<head>").length, 2);
      strictEqual(body.split("<body>").length, 2);
    });
  }
});

Deno.test("pages: a <Head> title replaces the _app's default title", async () => {
  function TitledApp({ Component }: PageProps) {
    return (
      <html>
        <head>
          <title>Default title</title>
        </head>
        <body>
          <Component />
        </body>
      </html>
    );
  }
  function Titled() {
    return (
      <Head>
        <title>Page title</title>
      </Head>
    );
  }
  function Untitled() {
    return <p>no title of its own</p>;
  }
  const app = await createApp({
    "./routes/_app.tsx": { default: TitledApp },
    "./routes/titled.tsx": { default: Titled },
    "./routes/untitled.tsx": { default: Untitled },
  });
  const titled = (await fetchText(app, "/titled")).body;
  deepStrictEqual(titled.match(/<title>[^<]*<\/title>/g), [
    "<title>Page title</title>",
  ]);
  const untitled = (await fetchText(app, "/untitled")).body;
  deepStrictEqual(untitled.match(/<title>[^<]*<\/title>/g), [
    "<title>Default title</title>",
  ]);
});

function NotFoundPage({ url }: PageProps) {
  return <h1>custom 404 for {url.pathname}</h1>;
}

let lastError: unknown;
function ErrorPage({ error }: PageProps) {
  lastError = error;
  return <h1>custom 500 page</h1>;
}

const SECRET = "secret-detail-xyz";

function throwingMiddleware(_req: Request, ctx: FreshContext) {
  if (ctx.url.pathname === "/middleware-throws") throw new Error(SECRET);
  return ctx.next();
}

const ERROR_ROUTES: Manifest["routes"] = {
  "./routes/_app.tsx": { default: App },
  "./routes/_404.tsx": { default: NotFoundPage },
  "./routes/_500.tsx": { default: ErrorPage },
  "./routes/_middleware.ts": { handler: throwingMiddleware },
  "./routes/items/[id].tsx": {
    handler: (_req: Request, ctx: FreshContext) =>
      ctx.params.id === "1" ? ctx.render() : ctx.renderNotFound(),
    default: () => <p>item one</p>,
  },
  "./routes/gone.tsx": {
    handler: () => {
      throw new Deno.errors.NotFound("no such record");
    },
  },
  "./routes/boom.tsx": {
    handler: () => {
      throw new Error(SECRET);
    },
  },
  "./routes/async-boom.tsx": {
    handler: async () => {
      await Promise.resolve();
      throw new TypeError(SECRET);
    },
  },
  "./routes/render-boom.tsx": {
    default: () => {
      throw new Error(SECRET);
    },
  },
  "./routes/middleware-throws.tsx": { default: () => <p>unreachable</p> },
};

/** Text that only a leaked message or stack trace would put in a page. */
function assertNoLeak(body: string) {
  for (const leak of [SECRET, "at ", ".ts:", ".tsx:", "file://", "Error:"]) {
    ok(!body.includes(leak), `${JSON.stringify(leak)} leaked into: ${body}`);
  }
}

Deno.test("pages: _404 for unmatched paths, ctx.renderNotFound() and Deno.errors.NotFound", async (t) => {
  const app = await createApp(ERROR_ROUTES);
  const cases: [string, string][] = [
    ["/no/such/page", "unmatched path"],
    ["/items/2", "ctx.renderNotFound()"],
    ["/gone", "throw new Deno.errors.NotFound()"],
  ];
  for (const [path, why] of cases) {
    await t.step(`${why}: ${path}`, async () => {
      let body = "";
      const errors = await captureConsoleError(async () => {
        const res = await fetchText(app, path);
        strictEqual(res.status, 404);
        strictEqual(
          res.res.headers.get("content-type"),
          "text/html; charset=utf-8",
        );
        body = res.body;
      });
      ok(body.includes(`<h1>custom 404 for ${path}</h1>`), body);
      ok(body.includes('<main id="app">'), "the 404 page is wrapped in _app");
      deepStrictEqual(errors, [], "a 404 is not logged as an error");
    });
  }

  const found = await fetchText(app, "/items/1");
  strictEqual(found.status, 200);
  ok(found.body.includes("<p>item one</p>"));
});

Deno.test("pages: a thrown error renders _500 without leaking details, and is logged", async (t) => {
  const app = await createApp(ERROR_ROUTES);
  for (
    const path of [
      "/boom",
      "/async-boom",
      "/render-boom",
      "/middleware-throws",
    ]
  ) {
    await t.step(path, async () => {
      lastError = undefined;
      let res: Awaited<ReturnType<typeof fetchText>> | undefined;
      const errors = await captureConsoleError(async () => {
        res = await fetchText(app, path);
      });
      strictEqual(res!.status, 500);
      strictEqual(
        res!.res.headers.get("content-type"),
        "text/html; charset=utf-8",
      );
      ok(res!.body.includes("<h1>custom 500 page</h1>"), res!.body);
      ok(res!.body.startsWith("<!DOCTYPE html>"));
      assertNoLeak(res!.body);
      // The page gets the error as a prop, and the server log gets it too.
      ok(lastError instanceof Error && lastError.message === SECRET);
      ok(
        errors.some((args) => args.includes(lastError)),
        "console.error was called with the thrown error",
      );
    });
  }
});

Deno.test("pages: without a _500 page the default one leaks nothing either", async () => {
  const app = await createApp({
    "./routes/boom.tsx": {
      handler: () => {
        throw new Error(SECRET);
      },
    },
  });
  let res: Awaited<ReturnType<typeof fetchText>> | undefined;
  const errors = await captureConsoleError(async () => {
    res = await fetchText(app, "/boom");
  });
  strictEqual(res!.status, 500);
  ok(res!.body.includes("500"), res!.body);
  assertNoLeak(res!.body);
  strictEqual(errors.length, 1);
});

Deno.test("pages: a _500 page that throws falls back to a plain 500", async () => {
  const app = await createApp({
    "./routes/_500.tsx": {
      default: () => {
        throw new Error("the error page exploded");
      },
    },
    "./routes/boom.tsx": {
      handler: () => {
        throw new Error(SECRET);
      },
    },
  });
  let res: Awaited<ReturnType<typeof fetchText>> | undefined;
  const errors = await captureConsoleError(async () => {
    res = await fetchText(app, "/boom");
  });
  strictEqual(res!.status, 500);
  strictEqual(res!.res.headers.get("content-type"), "text/html; charset=utf-8");
  ok(res!.body.includes("500 Internal Server Error"), res!.body);
  assertNoLeak(res!.body);
  ok(!res!.body.includes("exploded"), res!.body);
  // Both the original error and the _500 failure reach the log.
  strictEqual(errors.length, 2);
});

Deno.test("pages: pages without islands ship no <script> at all", async () => {
  const app = await createApp({ ...ERROR_ROUTES, ...LAYOUT_ROUTES });
  const paths = ["/docs/intro", "/bare", "/items/1", "/nope", "/boom"];
  const statuses: number[] = [];
  await captureConsoleError(async () => {
    for (const path of paths) {
      const { status, body } = await fetchText(app, path);
      statuses.push(status);
      ok(!body.includes("<script"), `${path}: ${body}`);
    }
  });
  deepStrictEqual(statuses, [200, 200, 200, 404, 500]);
});

Deno.test("pages: a _500 handler renders the error page with ctx.render and may add headers", async () => {
  let seen: unknown;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: async (_req: Request, ctx: FreshContext) => {
        const res = await ctx.next();
        res.headers.set("x-from-middleware", "1");
        return res;
      },
    },
    "./routes/_500.tsx": {
      default: ({ error }: PageProps) => (
        <h1>error page: {(error as Error).message}</h1>
      ),
      handler: async (_req: Request, ctx: FreshContext) => {
        seen = ctx.error;
        const res = await ctx.render();
        res.headers.set("x-frame-options", "DENY");
        return res;
      },
    },
    "./routes/boom.tsx": {
      handler: () => {
        throw new Error("kaboom");
      },
    },
  });
  let res: Awaited<ReturnType<typeof fetchText>> | undefined;
  const errors = await captureConsoleError(async () => {
    res = await fetchText(app, "/boom");
  });
  strictEqual(res!.status, 500);
  ok(res!.body.includes("<h1>error page: kaboom</h1>"), res!.body);
  strictEqual(res!.res.headers.get("x-frame-options"), "DENY");
  // The throw unwound the middleware: only the _500 handler could add it.
  strictEqual(res!.res.headers.get("x-from-middleware"), null);
  ok(seen instanceof Error && seen.message === "kaboom");
  strictEqual(errors.length, 1, "logged once");
});

Deno.test("pages: a _500 handler that throws falls back to the plain 500", async () => {
  const app = await createApp({
    "./routes/_500.tsx": {
      default: () => <h1>never</h1>,
      handler: () => {
        throw new Error("the error handler exploded");
      },
    },
    "./routes/boom.tsx": {
      handler: () => {
        throw new Error("kaboom");
      },
    },
  });
  let res: Awaited<ReturnType<typeof fetchText>> | undefined;
  const errors = await captureConsoleError(async () => {
    res = await fetchText(app, "/boom");
  });
  strictEqual(res!.status, 500);
  ok(res!.body.includes("500 Internal Server Error"), res!.body);
  strictEqual(errors.length, 2);
});

Deno.test("pages: the Component each layer receives has no prototype", async () => {
  // The renderer reads `type.prototype` of every component to tell classes
  // from functions. On a `function` made anew for each request, that read
  // makes V8 build a prototype object, which once cost more than rendering
  // the page shell; the runtime's per-request wrappers are arrow functions.
  const seen: unknown[] = [];
  const capture = (name: string) => ({ Component }: PageProps) => {
    seen.push(Object.hasOwn(Component, "prototype") ? name : null);
    return <Component />;
  };
  const app = await createApp({
    "./routes/_app.tsx": { default: capture("_app") },
    "./routes/_layout.tsx": { default: capture("_layout") },
    "./routes/index.tsx": { default: () => <p>page</p> },
  });
  const { status, body } = await fetchText(app, "/");
  strictEqual(status, 200);
  ok(body.includes("<p>page</p>"));
  deepStrictEqual(seen, [null, null]);
});
