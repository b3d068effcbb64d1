import { deepStrictEqual, ok, strictEqual } from "node:assert";
import {
  generateRef,
  generateToken,
  hashToken,
  isWellFormedToken,
  logHash,
  TOKEN_LENGTH,
} from "../../../utils/session/token.ts";

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

Deno.test("tokens are 43 base64url chars and well-formed", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 500; i++) {
    const token = generateToken();
    deepStrictEqual(token.length, TOKEN_LENGTH);
    ok(isWellFormedToken(token), token);
    seen.add(token);
  }
  strictEqual(seen.size, 500);
});

Deno.test("isWellFormedToken rejects near misses", () => {
  const t = generateToken();
  for (
    const bad of [
      undefined,
      null,
      42,
      "",
      t.slice(1),
      t + "A",
      t.slice(0, 42) + "=",
      t.slice(0, 42) + "B", // non-canonical final char
      t.slice(0, 41) + "+A",
      t.slice(0, 41) + "/A",
      " " + t.slice(1),
      "é".repeat(43),
    ]
  ) {
    ok(!isWellFormedToken(bad), String(bad));
  }
});

Deno.test("hashToken is SHA-256 in base64url; logHash is short, salted, stable in-process", async () => {
  const token = generateToken();
  const expected = btoa(String.fromCharCode(
    ...new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
    ),
  )).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  deepStrictEqual(hashToken(token), expected);
  deepStrictEqual(logHash(token), logHash(token));
  strictEqual(logHash(token).length, 12);
  ok(!hashToken(token).startsWith(logHash(token)));
  ok(UUID.test(generateRef()));
  ok(generateRef() !== generateRef());
});
