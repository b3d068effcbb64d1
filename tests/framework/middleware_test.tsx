import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert";
import type {
  Destination,
  FreshContext,
  MiddlewareHandler,
  PageProps,
} from "$fresh/server.ts";
import { captureConsoleError, createApp, fetchText } from "./test_utils.ts";

interface State {
  user?: string;
  trail?: string[];
}

/** A middleware that records `name`, and `name:after` once `next` returns. */
function recorder(
  log: string[],
  name: string,
): MiddlewareHandler<State> {
  return async function record(_req, ctx) {
    log.push(`${name} params=${JSON.stringify(ctx.params)} route=${ctx.route}`);
    const res = await ctx.next();
    log.push(`${name}:after`);
    return res;
  };
}

Deno.test("middleware: runs outermost first, array order kept, and sees the route's params", async () => {
  const log: string[] = [];
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [recorder(log, "root-a"), recorder(log, "root-b")],
    },
    "./routes/admin/users/_middleware.ts": {
      handler: recorder(log, "users"),
    },
    "./routes/admin/_middleware.ts": { handler: recorder(log, "admin") },
    "./routes/admin/index.tsx": { default: () => <p>admin</p> },
    "./routes/admin/users/[id].tsx": {
      handler: (_req: Request, ctx: FreshContext) => {
        log.push("handler");
        return ctx.render();
      },
      default: ({ params }: PageProps) => {
        log.push("page");
        return <p>user {params.id}</p>;
      },
    },
  });

  const res = await fetchText(app, "/admin/users/7");
  strictEqual(res.status, 200);
  ok(res.body.includes("<p>user 7</p>"), res.body);
  const seen = 'params={"id":"7"} route=/admin/users/:id';
  deepStrictEqual(log, [
    `root-a ${seen}`,
    `root-b ${seen}`,
    `admin ${seen}`,
    `users ${seen}`,
    "handler",
    "page",
    "users:after",
    "admin:after",
    "root-b:after",
    "root-a:after",
  ]);

  // A sibling route only gets the middleware of its own folders.
  log.length = 0;
  await (await app("/admin")).body?.cancel();
  deepStrictEqual(log.filter((l) => !l.endsWith(":after")), [
    "root-a params={} route=/admin",
    "root-b params={} route=/admin",
    "admin params={} route=/admin",
  ]);
});

Deno.test("middleware: ctx.state flows into the handler and PageProps.state", async () => {
  let handlerSaw: State | undefined;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: (_req: Request, ctx: FreshContext<State>) => {
        ctx.state.user = "ada";
        ctx.state.trail = ["root"];
        return ctx.next();
      },
    },
    "./routes/account/_middleware.ts": {
      handler: (_req: Request, ctx: FreshContext<State>) => {
        // Inner middleware sees what the outer one set.
        ctx.state.trail = [
          ...(ctx.state.trail ?? []),
          `account:${ctx.state.user}`,
        ];
        return ctx.next();
      },
    },
    "./routes/account/index.tsx": {
      handler: {
        GET(_req: Request, ctx: FreshContext<State>) {
          handlerSaw = structuredClone(ctx.state);
          return ctx.render();
        },
      },
      default: ({ state }: PageProps<unknown, State>) => (
        <p>
          {state.user}|{state.trail?.join(",")}
        </p>
      ),
    },
  });

  const res = await fetchText(app, "/account");
  strictEqual(res.status, 200);
  deepStrictEqual(handlerSaw, { user: "ada", trail: ["root", "account:ada"] });
  ok(res.body.includes("<p>ada|root,account:ada</p>"), res.body);
});

Deno.test("middleware: runs for every request, with ctx.destination set", async (t) => {
  const seen: { path: string; destination: Destination; dir: string }[] = [];
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: (_req: Request, ctx: FreshContext) => {
        seen.push({
          path: ctx.url.pathname,
          destination: ctx.destination,
          dir: "root",
        });
        return ctx.next();
      },
    },
    // Folder middleware also covers static files under the same URL prefix.
    "./routes/css/_middleware.ts": {
      handler: (_req: Request, ctx: FreshContext) => {
        seen.push({
          path: ctx.url.pathname,
          destination: ctx.destination,
          dir: "css",
        });
        return ctx.next();
      },
    },
    "./routes/index.tsx": { default: () => <p>home</p> },
  });

  const cases: [string, Destination, number, string[]][] = [
    ["/", "route", 200, ["root"]],
    ["/css/site.css", "static", 200, ["root", "css"]],
    ["/robots.txt", "static", 200, ["root"]],
    ["/_frsh/js/0123abcd/boot.js", "internal", 404, ["root"]],
    ["/does-not-exist", "notFound", 404, ["root"]],
    ["/css/missing.css", "notFound", 404, ["root", "css"]],
  ];
  for (const [path, destination, status, dirs] of cases) {
    await t.step(`${path} -> ${destination}`, async () => {
      seen.length = 0;
      const res = await app(path);
      await res.body?.cancel();
      strictEqual(res.status, status);
      deepStrictEqual(
        seen,
        dirs.map((dir) => ({ path, destination, dir })),
      );
    });
  }
});

Deno.test("middleware: can answer without calling next()", async () => {
  let handlerCalls = 0;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: (req: Request, ctx: FreshContext) => {
        if (req.headers.get("authorization") !== "Bearer ok") {
          return new Response("forbidden", { status: 403 });
        }
        return ctx.next();
      },
    },
    "./routes/secret.tsx": {
      handler: () => {
        handlerCalls++;
        return new Response("the secret");
      },
    },
  });

  const denied = await fetchText(app, "/secret");
  strictEqual(denied.status, 403);
  strictEqual(denied.body, "forbidden");
  strictEqual(handlerCalls, 0);

  const allowed = await fetchText(app, "/secret", {
    headers: { authorization: "Bearer ok" },
  });
  strictEqual(allowed.status, 200);
  strictEqual(allowed.body, "the secret");
  strictEqual(handlerCalls, 1);
});

Deno.test("middleware: a module exporting neither function nor array fails at start-up", async () => {
  await rejects(
    createApp({
      "./routes/_middleware.ts": {
        handler: "nope" as unknown as MiddlewareHandler,
      },
    }),
    /\.\/routes\/_middleware\.ts must export a handler function or array/,
  );
});

Deno.test("middleware: what a sync middleware or handler throws reaches the outer middleware as a rejection of ctx.next()", async () => {
  const caught: string[] = [];
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [
        async (_req: Request, ctx: FreshContext) => {
          const pending = ctx.next();
          strictEqual(pending instanceof Promise, true);
          try {
            return await pending;
          } catch (error) {
            caught.push((error as Error).message);
            return new Response("handled", { status: 418 });
          }
        },
        (req: Request, ctx: FreshContext) => {
          if (new URL(req.url).searchParams.has("mw")) {
            throw new Error("from middleware");
          }
          return ctx.next();
        },
      ],
    },
    "./routes/index.tsx": {
      handler: () => {
        throw new Error("from handler");
      },
    },
  });
  for (const path of ["/?mw", "/"]) {
    const res = await fetchText(app, path);
    strictEqual(res.status, 418);
    strictEqual(res.body, "handled");
  }
  deepStrictEqual(caught, ["from middleware", "from handler"]);
});

Deno.test("middleware: a middleware or handler may answer with a thenable that is not a Promise, as Fresh awaits it", async () => {
  // A thenable resolving to a Response, as a promise from another realm or
  // library would be.
  const later = (res: Response) =>
    ({
      then(resolve: (value: Response) => void) {
        queueMicrotask(() => resolve(res));
      },
    }) as unknown as Promise<Response>;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [
        async (_req: Request, ctx: FreshContext) => {
          const res = await ctx.next();
          res.headers.set("x-outer", "saw it");
          return res;
        },
        (req: Request, ctx: FreshContext) =>
          new URL(req.url).pathname === "/early"
            ? later(new Response("early", { status: 202 }))
            : ctx.next(),
      ],
    },
    "./routes/index.tsx": {
      handler: () =>
        later(Response.redirect("http://localhost/elsewhere", 303)),
    },
  });
  const early = await app("/early");
  strictEqual(early.status, 202);
  strictEqual(await early.text(), "early");
  strictEqual(early.headers.get("x-outer"), "saw it");
  const redirect = await app("/");
  strictEqual(redirect.status, 303);
  strictEqual(redirect.headers.get("location"), "http://localhost/elsewhere");
  strictEqual(redirect.headers.get("x-outer"), "saw it");
});

Deno.test("middleware: ctx.next() answers with a promise, never a synchronous throw, even for a response it cannot make mutable", async () => {
  // `Response.error()` has immutable headers and a status (0) that no copy
  // may take; a stored fetched response's body is already read. Either way
  // the outer middleware's `.catch()` must see the failure.
  const used = await fetch("data:text/plain,read");
  await used.text();
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [
        (_req: Request, ctx: FreshContext) =>
          ctx.next().catch((error: Error) =>
            new Response(`caught ${error.name}`, { status: 418 })
          ),
        (req: Request, ctx: FreshContext) => {
          const path = new URL(req.url).pathname;
          if (path === "/error") return Response.error();
          if (path === "/used") return used;
          return ctx.next();
        },
      ],
    },
    "./routes/index.tsx": { default: () => <p>home</p> },
  });
  for (const path of ["/error", "/used"]) {
    const res = await fetchText(app, path);
    strictEqual(res.status, 418, `${path}: ${res.body}`);
    ok(res.body.startsWith("caught "), res.body);
  }
});

Deno.test("middleware: ctx.next() called again after the route handler ran rejects, and the handler runs once", async () => {
  // As in Fresh 1.7: the chain is a queue, so a second call from the last
  // middleware finds nothing left to run.
  let calls = 0;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: async (_req: Request, ctx: FreshContext) => {
        const first = await ctx.next();
        await first.body?.cancel();
        try {
          const again = await ctx.next();
          await again.body?.cancel();
        } catch {
          return new Response("second call refused", { status: 409 });
        }
        return new Response("second call ran the handler again");
      },
    },
    "./routes/order.ts": {
      handler: {
        POST: () => new Response(`order ${++calls}`, { status: 201 }),
      },
    },
  });
  const res = await fetchText(app, "/order", { method: "POST" });
  strictEqual(calls, 1);
  strictEqual(res.status, 409, res.body);
});

Deno.test("middleware: a middleware that answers without a Response gets the _500 page and a log line that says so", async () => {
  const app = await createApp({
    "./routes/_middleware.ts": {
      // Forgot to return what ctx.next() gave.
      handler: (async (_req: Request, ctx: FreshContext) => {
        await ctx.next();
      }) as unknown as MiddlewareHandler,
    },
    "./routes/index.tsx": { default: () => <p>home</p> },
  });
  let status = 0;
  const logged = await captureConsoleError(async () => {
    const res = await fetchText(app, "/");
    status = res.status;
  });
  strictEqual(status, 500);
  const text = logged.flat().map(String).join(" ");
  ok(/answered with undefined, not a Response/.test(text), text);
});
