/**
 * Fresh 1.7 renders every page inside `HEAD_CONTEXT` and, on routes with
 * `config.csp`, `CSP_CONTEXT` Providers, and exports both from
 * `$fresh/runtime.ts`: code that reads them with `useContext` (a plugin's
 * component, say) reaches the page's head and policy.
 */
import { ok, strictEqual } from "node:assert";
import { Component, type ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { CSP_CONTEXT, HEAD_CONTEXT } from "$fresh/runtime.ts";
import { createApp, fetchText } from "./test_utils.ts";

Deno.test("useContext(CSP_CONTEXT) and useContext(HEAD_CONTEXT) in a page reach the page's policy and head, as in Fresh 1.7", async () => {
  function Plugin() {
    const policy = useContext(CSP_CONTEXT);
    if (policy) policy.directives.imgSrc = ["https://img.example"];
    useContext(HEAD_CONTEXT)?.push(<meta name="plugin" content="on" />);
    return <p>plugin</p>;
  }
  const app = await createApp({
    "./routes/index.tsx": { default: () => <Plugin />, config: { csp: true } },
  });
  const { res, body } = await fetchText(app, "/");
  strictEqual(res.status, 200);
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(policy.includes("img-src https://img.example"), policy);
  const head = body.slice(0, body.indexOf("</head>"));
  ok(head.includes('<meta name="plugin" content="on"/>'), head);
});

Deno.test("a class component's contextType and a Consumer reach the page's head and policy too", async () => {
  class ClassPlugin extends Component {
    static override contextType = HEAD_CONTEXT;
    override render() {
      (this.context as ComponentChildren[]).push(<meta name="class" />);
      return null;
    }
  }
  const app = await createApp({
    "./routes/index.tsx": {
      default: () => (
        <>
          <ClassPlugin />
          <CSP_CONTEXT.Consumer>
            {(policy) => {
              if (policy) policy.directives.fontSrc = ["https://font.example"];
              return null;
            }}
          </CSP_CONTEXT.Consumer>
        </>
      ),
      config: { csp: true },
    },
  });
  const { res, body } = await fetchText(app, "/");
  const policy = res.headers.get("content-security-policy") ?? "";
  ok(policy.includes("font-src https://font.example"), policy);
  ok(body.slice(0, body.indexOf("</head>")).includes('<meta name="class"/>'));
});
