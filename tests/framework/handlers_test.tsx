import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type {
  FreshContext,
  Handlers,
  KnownMethod,
  PageProps,
} from "$fresh/server.ts";
import { createApp, fetchText } from "./test_utils.ts";

/** The `Allow` header as a sorted list, so the test doesn't pin the order. */
function allowOf(res: Response): string[] {
  return (res.headers.get("allow") ?? "").split(",").map((m) => m.trim())
    .filter(Boolean).sort();
}

function echo(req: Request) {
  return new Response(`handled ${req.method}`, {
    status: 203,
    headers: { "x-handler": "yes", "content-type": "text/plain" },
  });
}

function Page({ data }: PageProps<string | undefined>) {
  return <p>page data={data ?? "none"}</p>;
}

const ROUTES = {
  "./routes/fn.ts": { handler: echo },
  "./routes/object.ts": {
    handler: {
      GET: echo,
      POST: echo,
      DELETE: echo,
    } satisfies Handlers,
  },
  "./routes/post-and-page.tsx": {
    handler: { POST: (_req, ctx) => ctx.render("posted") } satisfies Handlers,
    default: Page,
  },
  "./routes/page-only.tsx": { default: Page },
  "./routes/post-only.ts": { handler: { POST: echo } satisfies Handlers },
  "./routes/own-head.ts": {
    handler: {
      GET: echo,
      HEAD: () =>
        new Response(null, { status: 204, headers: { "x-own": "1" } }),
    } satisfies Handlers,
  },
};

const METHODS: KnownMethod[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "OPTIONS",
  "PATCH",
];

Deno.test("handlers: a function handler gets every method", async (t) => {
  const app = await createApp(ROUTES);
  for (const method of METHODS) {
    await t.step(method, async () => {
      const { status, body, res } = await fetchText(app, "/fn", { method });
      strictEqual(status, 203);
      strictEqual(res.headers.get("x-handler"), "yes");
      strictEqual(body, method === "HEAD" ? "" : `handled ${method}`);
    });
  }
});

/** [path, method, status, body, Allow header on a 405] */
const DISPATCH: [string, KnownMethod, number, string, string[]?][] = [
  ["/object", "GET", 203, "handled GET"],
  ["/object", "POST", 203, "handled POST"],
  ["/object", "DELETE", 203, "handled DELETE"],
  ["/object", "PUT", 405, "", ["DELETE", "GET", "HEAD", "POST"]],
  ["/object", "PATCH", 405, "", ["DELETE", "GET", "HEAD", "POST"]],
  ["/object", "OPTIONS", 405, "", ["DELETE", "GET", "HEAD", "POST"]],
  // A component with no GET handler renders on GET.
  ["/post-and-page", "GET", 200, "page data=none"],
  ["/post-and-page", "POST", 200, "page data=posted"],
  ["/post-and-page", "PUT", 405, "", ["GET", "HEAD", "POST"]],
  // A route with only a component answers GET and HEAD.
  ["/page-only", "GET", 200, "page data=none"],
  ["/page-only", "POST", 405, "", ["GET", "HEAD"]],
  ["/page-only", "DELETE", 405, "", ["GET", "HEAD"]],
  // Without GET or a component, GET and HEAD are not allowed.
  ["/post-only", "GET", 405, "", ["POST"]],
  ["/post-only", "HEAD", 405, "", ["POST"]],
  ["/post-only", "POST", 203, "handled POST"],
];

Deno.test("handlers: object handlers dispatch by method, 405 lists Allow", async (t) => {
  const app = await createApp(ROUTES);
  for (const [path, method, status, text, allow] of DISPATCH) {
    await t.step(`${method} ${path} -> ${status}`, async () => {
      const res = await fetchText(app, path, { method });
      strictEqual(res.status, status);
      if (status === 405) {
        deepStrictEqual(allowOf(res.res), allow);
        ok(!res.body.includes("page data"), res.body);
      } else {
        ok(res.body.includes(text), res.body);
        strictEqual(res.res.headers.get("allow"), null);
      }
    });
  }
});

Deno.test("handlers: HEAD is derived from GET: same status and headers, the GET's length, no body", async (t) => {
  const app = await createApp(ROUTES);
  for (const path of ["/object", "/fn", "/page-only", "/post-and-page"]) {
    await t.step(path, async () => {
      const get = await app(path);
      const getBytes = await get.bytes();
      const head = await app(path, { method: "HEAD" });
      strictEqual(head.status, get.status);
      ok(getBytes.byteLength > 0);
      // echo() names the method, so its HEAD body is one byte longer.
      const length = path === "/object" || path === "/fn"
        ? "handled HEAD".length
        : getBytes.byteLength;
      const expected = new Headers(get.headers);
      expected.set("content-length", String(length));
      deepStrictEqual([...head.headers], [...expected]);
      strictEqual(head.body, null);
    });
  }

  // An explicit HEAD handler wins over the derived one.
  const own = await app("/own-head", { method: "HEAD" });
  strictEqual(own.status, 204);
  strictEqual(own.headers.get("x-own"), "1");
  strictEqual(own.body, null);
});

Deno.test("handlers: HEAD of a body too long to measure sends no length rather than a wrong one", async () => {
  const chunk = new Uint8Array(1024 * 1024);
  const app = await createApp({
    "./routes/huge.ts": {
      handler: () => {
        let sent = 0;
        return new Response(
          new ReadableStream({
            pull(c) {
              if (sent++ < 20) c.enqueue(chunk);
              else c.close();
            },
          }),
        );
      },
    },
  });
  const head = await app("/huge", { method: "HEAD" });
  strictEqual(head.status, 200);
  strictEqual(head.headers.get("content-length"), null);
  strictEqual((await head.bytes()).byteLength, 0);
});

interface State {
  user: string;
}

Deno.test("handlers: ctx.render passes data, state, status and headers", async () => {
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: (_req: Request, ctx: FreshContext<State>) => {
        ctx.state.user = "grace";
        return ctx.next();
      },
    },
    "./routes/render.tsx": {
      handler: (_req: Request, ctx: FreshContext<State, { count: number }>) =>
        ctx.render({ count: 3 }, {
          status: 201,
          headers: { "x-rendered": "yes" },
        }),
      default: ({ data, state }: PageProps<{ count: number }, State>) => (
        <p>
          count={data.count} user={state.user}
        </p>
      ),
    },
    "./routes/xhtml.tsx": {
      handler: (_req: Request, ctx: FreshContext) =>
        ctx.render(undefined, {
          headers: { "content-type": "application/xhtml+xml" },
        }),
      default: () => <p>x</p>,
    },
  });

  const res = await fetchText(app, "/render");
  strictEqual(res.status, 201);
  strictEqual(res.res.headers.get("x-rendered"), "yes");
  strictEqual(res.res.headers.get("content-type"), "text/html; charset=utf-8");
  ok(res.body.includes("<p>count=3 user=grace</p>"), res.body);

  const xhtml = await app("/xhtml");
  await xhtml.body?.cancel();
  strictEqual(xhtml.status, 200);
  strictEqual(xhtml.headers.get("content-type"), "application/xhtml+xml");
});

Deno.test("handlers: every Set-Cookie passed to ctx.render is kept", async (t) => {
  const asHeaders = new Headers();
  asHeaders.append("set-cookie", "a=1; Path=/");
  asHeaders.append("set-cookie", "b=2; Path=/");
  const inits: [string, HeadersInit][] = [
    ["tuples", [["set-cookie", "a=1; Path=/"], ["set-cookie", "b=2; Path=/"]]],
    ["Headers object", asHeaders],
  ];
  for (const [name, headers] of inits) {
    await t.step(name, async () => {
      const app = await createApp({
        "./routes/_middleware.ts": {
          handler: async (_req: Request, ctx: FreshContext) => {
            const res = await ctx.next();
            if (ctx.url.searchParams.has("more")) {
              res.headers.append("set-cookie", "c=3; Path=/");
            }
            return res;
          },
        },
        "./routes/index.tsx": {
          handler: (_req: Request, ctx: FreshContext) =>
            ctx.render(undefined, { headers }),
          default: () => <p>cookies</p>,
        },
      });

      const two = await app("/");
      await two.body?.cancel();
      deepStrictEqual(two.headers.getSetCookie(), [
        "a=1; Path=/",
        "b=2; Path=/",
      ]);

      const three = await app("/?more");
      await three.body?.cancel();
      deepStrictEqual(three.headers.getSetCookie(), [
        "a=1; Path=/",
        "b=2; Path=/",
        "c=3; Path=/",
      ]);
    });
  }
});

Deno.test("handlers: middleware may add headers to a Response.redirect()", async (t) => {
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: async (_req: Request, ctx: FreshContext) => {
        const res = await ctx.next();
        res.headers.set("x-after", "added");
        res.headers.append("set-cookie", "flash=1; Path=/");
        return res;
      },
    },
    "./routes/go.ts": {
      handler: (req: Request) =>
        Response.redirect(
          new URL("/login?next=%2Fgo", req.url),
          Number(new URL(req.url).searchParams.get("status") ?? 302),
        ),
    },
  });
  for (const status of [301, 302, 303, 307, 308]) {
    await t.step(String(status), async () => {
      const res = await app(`/go?status=${status}`);
      await res.body?.cancel();
      strictEqual(res.status, status);
      strictEqual(
        res.headers.get("location"),
        "http://localhost/login?next=%2Fgo",
      );
      strictEqual(res.headers.get("x-after"), "added");
      deepStrictEqual(res.headers.getSetCookie(), ["flash=1; Path=/"]);
    });
  }
});

Deno.test("handlers: a HEAD response never carries a body", async (t) => {
  const app = await createApp(ROUTES);
  const cases: [string, number][] = [
    ["/fn", 203],
    ["/post-only", 405],
    ["/no-such-route", 404],
    ["/_frsh/js/0123abcd/boot.js", 404],
    ["/css/site.css", 200],
  ];
  for (const [path, status] of cases) {
    await t.step(`${path} -> ${status}`, async () => {
      const res = await app(path, { method: "HEAD" });
      strictEqual(res.status, status);
      strictEqual(await res.text(), "");
    });
  }
});
