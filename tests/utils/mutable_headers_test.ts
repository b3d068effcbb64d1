import { ok, strictEqual } from "node:assert";
import { withMutableHeaders } from "../../utils/mutable_headers.ts";

Deno.test("withMutableHeaders: a response whose headers can change is returned as it is", () => {
  const page = new Response("<p>hi</p>", { status: 200 });
  strictEqual(withMutableHeaders(page), page);
  const redirect = new Response(null, {
    status: 303,
    headers: { location: "/" },
  });
  strictEqual(withMutableHeaders(redirect), redirect);
});

Deno.test("withMutableHeaders: Response.redirect() is copied once, status, location and body kept", async () => {
  const original = Response.redirect("http://127.0.0.1/cart", 303);
  const res = withMutableHeaders(original);
  ok(res !== original);
  res.headers.set("set-cookie", "sid=x");
  strictEqual(res.status, 303);
  strictEqual(res.headers.get("location"), "http://127.0.0.1/cart");
  strictEqual(res.headers.get("set-cookie"), "sid=x");
  strictEqual(await res.text(), "");
});
