/**
 * A page that renders a separate document of its own with `renderToString`
 * (an e-mail preview shown in an `<iframe srcdoc>`): the `<Head>` and
 * `useCSP` of that inner document belong to it, as in Fresh 1.7, where both
 * read the nearest Provider. They must neither change the page's `<head>`
 * nor its Content-Security-Policy.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert";
import type { ComponentChildren } from "preact";
import { renderToString } from "preact-render-to-string";
import {
  type ContentSecurityPolicy,
  CSP_CONTEXT,
  Head,
  HEAD_CONTEXT,
  useCSP,
} from "$fresh/runtime.ts";
import { createApp, fetchText } from "./test_utils.ts";

function EmailDocument() {
  useCSP((csp) => csp.directives.imgSrc = ["*"]);
  return (
    <>
      <Head>
        <title>Your order shipped</title>
      </Head>
      <p>Hello</p>
    </>
  );
}

Deno.test("nested renderToString: its own Providers get its <Head> and useCSP, the page keeps its head and policy", async () => {
  const innerHead: ComponentChildren[] = [];
  const innerPolicy: ContentSecurityPolicy = {
    directives: {},
    reportOnly: false,
  };
  function Preview() {
    const html = renderToString(
      <HEAD_CONTEXT.Provider value={innerHead}>
        <CSP_CONTEXT.Provider value={innerPolicy}>
          <EmailDocument />
        </CSP_CONTEXT.Provider>
      </HEAD_CONTEXT.Provider>,
    );
    return <iframe title="preview" srcdoc={html} />;
  }
  const app = await createApp({
    "./routes/preview.tsx": {
      default: () => (
        <>
          <Head>
            <title>Preview</title>
          </Head>
          <Preview />
        </>
      ),
      config: { csp: true },
    },
  });
  const { res, body } = await fetchText(app, "/preview");
  strictEqual(res.status, 200);
  const head = body.slice(0, body.indexOf("</head>"));
  ok(!head.includes("Your order shipped"), head);
  ok(head.includes("<title>Preview</title>"), head);
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(!policy.includes("img-src *"), policy);
  strictEqual(
    renderToString(<>{innerHead}</>),
    "<title>Your order shipped</title>",
  );
  deepStrictEqual(innerPolicy.directives.imgSrc, ["*"]);
});
