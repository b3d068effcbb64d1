import { strictEqual } from "node:assert";
import { isCrossSiteRequest } from "../../../utils/http/csrf.ts";

type Case = [
  name: string,
  method: string,
  headers: Record<string, string>,
  options: { trusted?: string[]; trustProxy?: boolean },
  refused: boolean,
];

const URL_HTTP = new URL("http://shop.example/cart/add");

Deno.test("CSRF: which requests are refused", () => {
  const cases: Case[] = [
    ["same-origin POST", "POST", { origin: "http://shop.example" }, {}, false],
    [
      "same-origin by fetch metadata",
      "POST",
      {
        "sec-fetch-site": "same-origin",
      },
      {},
      false,
    ],
    ["no headers (curl)", "POST", {}, {}, false],
    ["GET from anywhere", "GET", { "sec-fetch-site": "cross-site" }, {}, false],
    [
      "HEAD from anywhere",
      "HEAD",
      { origin: "https://evil.example" },
      {},
      false,
    ],
    [
      "cross-site by fetch metadata",
      "POST",
      {
        "sec-fetch-site": "cross-site",
      },
      {},
      true,
    ],
    ["foreign Origin", "POST", { origin: "https://evil.example" }, {}, true],
    ["opaque Origin", "POST", { origin: "null" }, {}, true],
    ["other scheme", "POST", { origin: "https://shop.example" }, {}, true],
    ["other port", "POST", { origin: "http://shop.example:8080" }, {}, true],
    [
      "sibling subdomain",
      "DELETE",
      { origin: "http://a.shop.example" },
      {},
      true,
    ],
    ["trusted extra origin", "POST", { origin: "https://admin.example" }, {
      trusted: ["https://admin.example"],
    }, false],
    [
      "https proxy, trusted",
      "POST",
      {
        origin: "https://shop.example",
        "x-forwarded-proto": "https",
      },
      { trustProxy: true },
      false,
    ],
    [
      "https proxy, not trusted",
      "POST",
      {
        origin: "https://shop.example",
        "x-forwarded-proto": "https",
      },
      {},
      true,
    ],
    [
      "proxy with a rewritten host",
      "POST",
      {
        origin: "https://www.shop.example",
        "x-forwarded-proto": "https, http",
        "x-forwarded-host": "www.shop.example",
      },
      { trustProxy: true },
      false,
    ],
    [
      "forged forwarded host still needs a matching Origin",
      "POST",
      {
        origin: "https://evil.example",
        "x-forwarded-proto": "https",
      },
      { trustProxy: true },
      true,
    ],
  ];
  for (const [name, method, headers, options, refused] of cases) {
    const req = new Request(URL_HTTP, { method, headers });
    const reason = isCrossSiteRequest(
      req,
      URL_HTTP,
      options.trusted,
      options.trustProxy,
    );
    strictEqual(reason !== null, refused, `${name}: ${reason}`);
  }
});
