import { deepStrictEqual, strictEqual, throws } from "node:assert";
import {
  generateDeleteCookie,
  generateSetCookie,
  getCookie,
  getCookies,
} from "../../utils/cookie.ts";

Deno.test("getCookies tolerates garbage and keeps the first of duplicates", () => {
  deepStrictEqual({ ...getCookies(null) }, {});
  deepStrictEqual({ ...getCookies("") }, {});
  deepStrictEqual({ ...getCookies("garbage;;=;a=1; b = x%20y ; a=2") }, {
    a: "1",
    b: "x y",
  });
  const proto = getCookies("__proto__=evil; constructor=c");
  strictEqual(proto["__proto__"], "evil");
  strictEqual(
    "hasOwnProperty" in proto,
    false,
    "no Object.prototype in the chain",
  );
  strictEqual(({} as Record<string, unknown>).evil, undefined);
  strictEqual(getCookies("a=%E0%A4%A").a, "%E0%A4%A", "bad escapes stay raw");
});

Deno.test("getCookie returns the first acceptable raw value", () => {
  const digits = (v: string) => /^\d+$/.test(v);
  strictEqual(getCookie("id=x; id=42; id=7", "id", digits), "42");
  strictEqual(getCookie("id=x", "id", digits), undefined);
  strictEqual(getCookie("id=%34%32", "id", digits), undefined, "no decoding");
  strictEqual(getCookie("id=%34%32", "id"), "%34%32");
  strictEqual(getCookie(null, "id"), undefined);
  strictEqual(getCookie("other=1", "id"), undefined);
  strictEqual(getCookie("xid=1; id=2", "id"), "2");
});

Deno.test("generateSetCookie and generateDeleteCookie", () => {
  strictEqual(
    generateSetCookie({
      name: "__Host-sid",
      value: "abc",
      path: "/",
      httpOnly: true,
      secure: true,
      sameSite: "lax",
      maxAge: 60,
    }),
    "__Host-sid=abc; Max-Age=60; Path=/; HttpOnly; Secure; SameSite=Lax",
  );
  strictEqual(
    generateDeleteCookie("sid", { path: "/", httpOnly: true }),
    "sid=; Max-Age=0; Path=/; HttpOnly",
  );
  throws(
    () => generateSetCookie({ name: "bad name", value: "x" }),
    TypeError,
  );
});
