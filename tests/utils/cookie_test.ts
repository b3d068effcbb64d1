import { assertEquals, assertThrows } from "./session/_asserts.ts";
import {
  generateDeleteCookie,
  generateSetCookie,
  getCookie,
  getCookies,
} from "../../utils/cookie.ts";

Deno.test("getCookies tolerates garbage and keeps the first of duplicates", () => {
  assertEquals({ ...getCookies(null) }, {});
  assertEquals({ ...getCookies("") }, {});
  assertEquals({ ...getCookies("garbage;;=;a=1; b = x%20y ; a=2") }, {
    a: "1",
    b: "x y",
  });
  const proto = getCookies("__proto__=evil; constructor=c");
  assertEquals(proto["__proto__"], "evil");
  assertEquals(
    "hasOwnProperty" in proto,
    false,
    "no Object.prototype in the chain",
  );
  assertEquals(({} as Record<string, unknown>).evil, undefined);
  assertEquals(getCookies("a=%E0%A4%A").a, "%E0%A4%A", "bad escapes stay raw");
});

Deno.test("getCookie returns the first acceptable raw value", () => {
  const digits = (v: string) => /^\d+$/.test(v);
  assertEquals(getCookie("id=x; id=42; id=7", "id", digits), "42");
  assertEquals(getCookie("id=x", "id", digits), undefined);
  assertEquals(getCookie("id=%34%32", "id", digits), undefined, "no decoding");
  assertEquals(getCookie("id=%34%32", "id"), "%34%32");
  assertEquals(getCookie(null, "id"), undefined);
  assertEquals(getCookie("other=1", "id"), undefined);
  assertEquals(getCookie("xid=1; id=2", "id"), "2");
});

Deno.test("generateSetCookie and generateDeleteCookie", () => {
  assertEquals(
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
  assertEquals(
    generateDeleteCookie("sid", { path: "/", httpOnly: true }),
    "sid=; Max-Age=0; Path=/; HttpOnly",
  );
  assertThrows(
    () => generateSetCookie({ name: "bad name", value: "x" }),
    TypeError,
  );
});
