import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert";
import type {
  FreshContext,
  Handlers,
  Manifest,
  PageProps,
} from "$fresh/server.ts";
import { createApp, fetchText } from "./test_utils.ts";

function text(label: string) {
  return function Page() {
    return <p>{label}</p>;
  };
}

/** Shows both `ctx.params` (via the handler) and `PageProps.params`. */
const paramHandler: Handlers<Record<string, string>> = {
  GET(_req, ctx) {
    return ctx.render({ ...ctx.params });
  },
};

/** `{ a: "1", b: "2" }` as `a=1;b=2`: no characters that HTML escapes. */
function show(params: Record<string, string>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(";");
}

function ParamPage({ params, data }: PageProps<Record<string, string>>) {
  return (
    <p>
      props[{show(params)}] ctx[{show(data)}]
    </p>
  );
}

const ROUTES: Manifest["routes"] = {
  "./routes/index.tsx": { default: text("home") },
  "./routes/about.tsx": { default: text("about") },
  "./routes/docs/index.tsx": { default: text("docs index") },
  "./routes/docs/getting-started.tsx": { default: text("getting started") },
  "./routes/products/new.tsx": { default: text("new product") },
  "./routes/products/[id].tsx": { default: ParamPage, handler: paramHandler },
  "./routes/products/[...rest].tsx": {
    default: ParamPage,
    handler: paramHandler,
  },
  "./routes/files/[...path].tsx": { default: ParamPage, handler: paramHandler },
  "./routes/[slug].tsx": { default: ParamPage, handler: paramHandler },
  "./routes/legacy.tsx": {
    default: ParamPage,
    handler: paramHandler,
    config: { routeOverride: "/old/:year/:slug" },
  },
  "./routes/(marketing)/pricing.tsx": { default: text("pricing") },
  "./routes/(marketing)/_layout.tsx": {
    default: ({ Component }: PageProps) => (
      <div class="marketing">
        <Component />
      </div>
    ),
  },
  "./routes/(marketing)/_middleware.ts": {
    handler: async (_req: Request, ctx: FreshContext) => {
      const res = await ctx.next();
      res.headers.set("x-group", "marketing");
      return res;
    },
  },
  "./routes/_404.tsx": { default: text("custom not found") },
};

/** [path, status, text the body must contain] */
const CASES: [string, number, string][] = [
  ["/", 200, "home"],
  ["/about", 200, "about"],
  ["/docs", 200, "docs index"],
  ["/docs/getting-started", 200, "getting started"],
  // Static beats param beats rest, whatever the manifest order.
  ["/products/new", 200, "new product"],
  ["/products/42", 200, "props[id=42] ctx[id=42]"],
  [
    "/products/42/reviews/7",
    200,
    "props[rest=42/reviews/7] ctx[rest=42/reviews/7]",
  ],
  ["/files/a/b/c.txt", 200, "props[path=a/b/c.txt]"],
  // A top-level param doesn't shadow static routes next to it.
  ["/anything", 200, "props[slug=anything]"],
  // Params are percent-decoded, after the path is split into segments.
  ["/products/caf%C3%A9", 200, "props[id=café] ctx[id=café]"],
  ["/products/a%2Fb", 200, "props[id=a/b]"],
  ["/products/%20x%20", 200, "props[id= x ]"],
  // routeOverride replaces the pattern derived from the file name.
  [
    "/old/2020/hello",
    200,
    "props[year=2020;slug=hello] ctx[year=2020;slug=hello]",
  ],
  ["/legacy/x", 404, "custom not found"],
  // A (group) folder adds no URL segment.
  ["/pricing", 200, "pricing"],
  ["/marketing/pricing", 404, "custom not found"],
  ["/(marketing)/pricing", 404, "custom not found"],
  ["/docs/getting-started/more", 404, "custom not found"],
  // Malformed percent-encoding is a 404, never a 500.
  ["/products/%E0%A4%A", 404, "custom not found"],
  ["/files/%", 404, "custom not found"],
  ["/%ZZ", 404, "custom not found"],
];

function reversed(routes: Manifest["routes"]): Manifest["routes"] {
  return Object.fromEntries(Object.entries(routes).reverse());
}

for (
  const [order, routes] of [["manifest", ROUTES], [
    "reversed",
    reversed(ROUTES),
  ]] as const
) {
  Deno.test(`routing (${order} order): paths map to the right route`, async (t) => {
    const app = await createApp(routes);
    for (const [path, status, expected] of CASES) {
      await t.step(`${path} -> ${status}`, async () => {
        const res = await fetchText(app, path);
        strictEqual(res.status, status, res.body);
        ok(
          res.body.includes(expected),
          `expected ${JSON.stringify(expected)} in ${res.body}`,
        );
      });
    }
  });
}

Deno.test("routing: ctx.params of a rest route are visible to its handler", async () => {
  let seen: Record<string, string> | undefined;
  const app = await createApp({
    "./routes/docs/[...slug].tsx": {
      handler: (_req: Request, ctx: FreshContext) => {
        seen = ctx.params;
        return new Response(ctx.route);
      },
    },
  });
  const { body } = await fetchText(app, "/docs/a/b%20c");
  deepStrictEqual(seen, { slug: "a/b c" });
  strictEqual(body, "/docs/:slug*");
});

Deno.test("routing: a group's _layout and _middleware apply only inside the group", async () => {
  const app = await createApp(ROUTES);
  const inside = await fetchText(app, "/pricing");
  ok(inside.body.includes('<div class="marketing"><p>pricing</p></div>'));
  strictEqual(inside.res.headers.get("x-group"), "marketing");

  for (const path of ["/about", "/", "/products/1", "/no/such/page"]) {
    const outside = await fetchText(app, path);
    ok(!outside.body.includes("marketing"), `${path}: ${outside.body}`);
    strictEqual(outside.res.headers.get("x-group"), null, path);
  }
});

Deno.test("routing: without a _404 page, unmatched paths still get a 404 page", async () => {
  const app = await createApp({
    "./routes/index.tsx": { default: text("home") },
  });
  for (const path of ["/missing", "/%E0%A4%A", "/a/%"]) {
    const res = await fetchText(app, path);
    strictEqual(res.status, 404, path);
    ok(res.body.includes("404"), res.body);
    ok(res.body.startsWith("<!DOCTYPE html>"), res.body);
  }
});

Deno.test("routing: an unsupported file name fails at start-up", async () => {
  await rejects(
    createApp({ "./routes/a[b].tsx": { default: text("x") } }),
    /Unsupported route segment "a\[b\]"/,
  );
});
