import { assert, assertEquals, assertFalse } from "./_asserts.ts";
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
    assertEquals(token.length, TOKEN_LENGTH);
    assert(isWellFormedToken(token), token);
    seen.add(token);
  }
  assertEquals(seen.size, 500);
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
    assertFalse(isWellFormedToken(bad), String(bad));
  }
});

Deno.test("hashToken is SHA-256 in base64url; logHash is short, salted, stable in-process", async () => {
  const token = generateToken();
  const expected = btoa(String.fromCharCode(
    ...new Uint8Array(
      await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
    ),
  )).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  assertEquals(hashToken(token), expected);
  assertEquals(logHash(token), logHash(token));
  assertEquals(logHash(token).length, 12);
  assert(!hashToken(token).startsWith(logHash(token)));
  assert(UUID.test(generateRef()));
  assert(generateRef() !== generateRef());
});
