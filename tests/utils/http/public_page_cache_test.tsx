import { deepStrictEqual, strictEqual, throws } from "node:assert";
import type { FreshContext } from "$fresh/server.ts";
import {
  markPublicPage,
  publicPageCache,
  type PublicPageCacheOptions,
  type PublicPageState,
} from "../../../utils/http/public_page_cache.ts";
import { createApp, fetchText } from "../../framework/test_utils.ts";

/** An app whose routes count their renders, behind the cache. */
async function appWithCache(options: PublicPageCacheOptions = {}) {
  const renders: Record<string, number> = {};
  const page = (name: string, mark: boolean, init?: ResponseInit) => ({
    handler: (_req: Request, ctx: FreshContext<PublicPageState>) => {
      renders[name] = (renders[name] ?? 0) + 1;
      if (mark) markPublicPage(ctx);
      return ctx.render(undefined, init);
    },
    default: () => <p>{name} render {renders[name]}</p>,
  });
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [
        publicPageCache(options),
        async (_req: Request, ctx: FreshContext) => {
          const res = await ctx.next();
          res.headers.set("x-outer", "kept");
          return res;
        },
      ],
    },
    "./routes/index.tsx": page("home", true),
    "./routes/private.tsx": page("private", false),
    "./routes/gone.tsx": page("gone", true, { status: 410 }),
    "./routes/starts-session.tsx": page("starts-session", true, {
      headers: { "set-cookie": "sid=new; Path=/; HttpOnly" },
    }),
  });
  return { app, renders };
}

Deno.test("a marked page is rendered once for cookieless visitors, then served with the same body and headers", async () => {
  const { app, renders } = await appWithCache();
  const first = await fetchText(app, "/");
  const second = await fetchText(app, "/");
  strictEqual(renders.home, 1);
  strictEqual(second.status, 200);
  strictEqual(second.body, first.body);
  strictEqual(second.res.headers.get("x-outer"), "kept");
  strictEqual(
    second.res.headers.get("content-type"),
    first.res.headers.get("content-type"),
  );
});

Deno.test("a request with any cookie, or another method, always reaches the route", async () => {
  const { app, renders } = await appWithCache();
  await fetchText(app, "/");
  const withCookie = await fetchText(app, "/", {
    headers: { cookie: "sid=abc" },
  });
  strictEqual(renders.home, 2);
  strictEqual(withCookie.body.includes("render 2"), true);
  await fetchText(app, "/", { method: "HEAD" });
  strictEqual(renders.home, 3);
});

Deno.test("unmarked pages, non-200 answers and answers that set a cookie are never kept", async () => {
  const { app, renders } = await appWithCache();
  for (const path of ["/private", "/gone", "/starts-session"]) {
    await fetchText(app, path);
    await fetchText(app, path);
  }
  deepStrictEqual(renders, { private: 2, gone: 2, "starts-session": 2 });
});

Deno.test("a kept page is rendered again after maxAge, and the oldest is evicted past maxEntries", async () => {
  const clock = { now: 0 };
  const { app, renders } = await appWithCache({
    maxAge: 60,
    maxEntries: 2,
    now: () => clock.now,
  });
  await fetchText(app, "/");
  clock.now = 59_999;
  await fetchText(app, "/");
  strictEqual(renders.home, 1);
  clock.now = 60_000;
  await fetchText(app, "/");
  strictEqual(renders.home, 2);
  // Two more URLs of the same page push "/" out.
  await fetchText(app, "/?a");
  await fetchText(app, "/?b");
  await fetchText(app, "/");
  strictEqual(renders.home, 5);
});

Deno.test("bad options are refused at construction", () => {
  throws(() => publicPageCache({ maxEntries: 0 }), /maxEntries/);
  throws(() => publicPageCache({ maxAge: 1.5 }), /maxAge/);
});

for (
  const nonce of [
    "0123456789abcdef0123456789abcdef",
    "c2hvcnRlciBub25jZQ==", // another app's shorter base64 nonce
  ]
) {
  Deno.test(`a kept page with the CSP nonce ${nonce} is served with a fresh nonce everywhere it appeared, and the same bytes elsewhere`, async () => {
    const body =
      `<p>Café ☕ 🍵 ${nonce}</p><script nonce="${nonce}">1</script>é`;
    const app = await createApp({
      "./routes/_middleware.ts": { handler: [publicPageCache()] },
      "./routes/index.tsx": {
        handler: (_req: Request, ctx: FreshContext<PublicPageState>) => {
          markPublicPage(ctx);
          return new Response(body, {
            headers: {
              "content-type": "text/html; charset=utf-8",
              "content-security-policy": `script-src 'nonce-${nonce}'`,
            },
          });
        },
      },
    });
    const first = await fetchText(app, "/");
    strictEqual(first.body, body);
    const seen = new Set([nonce]);
    for (let i = 0; i < 3; i++) {
      const hit = await fetchText(app, "/");
      const policy = hit.res.headers.get("content-security-policy")!;
      const fresh = /'nonce-([0-9a-f]{32})'/.exec(policy)?.[1];
      strictEqual(typeof fresh, "string", policy);
      strictEqual(seen.has(fresh!), false, "a nonce served twice");
      seen.add(fresh!);
      strictEqual(hit.body, body.replaceAll(nonce, fresh!));
    }
  });
}

Deno.test("a kept page without a nonce is served whole on every hit", async () => {
  const { app } = await appWithCache();
  const first = await fetchText(app, "/");
  for (let i = 0; i < 3; i++) {
    strictEqual((await fetchText(app, "/")).body, first.body);
  }
});

Deno.test("a hit sends every header the first answer sent, in the same order and bytes, but for the policy's nonce", async () => {
  const nonce = "0123456789abcdef0123456789abcdef";
  const policy =
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; object-src 'none'`;
  const app = await createApp({
    "./routes/_middleware.ts": {
      handler: [
        publicPageCache(),
        async (_req: Request, ctx: FreshContext) => {
          const res = await ctx.next();
          res.headers.set("x-frame-options", "DENY");
          res.headers.set("vary", "Cookie");
          return res;
        },
      ],
    },
    "./routes/index.tsx": {
      handler: (_req: Request, ctx: FreshContext<PublicPageState>) => {
        markPublicPage(ctx);
        return new Response(`<script nonce="${nonce}"></script>`, {
          headers: {
            "cache-control": "private",
            "content-security-policy": policy,
            "content-type": "text/html; charset=utf-8",
          },
        });
      },
    },
  });
  const first = [...(await fetchText(app, "/")).res.headers];
  const hit = await fetchText(app, "/");
  const fresh = /'nonce-([0-9a-f]{32})'/.exec(
    hit.res.headers.get("content-security-policy")!,
  )?.[1];
  strictEqual(typeof fresh, "string");
  strictEqual(fresh === nonce, false, "the stored nonce served again");
  deepStrictEqual(
    [...hit.res.headers],
    first.map(([name, value]) => [name, value.replace(nonce, fresh!)]),
  );
  strictEqual(hit.body, `<script nonce="${fresh}"></script>`);
});

Deno.test("hits draw a new 128-bit hex nonce each, none repeated, across many hits", async () => {
  const nonce = "0123456789abcdef0123456789abcdef";
  const app = await createApp({
    "./routes/_middleware.ts": { handler: [publicPageCache()] },
    "./routes/index.tsx": {
      handler: (_req: Request, ctx: FreshContext<PublicPageState>) => {
        markPublicPage(ctx);
        return new Response(`<script nonce="${nonce}"></script>`, {
          headers: { "content-security-policy": `script-src 'nonce-${nonce}'` },
        });
      },
    },
  });
  await fetchText(app, "/");
  const seen = new Set([nonce]);
  // More hits than one draw of random bytes covers.
  for (let i = 0; i < 700; i++) {
    const hit = await fetchText(app, "/");
    const fresh = /^<script nonce="([0-9a-f]{32})"><\/script>$/.exec(
      hit.body,
    )?.[1];
    strictEqual(typeof fresh, "string", hit.body);
    strictEqual(seen.has(fresh!), false, "a nonce served twice");
    seen.add(fresh!);
    strictEqual(
      hit.res.headers.get("content-security-policy"),
      `script-src 'nonce-${fresh}'`,
    );
  }
});
