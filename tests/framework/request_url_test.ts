import { strictEqual } from "node:assert";
import { isValidHost, requestUrl } from "../../framework/src/request_url.ts";

Deno.test("isValidHost: RFC 9112 Host values, and what must be a 400", () => {
  const cases: [string, boolean][] = [
    ["localhost", true],
    ["localhost:8000", true],
    ["127.0.0.1", true],
    ["[::1]:8000", true],
    ["shop.example:", true],
    ["", true],
    ["%41bc.example", true],
    ["a b", false],
    ["x:99999", false],
    ["x:8o", false],
    ["%", false],
    ["%4", false],
    ["127.0.0.1/account/sessions?", false],
    ["127.0.0.1\\cart", false],
    ["h@x", false],
    ["h#x", false],
    ["h?x", false],
    ["[::1", false],
    ["é", false],
  ];
  for (const [host, valid] of cases) {
    strictEqual(isValidHost(host), valid, JSON.stringify(host));
  }
});

Deno.test("requestUrl: the path is the target's, whatever the Host says", () => {
  const plain = requestUrl(new Request("http://localhost/about?x=1"));
  strictEqual(plain?.pathname, "/about");
  strictEqual(plain?.search, "?x=1");
  const refused = requestUrl(
    new Request("http://127.0.0.1/account/sessions?/about", {
      headers: { host: "127.0.0.1/account/sessions?" },
    }),
  );
  strictEqual(refused, null);
  const ok = requestUrl(
    new Request("http://shop.example:8000/cart", {
      headers: { host: "shop.example:8000" },
    }),
  );
  strictEqual(ok?.pathname, "/cart");
});
