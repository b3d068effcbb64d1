/**
 * Fresh 1.7's CSP mechanism: `config.csp` on a route, `useCSP()` while it
 * renders, and a per-response nonce on the scripts the runtime emits.
 */
import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert";
import { signal } from "@preact/signals";
import { createHandler, type PageProps } from "$fresh/server.ts";
import { NONE, SELF, useCSP } from "$fresh/runtime.ts";
import fixture from "./fixtures/islands_app/fresh.gen.ts";
import { Display } from "./fixtures/islands_app/islands/Display.tsx";
import { createApp, fetchText } from "./test_utils.ts";

function StrictPolicy() {
  useCSP((csp) => {
    csp.directives.defaultSrc = [SELF];
    csp.directives.styleSrc = [SELF];
    csp.directives.scriptSrc = [SELF];
    csp.directives.frameAncestors = [NONE];
  });
  return null;
}

const NONCE = /'nonce-([0-9a-f]{32})'/;

Deno.test("csp: a route with config.csp gets the policy its components set, plus a nonce", async () => {
  const app = await createApp({
    "./routes/index.tsx": {
      default: () => <StrictPolicy />,
      config: { csp: true },
    },
  });
  const { res } = await fetchText(app, "/");
  const policy = res.headers.get("content-security-policy") ?? "";
  const match = NONCE.exec(policy);
  ok(match, policy);
  strictEqual(
    policy,
    `default-src 'self'; style-src 'self'; script-src 'self' 'nonce-${
      match[1]
    }'; frame-ancestors 'none'`,
  );
});

Deno.test("csp: without useCSP the page gets Fresh's default policy", async () => {
  const app = await createApp({
    "./routes/index.tsx": { default: () => <p>hi</p>, config: { csp: true } },
  });
  const { res } = await fetchText(app, "/");
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(
    /^default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-[0-9a-f]{32}'$/
      .test(policy),
    policy,
  );
});

Deno.test("csp: a route without config.csp gets no policy, and useCSP does nothing there", async () => {
  let called = false;
  function Probe() {
    useCSP(() => called = true);
    return <p>hi</p>;
  }
  const app = await createApp({ "./routes/index.tsx": { default: Probe } });
  const { res, body } = await fetchText(app, "/");
  strictEqual(res.headers.get("content-security-policy"), null);
  strictEqual(called, false);
  ok(!body.includes("nonce"), body);
});

Deno.test("csp: reportOnly sends the report-only header", async () => {
  function ReportOnly() {
    useCSP((csp) => {
      csp.reportOnly = true;
      csp.directives.reportUri = "/csp-report";
    });
    return null;
  }
  const app = await createApp({
    "./routes/index.tsx": { default: ReportOnly, config: { csp: true } },
  });
  const { res } = await fetchText(app, "/");
  strictEqual(res.headers.get("content-security-policy"), null);
  ok(
    /report-uri \/csp-report/.test(
      res.headers.get("content-security-policy-report-only") ?? "",
    ),
  );
});

Deno.test("csp: _404 and _500 pages honour their own config.csp", async () => {
  const app = await createApp({
    "./routes/_404.tsx": {
      default: () => <StrictPolicy />,
      config: { csp: true },
    },
    "./routes/_500.tsx": {
      default: () => <StrictPolicy />,
      config: { csp: true },
    },
    "./routes/boom.tsx": {
      handler: () => {
        throw new Error("boom");
      },
    },
  });
  const missing = await fetchText(app, "/nope");
  strictEqual(missing.status, 404);
  ok(NONCE.test(missing.res.headers.get("content-security-policy") ?? ""));
  const original = console.error;
  console.error = () => {};
  try {
    const failed = await fetchText(app, "/boom");
    strictEqual(failed.status, 500);
    ok(NONCE.test(failed.res.headers.get("content-security-policy") ?? ""));
  } finally {
    console.error = original;
  }
});

Deno.test("csp: every script the runtime emits carries this response's nonce, and no two responses share one", async () => {
  const count = signal(1);
  function Page(_props: PageProps) {
    return (
      <>
        <StrictPolicy />
        <Display count={count} />
      </>
    );
  }
  const handler = await createHandler({
    ...fixture,
    routes: { "./routes/index.tsx": { default: Page, config: { csp: true } } },
  }, { build: { outDir: "/nonexistent/_fresh" } });
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await handler(new Request("http://localhost/"));
    const body = await res.text();
    const policy = res.headers.get("content-security-policy") ?? "";
    const value = NONCE.exec(policy)?.[1];
    ok(value, policy);
    ok(!policy.includes("unsafe-inline"), policy);
    const scripts = body.match(/<script\b[^>]*>/g) ?? [];
    ok(scripts.length >= 1, body);
    deepStrictEqual(
      scripts.filter((tag) => !tag.includes(` nonce="${value}"`)),
      [],
    );
    nonces.push(value);
  }
  notStrictEqual(nonces[0], nonces[1]);
});

/** The header lines of one raw HTTP/1.1 exchange with `handler`, served. */
async function wireHeaderLines(
  handler: (req: Request) => Response | Promise<Response>,
): Promise<string[]> {
  await using server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
  }, handler);
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: server.addr.port,
  });
  await conn.write(
    new TextEncoder().encode(
      "GET / HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n",
    ),
  );
  const text = await new Response(conn.readable).text();
  const head = text.slice(0, text.indexOf("\r\n\r\n")).split("\r\n");
  return head.slice(1).filter((line) => !/^(date|content-length):/i.test(line));
}

Deno.test("csp: a page's header block on the wire: the policy, then the content type, then what middleware added", async () => {
  const handler = await createHandler({
    routes: {
      "./routes/_middleware.ts": {
        handler: async (_req: Request, ctx: { next(): Promise<Response> }) => {
          const res = await ctx.next();
          res.headers.set("x-frame-options", "DENY");
          return res;
        },
      },
      "./routes/index.tsx": {
        default: () => <StrictPolicy />,
        config: { csp: true },
      },
    },
    islands: {},
    baseUrl: new URL("./fixtures/basic/fresh.gen.ts", import.meta.url).href,
  });
  const lines = await wireHeaderLines(handler);
  deepStrictEqual(
    lines.map((line) => line.replace(/'nonce-[0-9a-f]{32}'/, "'nonce-N'")),
    [
      "content-security-policy: default-src 'self'; style-src 'self'; script-src 'self' 'nonce-N'; frame-ancestors 'none'",
      "content-type: text/html; charset=utf-8",
      "x-frame-options: DENY",
      "connection: close",
    ],
  );
});
