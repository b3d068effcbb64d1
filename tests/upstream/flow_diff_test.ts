import { deepStrictEqual, strictEqual } from "node:assert";
import {
  compare,
  linkMarks,
  normaliseCsp,
  normaliseSetCookie,
  type Observation,
  visibleText,
} from "./flow_diff.ts";

const PAGE: Observation = {
  status: 200,
  location: "",
  allow: "",
  setCookie: "",
  cacheControl: "private",
  csp: "script-src 'self' 'nonce'",
  text: "Catalogue",
  links: "",
};

Deno.test("flow diff: a difference not on the allow-list is unexplained, one on it is accepted", () => {
  const ours = new Map([["page", PAGE], ["405", { ...PAGE, allow: "GET" }]]);
  const upstream = new Map([
    ["page", { ...PAGE, cacheControl: "public" }],
    ["405", PAGE],
  ]);
  const allowed = [
    { step: "405", field: "allow" as const, why: "ours" },
    { step: "gone", field: "text" as const, why: "stale" },
  ];
  const result = compare(ours, upstream, allowed);
  deepStrictEqual(result.unexplained, [{
    step: "page",
    field: "cacheControl",
    ours: "private",
    upstream: "public",
  }]);
  strictEqual(result.accepted.length, 1);
  deepStrictEqual(result.unused, [allowed[1]]);
});

Deno.test("flow diff: cookies compare on attributes, not on token values or dates", () => {
  strictEqual(
    normaliseSetCookie([
      "sid=abc123; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 01 Jan 2027 00:00:00 GMT",
    ]),
    normaliseSetCookie([
      "sid=zzz999; SameSite=Lax; HttpOnly; Expires=Thu, 02 Jan 2027 00:00:00 GMT; Path=/",
    ]),
  );
  // Deleting a cookie is not setting one.
  strictEqual(
    normaliseSetCookie(["sid=; Path=/; Max-Age=0"]),
    "sid=; max-age=0; path=/",
  );
  strictEqual(
    normaliseCsp("script-src 'self' 'nonce-abc'; style-src 'self'"),
    "script-src 'self' 'nonce'; style-src 'self'",
  );
});

Deno.test("flow diff: visible text leaves out markup, scripts and comments", () => {
  strictEqual(
    visibleText(
      '<title>A &amp; B</title><script nonce="x">boot()</script><!--frsh:0--><p>Hi&#x2615;</p>',
      "text/html; charset=utf-8",
    ),
    "A & B Hi☕",
  );
});

Deno.test("flow diff: links compare on Fresh's marks, images on their URLs without the build id", () => {
  strictEqual(
    linkMarks(
      '<a href="/" data-ancestor="true" aria-current="true">x</a><a href="/posts">p</a>' +
        '<img src="/logo.svg?__frsh_c=abc123" alt/>',
    ),
    "/ true true | /logo.svg?__frsh_c=BUILD",
  );
});
