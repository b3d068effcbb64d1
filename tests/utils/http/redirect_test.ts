import { strictEqual } from "node:assert";
import { safeNext, seeOther } from "../../../utils/http/redirect.ts";

Deno.test("safeNext keeps same-origin paths and refuses everything else", () => {
  const cases: [string | null, string][] = [
    ["/cart", "/cart"],
    ["/posts?page=2#top", "/posts?page=2#top"],
    ["/a/../b", "/b"],
    [null, "/fallback"],
    ["", "/fallback"],
    ["cart", "/fallback"],
    ["https://evil.example/", "/fallback"],
    ["//evil.example/", "/fallback"],
    ["/\\evil.example", "/fallback"],
    ["\\\\evil.example", "/fallback"],
    ["/\t/evil.example", "/fallback"],
    ["/\n/evil.example", "/fallback"],
    ["javascript:alert(1)", "/fallback"],
    ["/.//evil.example", "/fallback"],
    ["/a/..//evil.example", "/fallback"],
    ["/%2e//evil.example", "/fallback"],
    ["/%2E%2E//evil.example/x", "/fallback"],
    ["/" + "x".repeat(3000), "/fallback"],
  ];
  for (const [next, expected] of cases) {
    strictEqual(safeNext(next, "/fallback"), expected, JSON.stringify(next));
  }
});

Deno.test("seeOther answers 303 with the location", () => {
  const res = seeOther("/cart");
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "/cart");
});
